"""API views of symptom reports: sync from the phone with red-flag instructions, list, correct."""

from drf_spectacular.utils import extend_schema
from rest_framework import generics, serializers
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsPatient
from core.fields import AwareDateTimeField
from core.pagination import newest_first
from core.sync import INVALID
from core.sync_api import batch_field, sync_results
from core.views import AccessLoggedListMixin, OwnRecordDetailView, RevisionListView

from ..choices import PainLocation
from ..filters import SymptomFilter
from ..models import RedFlag, SymptomKind
from ..red_flags import symptom_triage
from ..selectors import symptom_reports_visible_to
from ..serializers.symptoms import (
    SymptomInputSerializer,
    SymptomReportSerializer,
    SymptomSyncResponseSerializer,
)
from ..services.symptoms import (
    red_flags_of_rejected_reports_raise,
    symptom_delete,
    symptom_update,
    symptoms_sync,
)


class SymptomSyncRequestSerializer(serializers.Serializer):
    symptoms = batch_field(
        SymptomInputSerializer, "Up to 1,000 reports, each validated on its own."
    )


def _known(values, choices) -> list[str]:
    """The known choices among what an invalid report sent in a list field."""
    if not isinstance(values, list):
        return []
    return [value for value in values if value in choices.values]


def _triage_fields(raw_item, validated) -> dict:
    """The instruction the phone must show, from the validated report or, for an invalid report,
    from whatever known red flags it carried."""
    if validated is not None:
        kind, flags, places = validated["kind"], validated["red_flags"], validated["locations"]
    else:
        raw = raw_item if isinstance(raw_item, dict) else {}
        kind = raw.get("kind") if isinstance(raw.get("kind"), str) else None
        flags, places = _known(raw.get("red_flags"), RedFlag), _known(raw.get("locations"),
                                                                      PainLocation)
    triage = symptom_triage(kind=kind, red_flags=flags, locations=places)
    if triage is None:
        return {"severity": None, "same_day": False, "instruction": None}
    return {"severity": triage.severity, "same_day": triage.same_day,
            "instruction": triage.instruction}


def _rejected_red_flag_report(item, result) -> dict:
    """The usable part of a refused report that carried a red flag, for the care team's alert."""
    raw = item if isinstance(item, dict) else {}
    kind = raw.get("kind")
    try:
        occurred_at = AwareDateTimeField().run_validation(raw.get("occurred_at"))
    except serializers.ValidationError:
        occurred_at = None
    return {
        "id": result["id"] or "(no valid id)",
        "kind": kind if kind in SymptomKind.values else SymptomKind.NOTE,
        "red_flags": _known(raw.get("red_flags"), RedFlag),
        "locations": _known(raw.get("locations"), PainLocation),
        "occurred_at": occurred_at,
        "rejected": True,
    }


class SymptomSyncView(APIView):
    """Store up to 1,000 symptom reports. A report with a red flag answers, in its own result, the
    instruction the phone must show at once."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(
        request=SymptomSyncRequestSerializer, responses={200: SymptomSyncResponseSerializer}
    )
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
            for item, result in zip(envelope.validated_data["symptoms"], results, strict=True)
            if result["status"] == INVALID and result["severity"] is not None
        ]
        if rejected:
            red_flags_of_rejected_reports_raise(patient=request.user, reports=rejected)
        return Response({"results": results})


class SymptomListView(AccessLoggedListMixin, generics.ListAPIView):
    """Symptom reports you may see, newest first."""

    list_action = "symptom.list"
    serializer_class = SymptomReportSerializer
    filterset_class = SymptomFilter
    pagination_class = newest_first("occurred_at")

    def get_queryset(self):
        return symptom_reports_visible_to(user=self.request.user)



class SymptomDetailView(OwnRecordDetailView):
    """One report. Its patient may correct or delete it; earlier versions are kept. A red flag a
    correction adds raises its alert at once, and a deletion runs the detectors again."""

    serializer_class = SymptomReportSerializer
    input_serializer_class = SymptomInputSerializer
    owner_only_message = "Only the patient can correct or delete their reports."
    read_action = "symptom.read"

    def get_queryset(self):
        return symptom_reports_visible_to(user=self.request.user)

    def record_save(self, *, record, changed_by, data):
        return symptom_update(report=record, changed_by=changed_by, data=data)

    def record_remove(self, *, record, changed_by) -> None:
        symptom_delete(report=record, changed_by=changed_by)

    @extend_schema(request=SymptomInputSerializer, responses={200: SymptomReportSerializer})
    def put(self, request, *args, **kwargs):
        return super().put(request, *args, **kwargs)

    @extend_schema(request=SymptomInputSerializer, responses={200: SymptomReportSerializer})
    def patch(self, request, *args, **kwargs):
        return super().patch(request, *args, **kwargs)


class SymptomRevisionListView(RevisionListView):
    """Earlier versions of a symptom report, oldest first."""

    read_action = "symptom.revisions"

    def visible_records(self):
        return symptom_reports_visible_to(user=self.request.user)
