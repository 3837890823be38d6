"""Audit rows for events other layers announce: sign-in, sign-in failure and sign-out (Django's
auth signals, sent by the dashboard's session login, the API's token login and knox's logouts),
the sign-in back-off, and the reads of patient data in ``accounts`` (which sits below this
app)."""

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from accounts.models import User
from accounts.signals import patient_data_accessed, sign_in_backed_off

from .models import Outcome
from .services import audit_event_record


@receiver(user_logged_in, dispatch_uid="audit_user_logged_in")
def _logged_in(sender, request, user, **kwargs):
    audit_event_record(actor=user, action="auth.login")


@receiver(user_logged_out, dispatch_uid="audit_user_logged_out")
def _logged_out(sender, request, user, **kwargs):
    audit_event_record(actor=user, action="auth.logout")


@receiver(user_login_failed, dispatch_uid="audit_user_login_failed")
def _login_failed(sender, credentials, request=None, **kwargs):
    tried = str(credentials.get("email") or credentials.get("username") or "").strip().lower()
    # The account tried, when there is one, so its owner's failures can be counted and shown.
    user = User.objects.filter(email__iexact=tried).first() if tried else None
    audit_event_record(actor=None, actor_label=tried or "(no e-mail given)",
                       action="auth.login_failed", outcome=Outcome.FAILURE,
                       object_type="accounts.user" if user else "",
                       object_id=str(user.pk) if user else "")


@receiver(patient_data_accessed, dispatch_uid="audit_patient_data_accessed")
def _patient_data_accessed(sender, signal=None, **kwargs):
    audit_event_record(**kwargs)


@receiver(sign_in_backed_off, dispatch_uid="audit_sign_in_backed_off")
def _backed_off(sender, user, failures, retry_at=None, request=None, **kwargs):
    # The account's sign-ins must now wait (once per episode): its holder was e-mailed.
    audit_event_record(actor=None, actor_label=user.email, action="auth.backoff",
                       outcome=Outcome.FAILURE, object_type="accounts.user",
                       object_id=str(user.pk))
