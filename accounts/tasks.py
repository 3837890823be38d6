"""Celery tasks of the accounts layer: the e-mails about sign-in and enrolment, sent off the
request so that neither the answer nor its timing shows whether an account exists."""

from celery import shared_task

from .services import clinic_invitation_email_send, sign_in_backoff_email_send

EMAIL_TASK_OPTIONS = {
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": 600,
    "max_retries": 5,
}


@shared_task(name="accounts.tasks.send_sign_in_backoff_notice", **EMAIL_TASK_OPTIONS)
def send_sign_in_backoff_notice(notice_id: int) -> bool:
    """E-mail the account holder that sign-ins to their account must wait (sent once)."""
    return sign_in_backoff_email_send(notice_id=notice_id)


@shared_task(name="accounts.tasks.send_clinic_invitation", **EMAIL_TASK_OPTIONS)
def send_clinic_invitation(invitation_id: str) -> bool:
    """E-mail a clinic's invitation to an address that already has an account (sent once)."""
    return clinic_invitation_email_send(invitation_id=invitation_id)
