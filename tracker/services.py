"""Writes to the walk log. Validation happens before; these functions store, version and dedupe."""

import uuid
from collections.abc import Mapping
from datetime import datetime, timezone as dt_timezone
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from accounts.models import User

from .models import WALK_CONTENT_FIELDS, RecordRevision, Walk

CREATED, DUPLICATE, CONFLICT, INVALID = "created", "duplicate", "conflict", "invalid"
# Rows per INSERT: stays under SQLite's and PostgreSQL's bound-parameter limits.
INSERT_BATCH_SIZE = 500


class WalkConflict(Exception):
    """A walk with this id is already stored with other content (or for someone else)."""


def _canonical_value(value: Any) -> Any:
    if isinstance(value, datetime):
        return value.astimezone(dt_timezone.utc).isoformat()
    if isinstance(value, (list, tuple)):
        return sorted(value)
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, float):
        return float(value)
    return value


def walk_content(source: Walk | Mapping[str, Any]) -> dict[str, Any]:
    """The comparable content of a walk, from a stored walk or from validated input."""
    if isinstance(source, Walk):
        return {field: _canonical_value(getattr(source, field)) for field in WALK_CONTENT_FIELDS}
    return {field: _canonical_value(source.get(field)) for field in WALK_CONTENT_FIELDS}


def _lock_patient_walks(patient: User) -> None:
    """Serialise writers for one patient so two retries of one batch cannot both insert.

    PostgreSQL takes a transaction-scoped advisory lock; SQLite already allows one writer at a time.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pg_advisory_xact_lock(%s, hashtext(%s))", [1, str(patient.pk)]
            )


def _after_walks_stored(patient: User, walk_ids: list[uuid.UUID]) -> None:
    """Hook for work that follows new walks (detector evaluation), run on commit."""
    from notifications.services import walks_ingested_notify

    walks_ingested_notify(patient_id=patient.pk, walk_ids=walk_ids)


@transaction.atomic
def walks_sync(*, patient: User, walks: list[Mapping[str, Any]]) -> list[str]:
    """Store a batch of validated walks for ``patient`` in a constant number of queries.

    Returns one status per walk, in order: ``created``; ``duplicate`` when the same id is already
    stored with the same content; ``conflict`` when it is stored with other content or for someone
    else (the stored walk is kept). An id repeated in the batch is judged against its first use.
    """
    if not walks:
        return []
    _lock_patient_walks(patient)
    stored = {
        walk.id: walk
        for walk in Walk.objects.filter(id__in=[data["id"] for data in walks]).only(
            "id", "patient_id", *WALK_CONTENT_FIELDS
        )
    }
    known: dict[uuid.UUID, tuple[uuid.UUID, dict[str, Any]]] = {
        walk_id: (walk.patient_id, walk_content(walk)) for walk_id, walk in stored.items()
    }
    statuses: list[str] = []
    to_create: dict[uuid.UUID, Walk] = {}
    now = timezone.now()
    for data in walks:
        walk_id, content = data["id"], walk_content(data)
        if walk_id in known:
            owner, known_content = known[walk_id]
            same = owner == patient.pk and known_content == content
            statuses.append(DUPLICATE if same else CONFLICT)
            continue
        known[walk_id] = (patient.pk, content)
        statuses.append(CREATED)
        fields = {field: data[field] for field in WALK_CONTENT_FIELDS if field in data}
        to_create[walk_id] = Walk(
            id=walk_id, patient=patient, created_at=now, updated_at=now, **fields
        )
    if to_create:
        Walk.objects.bulk_create(
            list(to_create.values()), batch_size=INSERT_BATCH_SIZE, ignore_conflicts=True
        )
        # Another patient's request may have taken an id between our read and our insert.
        owners = dict(Walk.objects.filter(id__in=list(to_create)).values_list("id", "patient_id"))
        lost = {walk_id for walk_id in to_create if owners.get(walk_id) != patient.pk}
        if lost:
            statuses = [
                CONFLICT if status == CREATED and data["id"] in lost else status
                for status, data in zip(statuses, walks)
            ]
        created_ids = [walk_id for walk_id in to_create if walk_id not in lost]
        if created_ids:
            transaction.on_commit(lambda: _after_walks_stored(patient, created_ids))
    return statuses


def walk_create(*, patient: User, data: Mapping[str, Any]) -> tuple[Walk, bool]:
    """Store one validated walk. Returns ``(walk, created)``; a resend of it returns it unchanged.

    Raises ``WalkConflict`` when the id is already taken by other content.
    """
    (status,) = walks_sync(patient=patient, walks=[data])
    if status == CONFLICT:
        raise WalkConflict(str(data["id"]))
    return Walk.objects.get(pk=data["id"]), status == CREATED


def _revision_keep(*, walk: Walk, changed_by: User, action: str) -> None:
    snapshot = walk_content(walk)
    snapshot["deleted_at"] = _canonical_value(walk.deleted_at)
    RecordRevision.objects.create(
        record_type="walk",
        record_id=walk.pk,
        patient_id=walk.patient_id,
        version=walk.version,
        snapshot=snapshot,
        action=action,
        changed_by=changed_by,
    )


@transaction.atomic
def walk_update(*, walk: Walk, changed_by: User, data: Mapping[str, Any]) -> Walk:
    """Correct a walk with validated content, keeping the previous version."""
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    changes = {
        field: data[field]
        for field in WALK_CONTENT_FIELDS
        if field in data and _canonical_value(data[field]) != _canonical_value(getattr(walk, field))
    }
    if not changes:
        return walk
    _revision_keep(walk=walk, changed_by=changed_by, action=RecordRevision.Action.UPDATE)
    for field, value in changes.items():
        setattr(walk, field, value)
    walk.version += 1
    walk.updated_at = timezone.now()
    walk.save()
    transaction.on_commit(lambda: _after_walks_stored(walk.patient, [walk.pk]))
    return walk


@transaction.atomic
def walk_delete(*, walk: Walk, changed_by: User) -> None:
    """Delete a walk from the log, keeping its last version. The id stays taken, so a late resend
    of the same walk does not bring it back."""
    walk = Walk.objects.select_for_update().get(pk=walk.pk)
    if walk.deleted_at is not None:
        return
    _revision_keep(walk=walk, changed_by=changed_by, action=RecordRevision.Action.DELETE)
    walk.deleted_at = timezone.now()
    walk.version += 1
    walk.updated_at = walk.deleted_at
    walk.save(update_fields=["deleted_at", "version", "updated_at"])
    transaction.on_commit(lambda: _after_walks_stored(walk.patient, [walk.pk]))
