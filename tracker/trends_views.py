"""The trends of one patient, and the exercise programs the care team sets for them."""

from datetime import timedelta

from django.shortcuts import get_object_or_404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, status
from rest_framework.response import Response

from accounts.models import Role
from accounts.selectors import patients_visible_to
from accounts.services import access_log_record

from .clinic_views import ClinicRecordDetailView, ClinicRecordListCreateView
from .models import ExerciseProgram
from .program_services import (
    exercise_program_create,
    exercise_program_delete,
    exercise_program_update,
)
from .trends import patient_trends
from .trends_serializers import (
    MAX_TREND_RANGE,
    ExerciseProgramSerializer,
    TrendQuerySerializer,
)

DEFAULT_TREND_DAYS = 90


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
        responses={200: OpenApiTypes.OBJECT},
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
        access_log_record(actor=request.user, patient_ids=[patient.pk], action="patient.trends")
        return Response(patient_trends(
            patient=patient, start=start, end=end, bucket=query.validated_data["bucket"],
            include_internal_alerts=request.user.role != Role.PATIENT,
        ))


class _ProgramViewMixin:
    model = ExerciseProgram
    serializer_class = ExerciseProgramSerializer
    writer_roles = (Role.CLINICIAN, Role.COORDINATOR)


class ExerciseProgramListView(_ProgramViewMixin, ClinicRecordListCreateView):
    """Exercise programs of a patient; clinicians and coordinators start them."""

    def create(self, request, *args, **kwargs):
        self.check_writer()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        program = exercise_program_create(patient=self.get_patient(), entered_by=request.user,
                                          data=serializer.validated_data)
        return Response(self.get_serializer(program).data, status=status.HTTP_201_CREATED)


class ExerciseProgramDetailView(_ProgramViewMixin, ClinicRecordDetailView):
    """One exercise program: correct or end it (PATCH ``ended_on``); corrections keep the old
    version."""

    def update(self, request, *args, **kwargs):
        program = self.get_object()
        serializer = self.get_serializer(program, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        program = exercise_program_update(program=program, changed_by=request.user,
                                          data=serializer.validated_data)
        return Response(self.get_serializer(program).data)

    def destroy(self, request, *args, **kwargs):
        exercise_program_delete(program=self.get_object(), changed_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)
