"""Celery tasks of referrals; each takes ids and is safe to run twice."""

from celery import shared_task

from notifications.outbox import outbox_done, outbox_lease_renew
from notifications.tasks import TASK_OPTIONS, retry_delay_s

from .sending import referral_send
from .services import referral_drafts_sweep


# The outbox names this task (notifications.outbox.TASK_OF_TOPIC): its name is fixed.
@shared_task(name="referrals.tasks.send_referral", bind=True,
             **{k: v for k, v in TASK_OPTIONS.items() if k not in ("autoretry_for",)})
def send_referral(self, referral_id: str, outbox_id: int | None = None) -> bool:
    """Send one signed order to the clinic's ordering system; retried with growing delays."""
    outbox_lease_renew(message_id=outbox_id)
    try:
        sent = referral_send(referral_id=referral_id)
    except Exception as exc:
        if self.request.retries >= self.max_retries:
            outbox_done(message_id=outbox_id)
            raise  # recorded as a TaskFailure; the referral keeps the error
        countdown_s = retry_delay_s(self.request.retries)
        outbox_lease_renew(message_id=outbox_id, extra_s=countdown_s)
        raise self.retry(exc=exc, countdown=countdown_s) from exc
    outbox_done(message_id=outbox_id)
    return sent


@shared_task(name="referrals.tasks.drafts_sweep",
             **{**TASK_OPTIONS, "soft_time_limit": 2700, "time_limit": 3000})
def drafts_sweep() -> int:
    """Nightly: draft the referrals whose criteria the records now meet (never an order)."""
    return referral_drafts_sweep()
