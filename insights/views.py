"""API views that combine records and alerts: a patient's trends and summary, and the patient
list in order of need."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import IsCarer
from accounts.selectors import patients_visible_to
from accounts.serializers import PatientSerializer
from accounts.views import PatientListCreateView
from audit.services import audit_event_record
from core.schema import AnyOfSerializer

from .program_cohort import program_cohort_rows
from .risk_list import patient_risk_rows, patients_by_risk
from .serializers import (
    MAX_TREND_RANGE,
    PatientRiskRowSerializer,
    PatientSummarySerializer,
    ProgramCohortRowSerializer,
    TrendQuerySerializer,
)
from .summary import patient_summary
from .trends import patient_trends

DEFAULT_TREND_DAYS = 90


class PatientListView(PatientListCreateView):
    """List the patients you may see (``?ordering=risk``: most in need first); clinicians enrol
    new ones here."""

    @extend_schema(parameters=[OpenApiParameter(
        "ordering", str, enum=["risk"],
        description="risk: open alerts by severity, then a decline, then silence; each row "
                    "then carries `risk` and a 30-day pain-free `sparkline`.")],
        responses=AnyOfSerializer(component_name="PatientOrRiskRow",
                                  serializers=[PatientRiskRowSerializer, PatientSerializer]))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def list(self, request, *args, **kwargs):
        ordering = request.query_params.get("ordering")
        if ordering not in (None, "", "risk"):
            raise ValidationError({"ordering": ["Must be 'risk' or left out."]})
        if ordering != "risk":
            return super().list(request, *args, **kwargs)
        page = self.paginate_queryset(patients_by_risk(patients=self.get_queryset()))
        rows = patient_risk_rows(patients=page)
        audit_event_record(actor=request.user, patient_ids=[p.pk for p in page],
                           action="patient.list")
        return self.get_paginated_response(rows)


class PatientSummaryView(generics.GenericAPIView):
    """What a clinician reads before a visit: latest measurements and scores, posture tests, red
    flags of the last 90 days, and walk counts."""

    serializer_class = PatientSummarySerializer

    def get(self, request, pk):
        patient = get_object_or_404(
            patients_visible_to(user=request.user).select_related("patient_profile"), pk=pk
        )
        audit_event_record(actor=request.user, patient_ids=[patient.pk], action="patient.summary")
        return Response(PatientSummarySerializer(patient_summary(patient=patient)).data)


class PatientTrendsView(generics.GenericAPIView):
    """Pain-free and maximal walking distance (censoring-aware medians), walk counts, total
    distance and mean pain by local day, week or month, with the baseline band, the change against
    it and against the start of an exercise program, and annotations."""

    serializer_class = TrendQuerySerializer

    @extend_schema(
        parameters=[
            OpenApiParameter("from", OpenApiTypes.DATE, description="First local day."),
            OpenApiParameter("to", OpenApiTypes.DATE, description="Last local day; default today."),
            OpenApiParameter("bucket", str, enum=["day", "week", "month"]),
        ],
        responses={200: OpenApiResponse(
            response=OpenApiTypes.OBJECT,
            description="Buckets, baseline, program reference and `annotations`, each with a "
                        "`date` (local day), `kind` and `label`. Kinds: `alert`, `measurement` "
                        "(ABI, Rutherford), `questionnaire`, `procedure`, `program_start`, "
                        "`program_end`, and `program_pause` (a planned pause overlapping the "
                        "window: `starts_on`, `ends_on`, `reason`, `program_id`; dated by its "
                        "first day, which may be before `from`).")},
    )
    def get(self, request, pk):
        patient = get_object_or_404(
            patients_visible_to(user=request.user).select_related("patient_profile"), pk=pk
        )
        query = TrendQuerySerializer(data=request.query_params)
        query.is_valid(raise_exception=True)
        today = patient.patient_profile.local_today()
        end = query.validated_data.get("to") or today
        start = query.validated_data.get("from") or end - timedelta(days=DEFAULT_TREND_DAYS - 1)
        # Checked again once the defaults are in: 'from' alone may be far back.
        if start > end or end - start > MAX_TREND_RANGE:
            return Response(
                {"from": [f"Must not be after 'to', nor more than {MAX_TREND_RANGE.days} days "
                          "before it."]}, status=status.HTTP_400_BAD_REQUEST)
        audit_event_record(actor=request.user, patient_ids=[patient.pk], action="patient.trends")
        return Response(patient_trends(
            patient=patient, start=start, end=end, bucket=query.validated_data["bucket"],
            include_internal_alerts=request.user.role != Role.PATIENT,
        ))



class ProgramCohortView(APIView):
    """The cohort table: every running exercise program of your care teams, with weeks done,
    adherence (whole and last 2 weeks), last session, sessions missed in a row and the change in
    pain-free distance since the program's start; most in need of a call first (most missed in a
    row, then the lowest recent adherence)."""

    permission_classes = [IsCarer]

    @extend_schema(responses={200: ProgramCohortRowSerializer(many=True),
                              403: OpenApiResponse(description="Patients and staff have none.")})
    def get(self, request):
        rows = program_cohort_rows(user=request.user)
        audit_event_record(actor=request.user, patient_ids=[row["patient"]["id"] for row in rows],
                           action="program.cohort")
        return Response(rows)
