"""Alerts and their life cycle, and the request for detectors to run after new data.

Every change of an alert goes to the outbox in the transaction that made it, for delivery.
"""

import logging
import uuid
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.severity import SEVERITY_RANK

from .models import Alert, AlertStatus, OutboxMessage
from .outbox import outbox_put

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Finding:
    """A detector's conclusion about one patient, ready to become (or update) an alert."""

    kind: str
    severity: str
    title: str
    as_of: datetime
    evidence: dict[str, Any] = field(default_factory=dict)
    patient_message: str = ""


def _merge_evidence(old: dict[str, Any], new: dict[str, Any]) -> dict[str, Any]:
    """Lists of record ids and flags accumulate; other values take the newest finding's."""
    merged = {**old, **new}
    for key, value in new.items():
        if isinstance(value, list) and isinstance(old.get(key), list):
            merged[key] = list(dict.fromkeys([*old[key], *value]))
    return merged


def alert_changed_notify(*, alert: Alert) -> None:
    """Hand an alert change to the delivery channels; call in the transaction that made it.

    Every change of an alert (its revision goes up) comes through here, whichever path made it.
    One outbox message per revision; the delivery task sends each change at most once.
    """
    outbox_put(topic=OutboxMessage.Topic.DELIVER_ALERT, key=f"{alert.pk}:{alert.revision}",
               payload={"alert_id": str(alert.pk), "revision": alert.revision})


def alert_would_change(*, alert: Alert, finding: Finding) -> bool:
    """Whether raising ``finding`` again would revise the unresolved ``alert``: a higher
    severity, or evidence the alert does not hold yet."""
    return (SEVERITY_RANK[finding.severity] > alert.severity_rank
            or _merge_evidence(alert.evidence, finding.evidence) != alert.evidence)


@transaction.atomic
def alert_raise(*, patient_id: uuid.UUID, finding: Finding) -> tuple[Alert, bool]:
    """Open an alert for the finding, or update the patient's unresolved one of the same kind.

    Returns ``(alert, changed)``. A more severe finding escalates the alert and reopens it if it
    was acknowledged; the same finding again changes nothing.
    """
    rank = SEVERITY_RANK[finding.severity]
    current = (
        Alert.objects.select_for_update()
        .filter(patient_id=patient_id, kind=finding.kind)
        .exclude(status=AlertStatus.RESOLVED)
        .first()
    )
    if current is None:
        try:
            with transaction.atomic():
                alert = Alert.objects.create(
                    patient_id=patient_id, kind=finding.kind, severity=finding.severity,
                    severity_rank=rank, title=finding.title, evidence=finding.evidence,
                    as_of=finding.as_of, patient_message=finding.patient_message,
                )
            alert_changed_notify(alert=alert)
            return alert, True
        except IntegrityError:
            # Another writer opened it between our read and our insert: update theirs instead.
            current = (
                Alert.objects.select_for_update()
                .filter(patient_id=patient_id, kind=finding.kind)
                .exclude(status=AlertStatus.RESOLVED)
                .get()
            )
    if not alert_would_change(alert=current, finding=finding):
        return current, False
    evidence = _merge_evidence(current.evidence, finding.evidence)
    escalated = rank > current.severity_rank
    current.evidence = evidence
    current.as_of = min(current.as_of, finding.as_of)
    current.revision += 1
    # The title states the finding's numbers: it follows the evidence it sits beside, so the two
    # never disagree (an escalation's title with today's evidence said 35 % against 49 %).
    current.title = finding.title
    if escalated:
        current.severity, current.severity_rank = finding.severity, rank
        current.patient_message = finding.patient_message
        current.status = AlertStatus.OPEN
        current.acknowledged_by, current.acknowledged_at = None, None
    current.updated_at = timezone.now()
    current.save()
    alert_changed_notify(alert=current)
    return current, True


@transaction.atomic
def alert_acknowledge(*, alert: Alert, user: User) -> Alert:
    """Record that a carer has seen the alert; acknowledging twice keeps the first."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status == AlertStatus.OPEN:
        alert.status = AlertStatus.ACKNOWLEDGED
        alert.acknowledged_by, alert.acknowledged_at = user, timezone.now()
        alert.updated_at = alert.acknowledged_at
        alert.revision += 1
        alert.save()
        alert_changed_notify(alert=alert)
    return alert


@transaction.atomic
def alert_resolve(*, alert: Alert, user: User, note: str) -> Alert:
    """Close the alert with a note; a later finding of the same kind opens a new one."""
    alert = Alert.objects.select_for_update().get(pk=alert.pk)
    if alert.status != AlertStatus.RESOLVED:
        now = timezone.now()
        if alert.acknowledged_at is None:
            alert.acknowledged_by, alert.acknowledged_at = user, now
        alert.status = AlertStatus.RESOLVED
        alert.resolved_by, alert.resolved_at, alert.resolution_note = user, now, note
        alert.updated_at = now
        alert.revision += 1
        alert.save()
        alert_changed_notify(alert=alert)
    return alert


def patient_data_changed(*, patient_id: uuid.UUID) -> None:
    """Ask for the patient's detectors to run; call inside the transaction that stored the data.

    One pending evaluation per patient absorbs any number of batches (the outbox coalesces).
    """
    outbox_put(topic=OutboxMessage.Topic.EVALUATE_PATIENT, key=str(patient_id),
               payload={"patient_id": str(patient_id)})
