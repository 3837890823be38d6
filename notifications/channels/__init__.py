"""Delivery channels: one module per way an alert change leaves Stride (the inbox is the model)."""

from .base import Channel, ChannelError, SendResult
from .email import EmailChannel
from .push import PushChannel
from .webhook import WebhookChannel

CHANNELS: dict[str, Channel] = {
    "email": EmailChannel(),
    "webhook": WebhookChannel(),
    "push": PushChannel(),
}

__all__ = ["CHANNELS", "Channel", "ChannelError", "SendResult"]
