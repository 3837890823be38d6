"""Writes to the walk log. Validation happens before; these functions store, version and dedupe."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction

from accounts.models import User
from core.sync import CONFLICT, CREATED, SyncSpec, record_content, records_sync
from core.versioning import record_delete, record_update, records_created

from ..models import WALK_CONTENT_FIELDS, Walk

WALK_SYNC = SyncSpec(model=Walk, lock_key=1)


class WalkConflict(Exception):
    """A walk with this id is already stored with other content (or for someone else)."""


def walk_content(source: Walk | Mapping[str, Any]) -> dict[str, Any]:
    """The comparable content of a walk, from a stored walk or from validated input."""
    return record_content(source, WALK_CONTENT_FIELDS)


@transaction.atomic
def walks_sync(*, patient: User, walks: list[Mapping[str, Any]]) -> list[str]:
    """Store a batch of validated walks for ``patient`` in a constant number of queries.

    Returns one status per walk, in order: ``created``; ``duplicate`` when the same id is already
    stored with the same content; ``conflict`` when it is stored with other content or for someone
    else (the stored walk is kept). An id repeated in the batch is judged against its first use.
    The detectors are asked to run in the same transaction, so a broker outage loses nothing.
    """
    statuses, created_ids = records_sync(spec=WALK_SYNC, patient_id=patient.pk, items=walks)
    if created_ids:
        records_created(model=Walk, patient_id=patient.pk)
    return statuses


def walk_create(*, patient: User, data: Mapping[str, Any]) -> tuple[Walk, bool]:
    """Store one validated walk. Returns ``(walk, created)``; a resend of it returns it unchanged.

    Raises ``WalkConflict`` when the id is already taken by other content.
    """
    (status,) = walks_sync(patient=patient, walks=[data])
    if status == CONFLICT:
        raise WalkConflict(str(data["id"]))
    return Walk.objects.get(pk=data["id"]), status == CREATED


def walk_update(*, walk: Walk, changed_by: User, data: Mapping[str, Any]) -> Walk:
    """Correct a walk with validated content, keeping the previous version."""
    return record_update(record=walk, changed_by=changed_by, data=data)[0]


def walk_delete(*, walk: Walk, changed_by: User) -> None:
    """Delete a walk from the log, keeping its last version. The id stays taken, so a late resend
    of the same walk does not bring it back."""
    record_delete(record=walk, changed_by=changed_by)
