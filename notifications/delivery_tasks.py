"""The delivery task: one alert change to its recipients, retried with backoff, never sent twice.

Each retry waits ``retry_delay_s`` (exponential, with jitter), always shorter than the broker's
visibility timeout: a message whose countdown outlasted it would be handed to a second worker.
"""

import random

from celery import shared_task
from django.conf import settings

from .delivery import DELIVERY_MAX_ATTEMPTS, DeliveryGaveUp, alert_deliver
from .tasks import RecordedTask

RETRY_BASE_S = 30  # then 60, 120, 240 s (jittered): a clinic system has minutes to recover
RETRY_BACKOFF_MAX_S = 600


def retry_delay_s(retries: int) -> float:
    """Seconds before retry number ``retries + 1``: doubling, jittered, capped well below the
    visibility timeout (at most half of it)."""
    visibility_s = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    cap_s = min(RETRY_BACKOFF_MAX_S, visibility_s / 2)
    delay_s = min(RETRY_BASE_S * 2 ** retries, cap_s)
    return random.uniform(delay_s / 2, delay_s)


@shared_task(bind=True, base=RecordedTask, acks_late=True, reject_on_worker_lost=True,
             max_retries=DELIVERY_MAX_ATTEMPTS - 1, retry_backoff_max=RETRY_BACKOFF_MAX_S,
             soft_time_limit=120, time_limit=180)
def deliver_alert(self, alert_id: str, revision: int) -> int:
    """Send one alert change (``revision``) to its channels; returns how many messages went."""
    last_try = self.request.retries >= self.max_retries
    try:
        return len(alert_deliver(alert_id=alert_id, revision=int(revision), last_try=last_try))
    except DeliveryGaveUp:
        raise  # recorded as a TaskFailure; the delivery log says which recipient and why
    except Exception as exc:
        raise self.retry(exc=exc, countdown=retry_delay_s(self.request.retries)) from exc
