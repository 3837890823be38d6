"""Writes to the walk log. Validation happens before; these functions store, version and dedupe."""

import uuid
from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import User

from .models import WALK_CONTENT_FIELDS, RecordRevision, Walk
from .revisions import revision_keep
from .sync import (
    CONFLICT,
    CREATED,
    DUPLICATE,
    INVALID,
    SyncSpec,
    canonical_value,
    record_content,
    records_sync,
)

__all__ = ["CONFLICT", "CREATED", "DUPLICATE", "INVALID"]

WALK_SYNC = SyncSpec(model=Walk, content_fields=WALK_CONTENT_FIELDS, lock_key=1)


class WalkConflict(Exception):
    """A walk with this id is already stored with other content (or for someone else)."""


def walk_content(source: Walk | Mapping[str, Any]) -> dict[str, Any]:
    """The comparable content of a walk, from a stored walk or from validated input."""
    return record_content(source, WALK_CONTENT_FIELDS)


def _after_walks_stored(patient_id: uuid.UUID) -> None:
    """Ask for the detectors to run; in the same transaction, so a broker outage loses nothing."""
    from notifications.services import patient_data_changed

    patient_data_changed(patient_id=patient_id)


@transaction.atomic
def walks_sync(*, patient: User, walks: list[Mapping[str, Any]]) -> list[str]:
    """Store a batch of validated walks for ``patient`` in a constant number of queries.

    Returns one status per walk, in order: ``created``; ``duplicate`` when the same id is already
    stored with the same content; ``conflict`` when it is stored with other content or for someone
    else (the stored walk is kept). An id repeated in the batch is judged against its first use.
    """
    statuses, created_ids = records_sync(spec=WALK_SYNC, patient_id=patient.pk, items=walks)
    if created_ids:
        _after_walks_stored(patient.pk)
    return statuses


def walk_create(*, patient: User, data: Mapping[str, Any]) -> tuple[Walk, bool]:
    """Store one validated walk. Returns ``(walk, created)``; a resend of it returns it unchanged.

    Raises ``WalkConflict`` when the id is already taken by other content.
    """
    (status,) = walks_sync(patient=patient, walks=[data])
    if status == CONFLICT:
        raise WalkConflict(str(data["id"]))
    return Walk.objects.get(pk=data["id"]), status == CREATED


@transaction.atomic
def walk_update(*, walk: Walk, changed_by: User, data: Mapping[str, Any]) -> Walk:
    """Correct a walk with validated content, keeping the previous version."""
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    changes = {
        field: data[field]
        for field in WALK_CONTENT_FIELDS
        if field in data and canonical_value(data[field]) != canonical_value(getattr(walk, field))
    }
    if not changes:
        return walk
    revision_keep(record=walk, record_type="walk", fields=WALK_CONTENT_FIELDS,
                  changed_by=changed_by, action=RecordRevision.Action.UPDATE)
    for field, value in changes.items():
        setattr(walk, field, value)
    walk.version += 1
    walk.updated_at = timezone.now()
    walk.save()
    _after_walks_stored(walk.patient_id)
    return walk


@transaction.atomic
def walk_delete(*, walk: Walk, changed_by: User) -> None:
    """Delete a walk from the log, keeping its last version. The id stays taken, so a late resend
    of the same walk does not bring it back."""
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    if walk.deleted_at is not None:
        return
    revision_keep(record=walk, record_type="walk", fields=WALK_CONTENT_FIELDS,
                  changed_by=changed_by, action=RecordRevision.Action.DELETE)
    walk.deleted_at = timezone.now()
    walk.version += 1
    walk.updated_at = walk.deleted_at
    walk.save(update_fields=["deleted_at", "version", "updated_at"])
    _after_walks_stored(walk.patient_id)
