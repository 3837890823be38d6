"""Writes of exercise programs. Corrections and deletions go through ``core.versioning`` and
keep the previous version, as for every other record."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from core.versioning import record_created

from .models import ExerciseProgram


@transaction.atomic
def exercise_program_create(
    *, patient: User, entered_by: User, data: Mapping[str, Any]
) -> ExerciseProgram:
    """Start an exercise program for ``patient``, set up by ``entered_by``."""
    values = {field: data[field] for field in ExerciseProgram.content_fields if field in data}
    program = ExerciseProgram.objects.create(patient=patient, entered_by=entered_by, **values)
    record_created(record=program)
    return program
