"""The alert layer's records: alerts and detector states, the outbox, and delivery."""

from .alerts import Alert, AlertKind, AlertStatus, DetectorState, OutboxMessage, TaskFailure
from .delivery import (
    Delivery,
    DeliveryAttempt,
    DeliveryChannel,
    DeliveryStatus,
    NotificationPreference,
    WebhookEndpoint,
    webhook_secret_generate,
)
from .nudges import ExerciseNudge

__all__ = [
    "Alert", "AlertKind", "AlertStatus", "Delivery", "DeliveryAttempt",
    "DeliveryChannel", "DeliveryStatus", "DetectorState", "ExerciseNudge", "NotificationPreference",
    "OutboxMessage", "TaskFailure", "WebhookEndpoint", "webhook_secret_generate",
]
