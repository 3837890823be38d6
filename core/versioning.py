"""Corrections and deletions of any versioned record, keeping every earlier version.

One mechanism for every kind (walks, symptom reports, clinic records, exercise programs): the
previous content goes to ``RecordRevision``, the version goes up, a deletion is soft (the id stays
taken, so a late resend from a phone does not bring the record back), and the alert layer hears
of the change through ``core.signals.patient_records_changed`` in the same transaction.

We keep our own snapshot table rather than django-simple-history because synced records are
created with bulk inserts (COPY), and only changes, not creations, need a snapshot.
"""

from collections.abc import Mapping
from datetime import date, time
from decimal import Decimal
from typing import Any, TypeVar

from django.db import models, transaction
from django.utils import timezone

from .models import RecordRevision, VersionedRecord
from .signals import patient_records_changed
from .sync import canonical_value

Record = TypeVar("Record", bound=VersionedRecord)


def _snapshot_value(value: Any) -> Any:
    """A stored value as plain JSON, comparable across time zones and list orders."""
    value = canonical_value(value)
    if isinstance(value, (date, time)):  # datetimes are already ISO text
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return value


def record_snapshot(record: VersionedRecord) -> dict[str, Any]:
    """The record's content and deletion time as plain JSON."""
    snapshot = {field: _snapshot_value(getattr(record, field)) for field in record.content_fields}
    snapshot["deleted_at"] = _snapshot_value(record.deleted_at)
    return snapshot


def revision_keep(
    *, record: VersionedRecord, changed_by: models.Model, action: str
) -> RecordRevision:
    """Store ``record`` as it is now, before it is changed or deleted."""
    return RecordRevision.objects.create(
        record_type=record.record_type,
        record_id=record.pk,
        patient_id=record.patient_id,
        version=record.version,
        snapshot=record_snapshot(record),
        action=action,
        changed_by=changed_by,
    )


def _changed(record: Record, action: str) -> None:
    _announce(type(record), record.patient_id, action)


def _announce(model: type[VersionedRecord], patient_id, action: str) -> None:
    patient_records_changed.send(sender=model, patient_id=patient_id,
                                 record_type=model.record_type, action=action)


def record_created(*, record: VersionedRecord) -> None:
    """Tell the layers above that ``record`` was stored; call inside its transaction."""
    _changed(record, "created")


def records_created(*, model: type[VersionedRecord], patient_id) -> None:
    """Tell the layers above that records of ``model`` were stored for the patient (a synced
    batch); call inside their transaction."""
    _announce(model, patient_id, "created")


@transaction.atomic
def record_update(
    *, record: Record, changed_by: models.Model, data: Mapping[str, Any]
) -> tuple[Record, bool]:
    """Correct a record with validated content, keeping the previous version.

    Only content fields present in ``data`` and different from the stored value change; derived
    values are then recomputed (``derive``). Returns ``(record, changed)``.
    """
    record = type(record).objects.select_for_update().get(pk=record.pk)
    changes = {
        field: data[field]
        for field in record.content_fields
        if field in data and canonical_value(data[field]) != canonical_value(getattr(record, field))
    }
    if not changes:
        return record, False
    revision_keep(record=record, changed_by=changed_by, action=RecordRevision.Action.UPDATE)
    for field, value in changes.items():
        setattr(record, field, value)
    record.derive()
    record.version += 1
    record.updated_at = timezone.now()
    record.save()
    _changed(record, "updated")
    return record, True


@transaction.atomic
def record_delete(*, record: VersionedRecord, changed_by: models.Model) -> bool:
    """Delete a record from view, keeping its last version; returns False if already deleted."""
    record = type(record).objects.select_for_update().get(pk=record.pk)
    if record.deleted_at is not None:
        return False
    revision_keep(record=record, changed_by=changed_by, action=RecordRevision.Action.DELETE)
    record.deleted_at = timezone.now()
    record.version += 1
    record.updated_at = record.deleted_at
    record.save(update_fields=["deleted_at", "version", "updated_at"])
    _changed(record, "deleted")
    return True

