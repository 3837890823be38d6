"""API views of symptom reports: sync from the phone with red-flag instructions, list, correct."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS, IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsPatient
from accounts.services import access_log_record

from .fields import AwareDateTimeField
from .filters import SymptomFilter
from .models import RecordRevision, RedFlag, SymptomKind
from .models.symptoms import SYMPTOM_CONTENT_FIELDS
from .pagination import SymptomCursorPagination
from .red_flags import symptom_triage
from .selectors import record_revisions, symptom_reports_visible_to
from .serializers import RecordRevisionSerializer
from .symptom_serializers import (
    SymptomInputSerializer,
    SymptomReportSerializer,
    SymptomSyncResponseSerializer,
)
from .symptom_services import (
    red_flags_of_rejected_reports_raise,
    symptom_delete,
    symptom_update,
    symptoms_sync,
)
from .sync import INVALID, record_content
from .sync_api import batch_field, sync_results


class SymptomSyncRequestSerializer(serializers.Serializer):
    symptoms = batch_field(SymptomInputSerializer, "Up to 1,000 reports, each validated on its own.")


def _triage_fields(raw_item, validated) -> dict:
    """The instruction the phone must show, from the validated report or, for an invalid report,
    from whatever known red flags it carried."""
    if validated is not None:
        kind, flags = validated["kind"], validated["red_flags"]
    else:
        raw = raw_item if isinstance(raw_item, dict) else {}
        kind = raw.get("kind") if isinstance(raw.get("kind"), str) else None
        flags = raw.get("red_flags") if isinstance(raw.get("red_flags"), list) else []
        flags = [flag for flag in flags if isinstance(flag, str)]
    triage = symptom_triage(kind=kind, red_flags=flags)
    if triage is None:
        return {"severity": None, "same_day": False, "instruction": None}
    return {"severity": triage.severity, "same_day": triage.same_day,
            "instruction": triage.instruction}


def _rejected_red_flag_report(item, result) -> dict:
    """The usable part of a refused report that carried a red flag, for the care team's alert."""
    raw = item if isinstance(item, dict) else {}
    flags = raw.get("red_flags") if isinstance(raw.get("red_flags"), list) else []
    kind = raw.get("kind")
    try:
        occurred_at = AwareDateTimeField().run_validation(raw.get("occurred_at"))
    except serializers.ValidationError:
        occurred_at = None
    return {
        "id": result["id"] or "(no valid id)",
        "kind": kind if kind in SymptomKind.values else SymptomKind.NOTE,
        "red_flags": [flag for flag in flags if flag in RedFlag.values],
        "occurred_at": occurred_at,
        "rejected": True,
    }


class SymptomSyncView(APIView):
    """Store up to 1,000 symptom reports. A report with a red flag answers, in its own result, the
    instruction the phone must show at once."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(request=SymptomSyncRequestSerializer, responses={200: SymptomSyncResponseSerializer})
    def post(self, request):
        envelope = SymptomSyncRequestSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        results = sync_results(
            items=envelope.validated_data["symptoms"],
            validator=SymptomInputSerializer(),
            store=lambda reports: symptoms_sync(patient=request.user, reports=reports),
            annotate=_triage_fields,
        )
        rejected = [
            _rejected_red_flag_report(item, result)
            for item, result in zip(envelope.validated_data["symptoms"], results)
            if result["status"] == INVALID and result["severity"] is not None
        ]
        if rejected:
            red_flags_of_rejected_reports_raise(patient=request.user, reports=rejected)
        return Response({"results": results})


class SymptomListView(generics.ListAPIView):
    """Symptom reports you may see, newest first."""

    serializer_class = SymptomReportSerializer
    filterset_class = SymptomFilter
    pagination_class = SymptomCursorPagination

    def get_queryset(self):
        return symptom_reports_visible_to(user=self.request.user)

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        access_log_record(actor=request.user, patient_ids=[r.patient_id for r in page],
                          action="symptom.list")
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class SymptomDetailView(generics.RetrieveUpdateDestroyAPIView):
    """One report. Its patient may correct or delete it; earlier versions are kept."""

    serializer_class = SymptomReportSerializer

    def get_queryset(self):
        return symptom_reports_visible_to(user=self.request.user)

    def get_object(self):
        report = super().get_object()
        if self.request.method not in SAFE_METHODS and report.patient_id != self.request.user.pk:
            raise PermissionDenied("Only the patient can correct or delete their reports.")
        return report

    def retrieve(self, request, *args, **kwargs):
        report = self.get_object()
        access_log_record(actor=request.user, patient_ids=[report.patient_id], action="symptom.read")
        return Response(SymptomReportSerializer(report).data)

    @extend_schema(request=SymptomInputSerializer, responses={200: SymptomReportSerializer})
    def update(self, request, *args, **kwargs):
        report = self.get_object()
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        body = dict(request.data)
        if "id" in body and str(body["id"]) != str(report.pk):
            raise ValidationError({"id": ["Must match the report in the URL; an id cannot change."]})
        stored = record_content(report, SYMPTOM_CONTENT_FIELDS)
        merged = {**stored, **body} if kwargs.get("partial") else body
        merged["id"] = str(report.pk)
        serializer = SymptomInputSerializer(data=merged)
        serializer.is_valid(raise_exception=True)
        report = symptom_update(report=report, changed_by=request.user, data=serializer.validated_data)
        return Response(SymptomReportSerializer(report).data)

    def destroy(self, request, *args, **kwargs):
        symptom_delete(report=self.get_object(), changed_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


class SymptomRevisionListView(generics.ListAPIView):
    """Earlier versions of a symptom report, oldest first."""

    serializer_class = RecordRevisionSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no report
            return RecordRevision.objects.none()
        report = generics.get_object_or_404(
            symptom_reports_visible_to(user=self.request.user), pk=self.kwargs["pk"]
        )
        access_log_record(actor=self.request.user, patient_ids=[report.patient_id],
                          action="symptom.revisions")
        return record_revisions(record_type="symptom", record_id=report.pk)
