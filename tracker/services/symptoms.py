"""Writes to the symptom record: idempotent sync, corrections and deletions with kept versions.

A red flag is handed to the alert layer (``tracker.signals.red_flags_reported``) inside the
transaction that stores the report, so it reaches the care team's inbox before the phone is told
the report was stored.
"""

import logging
import uuid
from collections.abc import Mapping
from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.sync import SyncSpec, records_sync
from core.versioning import record_delete, record_update, records_created

from ..models import SYMPTOM_CONTENT_FIELDS, SymptomReport
from ..signals import red_flags_reported

logger = logging.getLogger(__name__)

SYMPTOM_SYNC = SyncSpec(model=SymptomReport, lock_key=2)


def _red_flags_report(*, patient_id: uuid.UUID, reports: list[Mapping[str, Any]]) -> None:
    # Nobody listening would mean a red flag stored without an alert: refuse to store instead.
    if not red_flags_reported.has_listeners(SymptomReport):
        raise ImproperlyConfigured(
            "No receiver raises red-flag alerts (is notifications installed?)"
        )
    red_flags_reported.send(sender=SymptomReport, patient_id=patient_id, reports=reports)


@transaction.atomic
def symptoms_sync(*, patient: User, reports: list[Mapping[str, Any]]) -> list[str]:
    """Store validated symptom reports for ``patient``; one status per report, in order."""
    statuses, created_ids = records_sync(spec=SYMPTOM_SYNC, patient_id=patient.pk, items=reports)
    if created_ids:
        first_of_id = {report["id"]: report for report in reversed(reports)}
        _red_flags_report(patient_id=patient.pk,
                          reports=[first_of_id[report_id] for report_id in created_ids])
        records_created(model=SymptomReport, patient_id=patient.pk)
    return statuses


@transaction.atomic
def symptom_update(*, report: SymptomReport, changed_by: User,
                   data: Mapping[str, Any]) -> SymptomReport:
    """Correct a symptom report with validated content, keeping the previous version; a red flag
    the correction adds is alerted at once."""
    report, changed = record_update(record=report, changed_by=changed_by, data=data)
    if changed:
        _red_flags_report(
            patient_id=report.patient_id,
            reports=[{"id": report.pk, **{f: getattr(report, f) for f in SYMPTOM_CONTENT_FIELDS}}],
        )
    return report


def symptom_delete(*, report: SymptomReport, changed_by: User) -> None:
    """Delete a report from the record, keeping its last version; the id stays taken. The
    detectors run again without it."""
    record_delete(record=report, changed_by=changed_by)


@transaction.atomic
def red_flags_of_rejected_reports_raise(*, patient: User, reports: list[Mapping[str, Any]]) -> None:
    """Alert the care team to red flags in reports that were refused for another field.

    The report is not stored (it is invalid), but its red flag must not go unnoticed; the
    alert's evidence names the refused report. A missing or invalid time counts as now.
    """
    now = timezone.now()
    _red_flags_report(
        patient_id=patient.pk,
        reports=[{**report, "occurred_at": report["occurred_at"] or now} for report in reports],
    )
    logger.warning("patient %s: red flag in %d refused symptom reports", patient.pk, len(reports))
