"""Celery tasks. Each takes ids, calls one service, and is safe to run twice.

Every retry delay stays shorter than the broker's visibility timeout (config.settings), or Redis
would hand the same message to a second worker while the first still waits. The outbox names
these tasks (``outbox.TASK_OF_TOPIC``); their names are fixed so a rename cannot strand work.
"""

import logging
import random

from celery import Task, shared_task
from django.conf import settings

from .delivery import DELIVERY_MAX_ATTEMPTS, DeliveryGaveUp, alert_deliver
from .evaluation import patient_evaluate, patients_sweep
from .exercise_adherence import nudge_send
from .models import TaskFailure
from .outbox import outbox_done, outbox_lease_renew, outbox_relay

logger = logging.getLogger(__name__)

RETRY_BACKOFF_MAX_S = 600
DELIVERY_RETRY_BASE_S = 30  # then 60, 120, 240 s (jittered): a clinic system has minutes to recover


class RecordedTask(Task):
    """A task that, once its retries are spent, is recorded as failed instead of requeued."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        TaskFailure.objects.create(
            task_name=self.name, task_id=task_id or "",
            arguments={
                "args": [str(a) for a in args],
                "kwargs": {k: str(v) for k, v in kwargs.items()},
            },
            error=f"{type(exc).__name__}: {exc}"[:5000], attempts=self.request.retries + 1,
        )
        logger.error("task %s %s gave up after %s attempts: %s", self.name, task_id,
                     self.request.retries + 1, exc)


TASK_OPTIONS = {
    "base": RecordedTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": RETRY_BACKOFF_MAX_S,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 120,
    "time_limit": 180,
}


@shared_task(name="notifications.tasks.evaluate_patient", **TASK_OPTIONS)
def evaluate_patient(patient_id: str, outbox_id: int | None = None) -> int:
    """Run the detectors for one patient over the data stored so far."""
    outbox_lease_renew(message_id=outbox_id)
    changed = len(patient_evaluate(patient_id=patient_id))
    outbox_done(message_id=outbox_id)
    return changed


@shared_task(name="notifications.tasks.send_nudge", **TASK_OPTIONS)
def send_nudge(nudge_id: int, outbox_id: int | None = None) -> bool:
    """Push one exercise nudge to the patient, unless it was sent already."""
    outbox_lease_renew(message_id=outbox_id)
    sent = nudge_send(nudge_id=int(nudge_id))  # a failed push raises: the task is retried
    outbox_done(message_id=outbox_id)
    return sent


# The sweep of every patient takes minutes at 10,000 patients (bench/detect.py); it still ends
# well inside the visibility timeout, and a retry skips the patients already judged.
@shared_task(name="notifications.tasks.nightly_sweep",
             **{**TASK_OPTIONS, "soft_time_limit": 2700, "time_limit": 3000})
def nightly_sweep() -> int:
    """Evaluate every patient (silence needs the wall clock) and publish any stranded outbox
    work."""
    outbox_relay()
    return patients_sweep()


# Both limits: with only time_limit, the default soft limit (240 s) exceeds it and Celery refuses
# to send the task, so beat never published a relay.
@shared_task(name="notifications.tasks.relay_outbox", acks_late=True, reject_on_worker_lost=True,
             soft_time_limit=50, time_limit=60)
def relay_outbox() -> int:
    """Publish outbox messages left behind while the broker was down, and again those whose
    lease ran out (a worker died with them, or the broker lost them)."""
    return outbox_relay()


def retry_delay_s(retries: int) -> float:
    """Seconds before delivery retry number ``retries + 1``: doubling, jittered, capped well
    below the visibility timeout (at most half of it)."""
    visibility_s = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    cap_s = min(RETRY_BACKOFF_MAX_S, visibility_s / 2)
    delay_s = min(DELIVERY_RETRY_BASE_S * 2 ** retries, cap_s)
    return random.uniform(delay_s / 2, delay_s)


@shared_task(name="notifications.tasks.deliver_alert", bind=True, base=RecordedTask,
             acks_late=True, reject_on_worker_lost=True, max_retries=DELIVERY_MAX_ATTEMPTS - 1,
             retry_backoff_max=RETRY_BACKOFF_MAX_S, soft_time_limit=120, time_limit=180)
def deliver_alert(self, alert_id: str, revision: int, outbox_id: int | None = None) -> int:
    """Send one alert change (``revision``) to its channels; returns how many messages went.

    The outbox lease is renewed before each message, so a worker that dies mid-send has the
    change published again within a lease (``OUTBOX_LEASE_S``); the delivery log keeps that to
    one message. Each retry waits ``retry_delay_s``, and the lease is stretched over the wait:
    a message whose countdown outlasted the visibility timeout would be handed to a second
    worker."""
    last_try = self.request.retries >= self.max_retries

    def still_alive() -> None:
        outbox_lease_renew(message_id=outbox_id)

    still_alive()
    try:
        sent = alert_deliver(alert_id=alert_id, revision=int(revision), last_try=last_try,
                             before_each_send=still_alive)
    except DeliveryGaveUp:
        outbox_done(message_id=outbox_id)
        raise  # recorded as a TaskFailure; the delivery log says which recipient and why
    except Exception as exc:
        countdown_s = retry_delay_s(self.request.retries)
        outbox_lease_renew(message_id=outbox_id, extra_s=countdown_s)
        raise self.retry(exc=exc, countdown=countdown_s) from exc
    outbox_done(message_id=outbox_id)
    return len(sent)

