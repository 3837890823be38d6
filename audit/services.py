"""The one writer of the audit trail."""

from collections.abc import Iterable

from django.db import connection, models
from django.utils import timezone

from accounts.models import User

from .context import audit_context_current
from .models import AuditEvent, Outcome

LABEL_MAX_LENGTH = 254


def object_ref(obj: models.Model | None) -> tuple[str, str]:
    """``(object_type, object_id)`` of a model instance, e.g. ``("tracker.walk", "<uuid>")``."""
    if obj is None:
        return "", ""
    return obj._meta.label_lower, str(obj.pk)


def audit_event_record(
    *,
    actor: User | None,
    action: str,
    patient_ids: Iterable | None = None,
    target: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    outcome: str = Outcome.SUCCESS,
    actor_label: str = "",
) -> list[AuditEvent]:
    """Write audit rows: one per distinct patient in ``patient_ids`` other than the actor (a
    patient's reads of their own data are not recorded), or, with ``patient_ids=None``, one row
    about no patient (a sign-in event, a system job). Address, route and request id come from the
    current request or command (``audit.context``)."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if patient_ids is None:
        patients = [None]
    else:
        patients = [pk for pk in dict.fromkeys(patient_ids)
                    if pk is not None and (actor is None or str(pk) != str(actor.pk))]
    if not patients:
        return []
    if target is not None:
        object_type, object_id = object_ref(target)
    context = audit_context_current()
    values = {
        "occurred_at": timezone.now(),
        "actor_id": actor.pk if actor else None,
        "actor_label": (actor_label or (actor.email if actor else ""))[:LABEL_MAX_LENGTH],
        "actor_role": actor.role if actor else "",
        "clinic_id": actor.clinic_id if actor else None,
        "action": action[:64],
        "object_type": object_type[:64],
        "object_id": str(object_id)[:64],
        "route": context.route,
        "outcome": outcome,
        "remote_addr": context.remote_addr,
        "request_id": context.request_id,
    }
    return [AuditEvent(id=pk, patient_id=patient_id, **values)
            for pk, patient_id in _rows_insert(values, patients)]


def _rows_insert(values: dict, patients: list) -> list[tuple[int, object]]:
    """One INSERT for all rows, the patients as one array parameter: a cohort read audits
    hundreds of patients, and a row per patient through ``bulk_create`` cost more than the
    read itself."""
    columns = [*values, "patient_id"]
    table = connection.ops.quote_name(AuditEvent._meta.db_table)
    sql = (f"INSERT INTO {table} ({', '.join(columns)}) "
           f"SELECT {', '.join(['%s'] * len(values))}, patient "
           "FROM unnest(%s::uuid[]) AS p(patient) RETURNING id, patient_id")
    with connection.cursor() as cursor:
        cursor.execute(sql, [*values.values(),
                             [None if pk is None else str(pk) for pk in patients]])
        return sorted(cursor.fetchall(), key=lambda row: row[0])
