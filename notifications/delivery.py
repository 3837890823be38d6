"""Sending alert changes beyond the inbox: e-mail to carers, the clinic's webhook, patient push.

Exactly once per change: a task first *claims* the messages a change calls for, writing one
Delivery row per channel and recipient under a unique constraint and with the alert locked, then
sends each row that is due, holding that row's lock while it sends. A second run of the task finds
the rows claimed and sent and sends nothing; a concurrent run skips the rows being sent. Only a
worker that dies after the far end accepted a message but before its row is committed can cause a
repeat (the row rolls back to pending); webhook receivers drop those by the delivery id.

What each change calls for:

- the clinic's webhooks (active ones): a new, escalated, acknowledged, resolved or reopened
  alert, with its state at that revision; evidence that only grew, at most weekly as a digest;
- e-mail to each active member of the patient's care teams (for an exercise-adherence alert,
  its coordinators, who run the program), when the alert is open and the
  carer has not yet been e-mailed about it at this severity or a higher one (so a new alert and
  an escalation are e-mailed; acknowledgements and added evidence are not), subject to the
  carer's preferences; inside quiet hours it is held until they end, except in an emergency or
  an urgent same-day red flag;
- push to the patient, with ``alert.patient_message`` only, once per severity level, when the
  alert has such a message and is not resolved.

A task that runs for a revision that is no longer the alert's latest claims nothing: the newer
revision's task sends the newer state. Rows it claimed earlier (a held e-mail) are still sent.
"""

import logging
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from accounts.selectors import carers_of
from core.severity import SEVERITY_RANK, Severity

from .channels import CHANNELS, ChannelError
from .channels.webhook import webhook_body
from .models import (
    Alert,
    AlertStatus,
    Delivery,
    DeliveryAttempt,
    DeliveryChannel,
    DeliveryStatus,
    NotificationPreference,
    OutboxMessage,
    WebhookEndpoint,
)
from .preferences import quiet_hours_end_at

logger = logging.getLogger(__name__)

# An open alert whose evidence grows every day reaches a clinic's webhook at most this often.
WEBHOOK_DIGEST_INTERVAL = timedelta(days=7)  # a project choice (issue 10: "at most once a week")

# Alerts the program's coordinators act on (they run the program; clinicians see it in the
# inbox): e-mailed to the care team's coordinators, or to its clinicians when it has none.
COORDINATOR_KINDS = frozenset({"exercise_adherence_low"})

# A delivery is tried this many times before it is given up (the task retries in between).
DELIVERY_MAX_ATTEMPTS = 5


class DeliveryIncomplete(Exception):
    """Some messages of this change failed and should be tried again later."""


class DeliveryGaveUp(Exception):
    """Some messages of this change failed too often and were given up (see the delivery log)."""


def alert_deliver(*, alert_id: uuid.UUID | str, revision: int, last_try: bool = False,
                  now: datetime | None = None,
                  before_each_send: Callable[[], None] | None = None) -> list[Delivery]:
    """Claim the messages this alert change calls for (once), then send those that are due.

    Returns the deliveries sent by this call. Raises DeliveryIncomplete when some must be tried
    again, DeliveryGaveUp when some failed for the last time (``last_try`` or too many attempts).
    ``before_each_send`` is called before each message (the task renews its outbox lease).
    """
    now = now or timezone.now()
    deliveries_claim(alert_id=alert_id, revision=revision, now=now)
    sent, retrying, gave_up = [], [], []
    due = (Delivery.objects.filter(alert_id=alert_id, revision=revision)
           .filter(Q(status__in=[DeliveryStatus.PENDING, DeliveryStatus.RETRYING])
                   | Q(status=DeliveryStatus.HELD, not_before__lte=now))
           .order_by("id").values_list("pk", flat=True))
    for delivery_id in list(due):
        if before_each_send is not None:
            before_each_send()
        delivery = delivery_attempt(delivery_id=delivery_id, last_try=last_try)
        if delivery is None:
            continue  # sent meanwhile, or being sent by another worker right now
        {DeliveryStatus.SENT: sent, DeliveryStatus.RETRYING: retrying,
         DeliveryStatus.FAILED: gave_up}[delivery.status].append(delivery)
    _held_wake_up(alert_id=alert_id, revision=revision, now=now)
    if gave_up:
        raise DeliveryGaveUp(
            "; ".join(f"{d.channel} to {d.recipient}: {d.last_error}" for d in gave_up))
    if retrying:
        raise DeliveryIncomplete(
            "; ".join(f"{d.channel} to {d.recipient}: {d.last_error}" for d in retrying))
    return sent


@transaction.atomic
def deliveries_claim(*, alert_id: uuid.UUID | str, revision: int, now: datetime) -> int:
    """Write the Delivery rows this change calls for, unless already written; returns how many.

    The alert stays locked meanwhile, so two runs for two revisions decide one after the other.
    """
    alert = (Alert.objects.select_for_update(of=("self",)).select_related("patient")
             .filter(pk=alert_id).first())
    if alert is None:
        logger.info("deliver: alert %s no longer exists", alert_id)
        return 0
    if alert.revision != revision:
        logger.info("deliver: alert %s revision %s superseded by %s", alert_id, revision,
                    alert.revision)
        return 0
    if Delivery.objects.filter(alert=alert, revision=revision).exists():
        return 0  # claimed by an earlier run of this task
    rows = _webhook_rows(alert, now) + _email_rows(alert, now) + _push_rows(alert)
    Delivery.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _row(alert: Alert, channel: str, recipient: str, **fields) -> Delivery:
    return Delivery(alert=alert, revision=alert.revision, channel=channel, recipient=recipient,
                    severity_rank=alert.severity_rank, **fields)


def _webhook_change(alert: Alert, last: Delivery | None, now: datetime) -> str | None:
    """What this revision is to a clinic system that was last sent ``last``, or None when it is
    only more evidence and a digest went out less than ``WEBHOOK_DIGEST_INTERVAL`` ago."""
    if last is None:
        return "new" if alert.revision == 1 else "current"
    before = last.payload or {}
    if alert.status != before.get("status"):
        return "reopened" if alert.status == AlertStatus.OPEN else str(alert.status)
    if alert.severity_rank > last.severity_rank:
        return "escalated"
    if alert.severity_rank < last.severity_rank:
        return "severity_changed"
    if now - last.created_at >= WEBHOOK_DIGEST_INTERVAL:
        return "digest"
    return None


def _webhook_rows(alert: Alert, now: datetime) -> list[Delivery]:
    """A message per active clinic endpoint for a new, escalated, acknowledged, resolved or
    reopened alert; more evidence alone goes out at most weekly, as a digest that carries it (an
    open decline alert gains evidence every day)."""
    endpoints = WebhookEndpoint.objects.filter(clinic_id=alert.patient.clinic_id, is_active=True)
    last_sent = {}
    for delivery in (Delivery.objects.filter(alert=alert, channel=DeliveryChannel.WEBHOOK)
                     .order_by("created_at", "id")):
        last_sent[delivery.recipient] = delivery
    rows = []
    for endpoint in endpoints:
        change = _webhook_change(alert, last_sent.get(str(endpoint.pk)), now)
        if change is None:
            continue
        body = webhook_body(alert, change=change, with_evidence=change == "digest")
        rows.append(_row(alert, DeliveryChannel.WEBHOOK, str(endpoint.pk), endpoint=endpoint,
                         payload=body))
    return rows


def _already_told(alert: Alert, channel: str) -> set[str]:
    """Recipients already given this alert at its present severity or a higher one."""
    return set(Delivery.objects.filter(alert=alert, channel=channel,
                                       severity_rank__gte=alert.severity_rank)
               .values_list("recipient", flat=True))


def breaks_quiet_hours(alert: Alert) -> bool:
    """An emergency, and an urgent red flag the patient was told to act on today, reach the care
    team at once: held until the morning, a same-day sign would miss its day."""
    if alert.severity == Severity.EMERGENCY:
        return True
    return alert.severity == Severity.URGENT and bool((alert.evidence or {}).get("same_day"))


def _email_rows(alert: Alert, now: datetime) -> list[Delivery]:
    if alert.status != AlertStatus.OPEN:
        return []  # someone is on it already
    told = _already_told(alert, DeliveryChannel.EMAIL)
    carers = list(carers_of(patient=alert.patient))
    if alert.kind in COORDINATOR_KINDS:
        carers = [c for c in carers if c.role == Role.COORDINATOR] or carers
    preferences = {p.user_id: p for p in NotificationPreference.objects.filter(user__in=carers)}
    rows = []
    for carer in carers:
        preference = preferences.get(carer.pk) or NotificationPreference(user=carer)
        if str(carer.pk) in told or not preference.email_enabled or not carer.email:
            continue
        if SEVERITY_RANK[preference.email_min_severity] > alert.severity_rank:
            continue
        held_until = (None if breaks_quiet_hours(alert)
                      else quiet_hours_end_at(preference=preference, now=now))
        rows.append(_row(alert, DeliveryChannel.EMAIL, str(carer.pk), user=carer,
                         status=DeliveryStatus.HELD if held_until else DeliveryStatus.PENDING,
                         not_before=held_until))
    return rows


def _push_rows(alert: Alert) -> list[Delivery]:
    patient = alert.patient
    if not alert.patient_message or alert.status == AlertStatus.RESOLVED or not patient.is_active:
        return []
    if str(patient.pk) in _already_told(alert, DeliveryChannel.PUSH):
        return []
    return [_row(alert, DeliveryChannel.PUSH, str(patient.pk), user=patient,
                 payload={"message": alert.patient_message})]


@transaction.atomic
def delivery_attempt(*, delivery_id: int, last_try: bool = False) -> Delivery | None:
    """Try to send one delivery that is due; returns it updated, or None if another has it.

    The row stays locked while it is sent, so no two workers send it at once; if this worker
    dies mid-send the row stays as it was and the next run sends it.
    """
    delivery = (Delivery.objects.select_for_update(skip_locked=True, of=("self",))
                .select_related("alert__patient", "user", "endpoint")
                .filter(pk=delivery_id)
                .exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED]).first())
    if delivery is None:
        return None
    delivery.attempts += 1
    now = timezone.now()
    try:
        result = CHANNELS[delivery.channel].send(delivery)
    except ChannelError as exc:
        delivery.last_error = str(exc)[:2000]
        delivery.response_code = exc.response_code
        give_up = last_try or delivery.attempts >= DELIVERY_MAX_ATTEMPTS
        delivery.status = DeliveryStatus.FAILED if give_up else DeliveryStatus.RETRYING
        log = logger.error if give_up else logger.warning
        log("deliver: %s to %s for alert %s r%s failed (attempt %s): %s", delivery.channel,
            delivery.recipient, delivery.alert_id, delivery.revision, delivery.attempts, exc)
    else:
        delivery.status, delivery.sent_at = DeliveryStatus.SENT, now
        delivery.response_code = result.response_code
    delivery.updated_at = now
    delivery.save(update_fields=["attempts", "status", "sent_at", "last_error", "response_code",
                                 "updated_at"])
    DeliveryAttempt.objects.create(
        delivery=delivery, number=delivery.attempts, ok=delivery.status == DeliveryStatus.SENT,
        response_code=delivery.response_code,
        error="" if delivery.status == DeliveryStatus.SENT else delivery.last_error, at=now)
    return delivery


def _held_wake_up(*, alert_id, revision: int, now: datetime) -> None:
    """Have this change's task run again when the earliest held e-mail's quiet hours end.

    The outbox relay (beat, every 30 s) publishes it then; a countdown of hours on the broker
    would outlast its visibility timeout.
    """
    held = (Delivery.objects.filter(alert_id=alert_id, revision=revision,
                                    status=DeliveryStatus.HELD, not_before__gt=now)
            .order_by("not_before").values_list("not_before", flat=True).first())
    if held is None:
        return
    key = f"{alert_id}:{revision}:held"
    topic = OutboxMessage.Topic.DELIVER_ALERT
    OutboxMessage.objects.filter(topic=topic, key=key, published_at__isnull=True,
                                 available_at__gt=held).update(available_at=held)
    try:
        with transaction.atomic():
            OutboxMessage.objects.create(topic=topic, key=key, available_at=held,
                                         payload={"alert_id": str(alert_id), "revision": revision})
    except IntegrityError:
        pass  # a wake-up is already pending for this change
