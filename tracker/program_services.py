"""Writes of exercise programs. Corrections and deletions keep the previous version, as for the
other clinic records."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import ExerciseProgram, RecordRevision

PROGRAM_FIELDS = ("started_on", "ended_on", "sessions_per_week", "minutes_per_session", "note")
RECORD_TYPE = "exercise_program"


def _snapshot_keep(*, program: ExerciseProgram, changed_by: User, action: str) -> None:
    """Store the program as it is now; dates as ISO text so the snapshot is plain JSON."""
    snapshot = {}
    for field in (*PROGRAM_FIELDS, "deleted_at"):
        value = getattr(program, field)
        snapshot[field] = value.isoformat() if hasattr(value, "isoformat") else value
    RecordRevision.objects.create(
        record_type=RECORD_TYPE, record_id=program.pk, patient_id=program.patient_id,
        version=program.version, snapshot=snapshot, action=action, changed_by=changed_by,
    )


@transaction.atomic
def exercise_program_create(
    *, patient: User, entered_by: User, data: Mapping[str, Any]
) -> ExerciseProgram:
    """Start an exercise program for ``patient``, set up by ``entered_by``."""
    values = {field: data[field] for field in PROGRAM_FIELDS if field in data}
    return ExerciseProgram.objects.create(patient=patient, entered_by=entered_by, **values)


@transaction.atomic
def exercise_program_update(
    *, program: ExerciseProgram, changed_by: User, data: Mapping[str, Any]
) -> ExerciseProgram:
    """Correct or end a program, keeping the previous version."""
    program = ExerciseProgram.objects.select_for_update().get(pk=program.pk)
    changes = {field: data[field] for field in PROGRAM_FIELDS
               if field in data and data[field] != getattr(program, field)}
    if not changes:
        return program
    _snapshot_keep(program=program, changed_by=changed_by, action=RecordRevision.Action.UPDATE)
    for field, value in changes.items():
        setattr(program, field, value)
    program.version += 1
    program.updated_at = timezone.now()
    program.save()
    return program


@transaction.atomic
def exercise_program_delete(*, program: ExerciseProgram, changed_by: User) -> None:
    """Delete a program from view, keeping its last version."""
    program = ExerciseProgram.objects.select_for_update().get(pk=program.pk)
    if program.deleted_at is not None:
        return
    _snapshot_keep(program=program, changed_by=changed_by, action=RecordRevision.Action.DELETE)
    program.deleted_at = timezone.now()
    program.version += 1
    program.updated_at = program.deleted_at
    program.save(update_fields=["deleted_at", "version", "updated_at"])
