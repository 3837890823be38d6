"""Writes of progress tests. Corrections and deletions go through ``core.versioning`` (the core
detail view does it) and keep the previous version."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from core.versioning import record_created

from .outcomes import ProgressTest


@transaction.atomic
def progress_test_create(
    *, patient: User, entered_by: User, data: Mapping[str, Any]
) -> ProgressTest:
    """Store a 6-minute walk or treadmill test of ``patient``, recorded by ``entered_by``."""
    values = {field: data[field] for field in ProgressTest.content_fields if field in data}
    test = ProgressTest.objects.create(patient=patient, entered_by=entered_by, **values)
    record_created(record=test)
    return test
