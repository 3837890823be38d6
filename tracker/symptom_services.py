"""Writes to the symptom record: idempotent sync, corrections and deletions with kept versions."""

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import RecordRevision, SymptomReport
from .models.symptoms import SYMPTOM_CONTENT_FIELDS
from .revisions import revision_keep
from .sync import SyncSpec, canonical_value, records_sync

logger = logging.getLogger(__name__)

SYMPTOM_SYNC = SyncSpec(model=SymptomReport, content_fields=SYMPTOM_CONTENT_FIELDS, lock_key=2)


def _after_symptoms_stored(patient_id: uuid.UUID) -> None:
    from notifications.services import patient_data_changed

    patient_data_changed(patient_id=patient_id)


@transaction.atomic
def symptoms_sync(*, patient: User, reports: list[Mapping[str, Any]]) -> list[str]:
    """Store validated symptom reports for ``patient``; one status per report, in order."""
    statuses, created_ids = records_sync(spec=SYMPTOM_SYNC, patient_id=patient.pk, items=reports)
    if created_ids:
        # Red flags become alerts in this same transaction: no broker stands between a stored
        # red flag and the care team's inbox.
        from notifications.services import red_flag_alerts_raise

        first_of_id = {report["id"]: report for report in reversed(reports)}
        red_flag_alerts_raise(
            patient_id=patient.pk, reports=[first_of_id[report_id] for report_id in created_ids]
        )
        _after_symptoms_stored(patient.pk)
    return statuses


@transaction.atomic
def symptom_update(*, report: SymptomReport, changed_by: User, data: Mapping[str, Any]) -> SymptomReport:
    """Correct a symptom report with validated content, keeping the previous version."""
    report = SymptomReport.objects.select_for_update().get(pk=report.pk)
    changes = {
        field: data[field]
        for field in SYMPTOM_CONTENT_FIELDS
        if field in data and canonical_value(data[field]) != canonical_value(getattr(report, field))
    }
    if not changes:
        return report
    revision_keep(record=report, record_type="symptom", fields=SYMPTOM_CONTENT_FIELDS,
                  changed_by=changed_by, action=RecordRevision.Action.UPDATE)
    for field, value in changes.items():
        setattr(report, field, value)
    report.version += 1
    report.updated_at = timezone.now()
    report.save()
    from notifications.services import red_flag_alerts_raise

    red_flag_alerts_raise(
        patient_id=report.patient_id,
        reports=[{"id": report.pk, **{f: getattr(report, f) for f in SYMPTOM_CONTENT_FIELDS}}],
    )
    _after_symptoms_stored(report.patient_id)
    return report


@transaction.atomic
def symptom_delete(*, report: SymptomReport, changed_by: User) -> None:
    """Delete a report from the record, keeping its last version; the id stays taken."""
    report = SymptomReport.objects.select_for_update().get(pk=report.pk)
    if report.deleted_at is not None:
        return
    revision_keep(record=report, record_type="symptom", fields=SYMPTOM_CONTENT_FIELDS,
                  changed_by=changed_by, action=RecordRevision.Action.DELETE)
    report.deleted_at = timezone.now()
    report.version += 1
    report.updated_at = report.deleted_at
    report.save(update_fields=["deleted_at", "version", "updated_at"])


@transaction.atomic
def red_flags_of_rejected_reports_raise(*, patient: User, reports: list[Mapping[str, Any]]) -> None:
    """Alert the care team to red flags in reports that were refused for another field.

    The report is not stored (it is invalid), but its red flag must not go unnoticed; the
    alert's evidence names the refused report. A missing or invalid time counts as now.
    """
    from notifications.services import red_flag_alerts_raise

    now = timezone.now()
    red_flag_alerts_raise(
        patient_id=patient.pk,
        reports=[{**report, "occurred_at": report["occurred_at"] or now} for report in reports],
    )
    logger.warning("patient %s: red flag in %d refused symptom reports", patient.pk, len(reports))
