"""Push to the patient's phone, behind a small interface; settings.PUSH_BACKEND picks the backend.

Only ``alert.patient_message`` travels, and only for alerts that have one. A real backend (APNs,
FCM) would look up the patient's device tokens; the demo's backend writes to the log.
"""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Channel, ChannelError, SendResult

logger = logging.getLogger(__name__)

PUSH_TITLE = "A message from your care team"


class PushBackend:
    """Sends one notification to one user's devices; raise ChannelError to have it retried."""

    def send(self, *, user_id: str, title: str, message: str) -> None:
        raise NotImplementedError


class LoggingPushBackend(PushBackend):
    """The demo backend: writes the notification to the log instead of a phone."""

    def send(self, *, user_id: str, title: str, message: str) -> None:
        logger.info("push to %s: %s: %s", user_id, title, message)


def push_backend() -> PushBackend:
    """The backend named by settings.PUSH_BACKEND (a dotted path)."""
    return import_string(settings.PUSH_BACKEND)()


class PushChannel(Channel):
    name = "push"

    def send(self, delivery) -> SendResult:
        """Send the message fixed at claim time to the patient."""
        message = delivery.payload.get("message", "")
        if not message:
            raise ChannelError("nothing to tell the patient")
        try:
            push_backend().send(user_id=delivery.recipient, title=PUSH_TITLE, message=message)
        except ChannelError:
            raise
        except Exception as exc:
            raise ChannelError(f"{type(exc).__name__}: {exc}") from exc
        return SendResult()
