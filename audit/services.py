"""The one writer of the audit trail."""

from collections.abc import Iterable

from django.db import models

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
    rows = [
        AuditEvent(
            actor=actor,
            actor_label=(actor_label or (actor.email if actor else ""))[:LABEL_MAX_LENGTH],
            actor_role=actor.role if actor else "",
            clinic_id=actor.clinic_id if actor else None,
            patient_id=patient_id,
            action=action[:64],
            object_type=object_type[:64],
            object_id=str(object_id)[:64],
            route=context.route,
            outcome=outcome,
            remote_addr=context.remote_addr,
            request_id=context.request_id,
        )
        for patient_id in patients
    ]
    return AuditEvent.objects.bulk_create(rows)
