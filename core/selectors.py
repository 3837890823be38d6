"""Reads shared by every kind of versioned record."""

from django.db.models import QuerySet

from .models import RecordRevision, VersionedRecord


def record_revisions(*, record: VersionedRecord) -> QuerySet[RecordRevision]:
    """Previous versions of a record, oldest first."""
    return RecordRevision.objects.filter(
        record_type=record.record_type, record_id=record.pk).order_by("version")
