"""Writes of progress tests and the exercise library. Corrections and deletions of tests go
through ``core.versioning`` (the core detail view does it) and keep the previous version."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from core.versioning import record_created

from .exercise_library import EXERCISES
from .outcomes import Exercise, ProgressTest


@transaction.atomic
def progress_test_create(
    *, patient: User, entered_by: User, data: Mapping[str, Any]
) -> ProgressTest:
    """Store a 6-minute walk or treadmill test of ``patient``, recorded by ``entered_by``."""
    values = {field: data[field] for field in ProgressTest.content_fields if field in data}
    test = ProgressTest.objects.create(patient=patient, entered_by=entered_by, **values)
    record_created(record=test)
    return test


@transaction.atomic
def exercise_library_seed() -> int:
    """Create or refresh the library's starting exercises (matched by slug); returns how many.

    The data migration seeds the library on every database; this is for the demo and for tests
    run after a database flush."""
    for entry in EXERCISES:
        Exercise.objects.update_or_create(
            slug=entry["slug"], defaults={k: v for k, v in entry.items() if k != "slug"}
        )
    return len(EXERCISES)
