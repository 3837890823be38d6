"""Writes of clinic-entered records. Derived values come from ``tracker.scoring`` and are stored
beside what the clinician entered; corrections and deletions keep the previous version."""

import statistics
from collections.abc import Mapping
from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone

from accounts.models import PatientProfile, User

from .models import (
    AbiMeasurement,
    DistanceCalibration,
    PostureTest,
    RecordRevision,
    RutherfordAssessment,
)
from .revisions import revision_keep
from .scoring import abi as abi_scoring

# How many recent calibration walks set a patient's factor: the median resists one odd walk.
CALIBRATIONS_USED = 3

ENTERED_FIELDS = {
    AbiMeasurement: (
        "measured_at", "leg", "brachial_left_mmhg", "brachial_right_mmhg", "dorsalis_pedis_mmhg",
        "posterior_tibial_mmhg", "toe_pressure_mmhg", "post_exercise_abi",
        "post_exercise_ankle_mmhg", "abi_recovery_min", "note",
    ),
    RutherfordAssessment: ("assessed_at", "category", "note"),
    DistanceCalibration: ("recorded_at", "kind", "measured_distance_m", "phone_distance_m", "note"),
    PostureTest: ("performed_at", "kind", "measure", "upright_value", "forward_value",
                  "forward_censored", "note"),
}
RECORD_TYPES = {
    AbiMeasurement: "abi", RutherfordAssessment: "rutherford",
    DistanceCalibration: "calibration", PostureTest: "posture_test",
}


def _scoring_error(exc: ValueError) -> ValidationError:
    """Scoring raises 'field: rule'; answer it as a field error."""
    field, _, rule = str(exc).partition(": ")
    return ValidationError({field.split()[0] if rule else "non_field_errors": [rule or str(exc)]})


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def _derive_abi(record: AbiMeasurement) -> None:
    """Fill the ABI, TBI, category and exercise interpretation from the entered pressures."""
    try:
        leg = abi_scoring.resting_abi_for_leg(
            dorsalis_pedis_mmhg=record.dorsalis_pedis_mmhg,
            posterior_tibial_mmhg=record.posterior_tibial_mmhg,
            left_brachial_mmhg=record.brachial_left_mmhg,
            right_brachial_mmhg=record.brachial_right_mmhg,
        )
        tbi = None
        if record.toe_pressure_mmhg is not None:
            tbi = abi_scoring.toe_brachial_index(
                record.toe_pressure_mmhg,
                left_brachial_mmhg=record.brachial_left_mmhg,
                right_brachial_mmhg=record.brachial_right_mmhg,
            )
        classification = abi_scoring.classify_abi(
            leg.abi, ankle_pressure_mmhg=leg.ankle_pressure_mmhg, toe_brachial_index=tbi
        )
        exercise = None
        if record.post_exercise_abi is not None:
            exercise = abi_scoring.interpret_exercise_abi(
                resting_abi=leg.abi,
                post_exercise_abi=record.post_exercise_abi,
                resting_ankle_pressure_mmhg=leg.ankle_pressure_mmhg,
                post_exercise_ankle_pressure_mmhg=record.post_exercise_ankle_mmhg,
                recovery_minutes=record.abi_recovery_min,
            )
    except ValueError as exc:
        raise _scoring_error(exc) from exc
    record.ankle_pressure_mmhg = int(leg.ankle_pressure_mmhg)
    record.resting_abi = float(leg.abi)
    record.toe_brachial_index = _plain(tbi)
    record.category = str(classification.category)
    record.interpretation = {
        "resting": classification.interpretation,
        "ankle_artery_used": leg.ankle_artery,
        "brachial_pressure_mmhg": _plain(leg.brachial_pressure_mmhg),
        "toe_brachial_index_abnormal": classification.toe_brachial_index_abnormal,
        "exercise": None if exercise is None else {
            key: _plain(value) for key, value in asdict(exercise).items()
        },
    }


def _derive_posture(record: PostureTest) -> None:
    try:
        effect = abi_scoring.posture_effect_percent(
            record.upright_value, record.forward_value,
            forward_leaning_censored=record.forward_censored,
        )
    except ValueError as exc:
        raise _scoring_error(exc) from exc
    record.effect_pct = _plain(effect.percent)


def _derive_rutherford(record: RutherfordAssessment) -> None:
    try:
        abi_scoring.fontaine_stage(record.category)
    except ValueError as exc:
        raise _scoring_error(exc) from exc


DERIVE = {
    AbiMeasurement: _derive_abi,
    PostureTest: _derive_posture,
    RutherfordAssessment: _derive_rutherford,
}


def _calibration_factor_refresh(patient_id) -> None:
    """Set the patient's factor to the median of their latest calibration walks (1.0 if none)."""
    latest = DistanceCalibration.objects.filter(
        patient_id=patient_id, deleted_at__isnull=True
    ).order_by("-recorded_at")[:CALIBRATIONS_USED]
    factors = [calibration.factor for calibration in latest]
    factor = statistics.median(factors) if factors else 1.0
    PatientProfile.objects.filter(user_id=patient_id).update(distance_calibration_factor=factor)


def _after_change(record: models.Model) -> None:
    from notifications.services import patient_data_changed

    if isinstance(record, DistanceCalibration):
        _calibration_factor_refresh(record.patient_id)
    patient_data_changed(patient_id=record.patient_id)


@transaction.atomic
def clinic_record_create(
    *, model: type[models.Model], patient: User, entered_by: User, data: Mapping[str, Any]
) -> models.Model:
    """Store a clinic record for ``patient`` with its derived values."""
    values = {field: data[field] for field in ENTERED_FIELDS[model] if field in data}
    record = model(patient=patient, entered_by=entered_by, **values)
    if model in DERIVE:
        DERIVE[model](record)
    record.save()
    _after_change(record)
    return record


@transaction.atomic
def clinic_record_update(
    *, record: models.Model, changed_by: User, data: Mapping[str, Any]
) -> models.Model:
    """Correct a clinic record, keeping the previous version and re-deriving its values."""
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    changes = {
        field: data[field] for field in ENTERED_FIELDS[model]
        if field in data and data[field] != getattr(record, field)
    }
    if not changes:
        return record
    revision_keep(record=record, record_type=RECORD_TYPES[model], fields=ENTERED_FIELDS[model],
                  changed_by=changed_by, action=RecordRevision.Action.UPDATE)
    for field, value in changes.items():
        setattr(record, field, value)
    if model in DERIVE:
        DERIVE[model](record)
    record.version += 1
    record.updated_at = timezone.now()
    record.save()
    _after_change(record)
    return record


@transaction.atomic
def clinic_record_delete(*, record: models.Model, changed_by: User) -> None:
    """Delete a clinic record from view, keeping its last version."""
    model = type(record)
    record = model.objects.select_for_update().get(pk=record.pk)
    if record.deleted_at is not None:
        return
    revision_keep(record=record, record_type=RECORD_TYPES[model], fields=ENTERED_FIELDS[model],
                  changed_by=changed_by, action=RecordRevision.Action.DELETE)
    record.deleted_at = timezone.now()
    record.version += 1
    record.updated_at = record.deleted_at
    record.save(update_fields=["deleted_at", "version", "updated_at"])
    _after_change(record)
