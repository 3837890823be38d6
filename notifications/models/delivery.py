"""Where alert changes go: clinic webhooks, clinicians' preferences, and the delivery log.

The delivery log holds one row per alert, revision, channel and recipient, unique, so a change
is never sent twice to the same place however often its task runs.
"""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone

from accounts.models import validate_time_zone
from core.severity import Severity


def webhook_secret_generate() -> str:
    """A fresh signing secret: 32 random bytes, URL-safe text."""
    return secrets.token_urlsafe(32)


class WebhookEndpoint(models.Model):
    """A clinic's receiver of alert changes, signed with its own secret (see channels.webhook)."""

    id = models.BigAutoField(primary_key=True)
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.CASCADE,
                               related_name="webhook_endpoints")
    url = models.URLField(max_length=500, help_text="HTTPS address that receives alert changes.")
    secret = models.CharField(max_length=128, default=webhook_secret_generate, editable=False)
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["clinic", "id"]

    def __str__(self) -> str:
        return f"{self.url} ({self.clinic})"


class NotificationPreference(models.Model):
    """How a carer wants to hear about alerts beyond the inbox, which always shows them all.

    Quiet hours are local times in ``time_zone``; an e-mail that falls inside them is held until
    they end, except for emergencies, which are sent at once.
    """

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                primary_key=True, related_name="notification_preference")
    email_enabled = models.BooleanField(default=True)
    email_min_severity = models.CharField(
        max_length=10, choices=Severity.choices, default=Severity.WARNING,
        help_text="Alerts below this severity stay in the inbox only.",
    )
    quiet_hours_start = models.TimeField(null=True, blank=True)
    quiet_hours_end = models.TimeField(null=True, blank=True)
    time_zone = models.CharField(max_length=64, default="UTC", validators=[validate_time_zone])
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"Notification preference of {self.user}"


class DeliveryChannel(models.TextChoices):
    EMAIL = "email", "E-mail to a carer"
    WEBHOOK = "webhook", "Clinic webhook"
    PUSH = "push", "Push to the patient"


class DeliveryStatus(models.TextChoices):
    PENDING = "pending", "Pending"
    HELD = "held", "Held by quiet hours"
    RETRYING = "retrying", "Failed, will retry"
    SENT = "sent", "Sent"
    FAILED = "failed", "Gave up"
    WITHDRAWN = "withdrawn", "Withdrawn: no longer true when due"


class Delivery(models.Model):
    """One message of one alert change to one recipient: claimed once, sent at most once."""

    id = models.BigAutoField(primary_key=True)
    alert = models.ForeignKey("notifications.Alert", on_delete=models.CASCADE,
                              related_name="deliveries")
    revision = models.PositiveIntegerField()
    channel = models.CharField(max_length=10, choices=DeliveryChannel.choices)
    recipient = models.CharField(max_length=64, help_text="User id, or webhook endpoint id.")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                             blank=True, related_name="+")
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.SET_NULL, null=True, blank=True,
                                 related_name="deliveries")
    severity_rank = models.PositiveSmallIntegerField(help_text="The alert's severity when claimed.")
    payload = models.JSONField(default=dict, blank=True,
                               help_text="The exact body sent (webhook), fixed at claim time.")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    not_before = models.DateTimeField(null=True, blank=True, help_text="End of quiet hours.")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    response_code = models.PositiveIntegerField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        verbose_name_plural = "deliveries"
        indexes = [models.Index(fields=["status", "not_before"], name="notif_delivery_status")]
        constraints = [
            models.UniqueConstraint(fields=["alert", "revision", "channel", "recipient"],
                                    name="one_delivery_per_change_channel_recipient"),
        ]

    def __str__(self) -> str:
        return f"{self.channel} to {self.recipient}: alert {self.alert_id} r{self.revision}"


class DeliveryAttempt(models.Model):
    """One try at sending a delivery, kept so that every retry can be seen in the log."""

    id = models.BigAutoField(primary_key=True)
    delivery = models.ForeignKey(Delivery, on_delete=models.CASCADE, related_name="attempt_log")
    number = models.PositiveIntegerField()
    ok = models.BooleanField()
    response_code = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["delivery", "number"]

    def __str__(self) -> str:
        outcome = "ok" if self.ok else "failed"
        return f"Attempt {self.number} of delivery {self.delivery_id}: {outcome}"
