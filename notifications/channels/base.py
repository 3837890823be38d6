"""What every delivery channel offers: send one claimed delivery, or say why it could not."""

from abc import ABC, abstractmethod
from dataclasses import dataclass


class ChannelError(Exception):
    """A send that failed; trying again later may succeed."""

    def __init__(self, message: str, *, response_code: int | None = None):
        super().__init__(message)
        self.response_code = response_code


@dataclass(frozen=True)
class SendResult:
    """What the far end answered, for the delivery log."""

    response_code: int | None = None


class Channel(ABC):
    """One way out. ``send`` is called once per attempt, outside any database lock it needs."""

    name: str

    @abstractmethod
    def send(self, delivery) -> SendResult:
        """Send ``delivery`` (a notifications.Delivery with its alert); raise ChannelError."""
