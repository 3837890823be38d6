"""The transactional outbox: work for Celery is written to PostgreSQL with the data it is about,
then published after commit, or by the relay sweep once the broker is back.

We keep our own small table rather than django-celery-outbox: that library needs its own relay
daemon and wraps the Celery app, while here the beat sweep and the commit hook are enough, and
the coalescing by key (one pending evaluation per patient) is ours to define.
"""

import logging
import time
from datetime import timedelta

from celery import current_app
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from .models import OutboxMessage

logger = logging.getLogger(__name__)

RELAY_BATCH_SIZE = 200
# A publish that failed is retried by the sweep after this long, growing with each attempt.
RELAY_BACKOFF_BASE_S = 5
RELAY_BACKOFF_MAX_S = 300
# After a failed publish this process stops trying on commit for a while, so that uploads stay
# fast while the broker is down; the beat sweep publishes the backlog once it is back.
BROKER_DOWN_PAUSE_S = 30
_broker_down_until = 0.0


def outbox_put(*, topic: str, key: str, payload: dict | None = None,
               available_at=None) -> None:
    """Record work to publish after commit (or at ``available_at``); a pending message with the
    same key absorbs it.

    Call inside the transaction that writes the data the work is about.
    """
    try:
        with transaction.atomic():
            OutboxMessage.objects.create(topic=topic, key=key, payload=payload or {},
                                         available_at=available_at or timezone.now())
    except IntegrityError:
        pass  # one is already pending for this key: it will cover this data too
    transaction.on_commit(_relay_after_commit, robust=True)


def _relay_after_commit() -> None:
    if time.monotonic() >= _broker_down_until:
        outbox_relay()


# The task each topic hands its payload to, by name: the outbox needs none of the task code.
TASK_OF_TOPIC = {
    OutboxMessage.Topic.EVALUATE_PATIENT: "notifications.tasks.evaluate_patient",
    OutboxMessage.Topic.DELIVER_ALERT: "notifications.tasks.deliver_alert",
    OutboxMessage.Topic.SEND_NUDGE: "notifications.tasks.send_nudge",
    # A name, not an import: referrals sits above notifications.
    OutboxMessage.Topic.SEND_REFERRAL: "referrals.tasks.send_referral",
}


def _publish(message: OutboxMessage) -> None:
    name = TASK_OF_TOPIC[message.topic]
    # The task gets the message's id, to renew its lease and to mark it done.
    kwargs = {**message.payload, "outbox_id": message.pk}
    if current_app.conf.task_always_eager:
        # send_task ignores eager mode: run the registered task in this process instead.
        current_app.tasks[name].apply_async(kwargs=kwargs, retry=False)
    else:
        current_app.send_task(name, kwargs=kwargs, retry=False)


def lease_s(*, republished: int = 0) -> float:
    """How long a published message may go without news before it is published again: the
    setting, doubled for each time it was already published again (a long queue is not a crash),
    and never beyond the broker's visibility timeout, which hands out a lost copy anyway."""
    visibility_s = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    return min(settings.OUTBOX_LEASE_S * 2 ** republished, visibility_s)


def outbox_lease_renew(*, message_id: int | None, extra_s: float = 0) -> None:
    """A task working on this message is alive: push its lease on by ``lease_s`` (plus
    ``extra_s``, a retry's countdown). No-op without an id (a task sent before leases)."""
    if message_id is None:
        return
    OutboxMessage.objects.filter(pk=message_id, completed_at__isnull=True).update(
        lease_until=timezone.now() + timedelta(seconds=lease_s() + extra_s))


def outbox_done(*, message_id: int | None) -> None:
    """The work of this message is done (or given up and recorded): never publish it again."""
    if message_id is None:
        return
    OutboxMessage.objects.filter(pk=message_id, completed_at__isnull=True).update(
        completed_at=timezone.now())


def _publish_failed(message: OutboxMessage, exc: Exception, now) -> None:
    global _broker_down_until
    message.attempts += 1
    delay_s = min(RELAY_BACKOFF_BASE_S * 2 ** (message.attempts - 1), RELAY_BACKOFF_MAX_S)
    message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
    if message.published_at is None:
        message.available_at = now + timedelta(seconds=delay_s)
    else:
        message.lease_until = now + timedelta(seconds=delay_s)
    message.save(update_fields=["attempts", "available_at", "lease_until", "last_error"])
    logger.warning("outbox: could not publish %s (%s); retry in %ss",
                   message.pk, message.last_error, delay_s)
    _broker_down_until = time.monotonic() + BROKER_DOWN_PAUSE_S


def outbox_relay(*, limit: int = RELAY_BATCH_SIZE, ignore_backoff: bool = False) -> int:
    """Publish pending messages whose time has come, and publish again those whose lease ran out
    (their worker died, or the broker lost them); returns how many were published.

    Rows are locked with SKIP LOCKED so that the commit hook and the sweep never publish the same
    row at once. A failed publish (broker down) leaves the row as it was, with a backoff.
    """
    published = 0
    now = timezone.now()
    with transaction.atomic():
        pending = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(published_at__isnull=True,
                    **({} if ignore_backoff else {"available_at__lte": now}))
            .order_by("id")[:limit]
        )
        expired = list(
            OutboxMessage.objects.select_for_update(skip_locked=True)
            .filter(published_at__isnull=False, completed_at__isnull=True, lease_until__lte=now)
            .order_by("lease_until")[:limit]
        )
        for message in pending + expired:
            again = message.published_at is not None
            try:
                _publish(message)
            except Exception as exc:  # the broker's errors vary by transport
                _publish_failed(message, exc, now)
                break  # the broker is likely down for the rest of the batch as well
            if again:
                message.republished += 1
                logger.warning("outbox: %s %s was not done within its lease; published again",
                               message.topic, message.key)
            message.published_at = message.published_at or now
            message.attempts += 1
            message.lease_until = now + timedelta(seconds=lease_s(republished=message.republished))
            # Not completed_at: a task run in this process (eager mode) may have set it already.
            message.save(update_fields=["published_at", "attempts", "lease_until", "republished"])
            published += 1
    return published
