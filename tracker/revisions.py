"""Keeping earlier versions: every change by a patient or clinician leaves the old one behind.

We keep our own snapshot table rather than django-simple-history because synced records are
created with bulk inserts, and only changes (not creations) need a snapshot.
"""

from collections.abc import Sequence

from django.db import models

from accounts.models import User

from .models import RecordRevision
from .sync import canonical_value, record_content


def revision_keep(
    *, record: models.Model, record_type: str, fields: Sequence[str], changed_by: User, action: str
) -> RecordRevision:
    """Store ``record`` as it is now, before it is changed or deleted."""
    snapshot = record_content(record, fields)
    snapshot["deleted_at"] = canonical_value(getattr(record, "deleted_at", None))
    return RecordRevision.objects.create(
        record_type=record_type,
        record_id=record.pk,
        patient_id=record.patient_id,
        version=record.version,
        snapshot=snapshot,
        action=action,
        changed_by=changed_by,
    )
