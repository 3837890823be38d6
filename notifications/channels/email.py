"""E-mail to a member of the patient's care team, through Django's e-mail backend.

Little health information goes into an e-mail: the patient's initials and a short reference the
clinic can look up, the kind and severity of the alert, and a link to it. No evidence, no notes.
"""

from django.conf import settings
from django.core.mail import EmailMessage

from .base import Channel, ChannelError, SendResult


def patient_reference(patient) -> str:
    """Initials and the start of the patient's id: enough for the clinic, little for anyone else."""
    initials = ". ".join(part[0].upper() for part in (patient.full_name or "").split() if part)
    ref = f"ref {str(patient.pk)[:8]}"
    return f"{initials}. ({ref})" if initials else ref


def alert_link(alert) -> str:
    """Where the carer opens the alert (settings.ALERT_LINK_TEMPLATE)."""
    return settings.ALERT_LINK_TEMPLATE.format(alert_id=alert.pk, patient_id=alert.patient_id)


def email_compose(alert) -> tuple[str, str]:
    """Subject and plain-text body of the care-team e-mail for ``alert`` as it stands."""
    patient = patient_reference(alert.patient)
    severity = alert.get_severity_display()
    subject = f"Stride: {severity.lower()} alert for patient {patient}"
    body = "\n".join([
        f"{severity} alert for one of your patients.",
        "",
        f"Patient: {patient}",
        f"Alert: {alert.get_kind_display()}",
        f"Status: {alert.get_status_display()}",
        f"Since: {alert.as_of:%Y-%m-%d %H:%M} UTC",
        "",
        f"Open the alert: {alert_link(alert)}",
        "",
        "You receive this because you are in the patient's care team. You can change which",
        "alerts reach you by e-mail, and your quiet hours, in your notification preferences.",
    ])
    return subject, body


class EmailChannel(Channel):
    name = "email"

    def send(self, delivery) -> SendResult:
        """Send the e-mail to the delivery's carer; an SMTP error is worth another try."""
        if delivery.user is None or not delivery.user.email:
            raise ChannelError("the recipient no longer has an e-mail address")
        subject, body = email_compose(delivery.alert)
        message = EmailMessage(subject=subject, body=body, to=[delivery.user.email],
                               headers={"X-Stride-Alert": str(delivery.alert_id),
                                        "X-Stride-Revision": str(delivery.revision)})
        try:
            message.send(fail_silently=False)
        except Exception as exc:  # smtplib and socket errors alike
            raise ChannelError(f"{type(exc).__name__}: {exc}") from exc
        return SendResult()
