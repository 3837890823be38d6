"""Writes of clinic-entered records. Derived values are computed by each model's ``derive`` and
stored beside what the clinician entered; corrections and deletions go through
``core.versioning`` and keep the previous version."""

import statistics
from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import PatientProfile, User
from core.models import ClinicRecord
from core.versioning import record_created, record_delete, record_update

from .models import DistanceCalibration

# How many recent calibration walks set a patient's factor: the median resists one odd walk.
CALIBRATIONS_USED = 3


def _calibration_factor_refresh(patient_id) -> None:
    """Set the patient's factor to the median of their latest calibration walks (1.0 if none)."""
    latest = DistanceCalibration.objects.filter(
        patient_id=patient_id, deleted_at__isnull=True
    ).order_by("-recorded_at")[:CALIBRATIONS_USED]
    factors = [calibration.factor for calibration in latest]
    factor = statistics.median(factors) if factors else 1.0
    PatientProfile.objects.filter(user_id=patient_id).update(distance_calibration_factor=factor)


def _after_change(record: ClinicRecord) -> None:
    if isinstance(record, DistanceCalibration):
        _calibration_factor_refresh(record.patient_id)


@transaction.atomic
def clinic_record_create(
    *, model: type[ClinicRecord], patient: User, entered_by: User, data: Mapping[str, Any]
) -> ClinicRecord:
    """Store a clinic record for ``patient`` with its derived values."""
    values = {field: data[field] for field in model.content_fields if field in data}
    record = model(patient=patient, entered_by=entered_by, **values)
    record.derive()
    record.save()
    _after_change(record)
    record_created(record=record)
    return record


@transaction.atomic
def clinic_record_update(
    *, record: ClinicRecord, changed_by: User, data: Mapping[str, Any]
) -> ClinicRecord:
    """Correct a clinic record, keeping the previous version and re-deriving its values."""
    record, changed = record_update(record=record, changed_by=changed_by, data=data)
    if changed:
        _after_change(record)
    return record


@transaction.atomic
def clinic_record_delete(*, record: ClinicRecord, changed_by: User) -> None:
    """Delete a clinic record from view, keeping its last version."""
    if record_delete(record=record, changed_by=changed_by):
        _after_change(record)
