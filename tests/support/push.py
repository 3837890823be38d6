"""A push backend for tests: keeps notifications in memory, like Django's locmem e-mail backend."""

from typing import ClassVar

from notifications.channels.push import PushBackend


class LocmemPushBackend(PushBackend):
    outbox: ClassVar[list[dict]] = []

    def send(self, *, user_id: str, title: str, message: str) -> None:
        self.outbox.append({"user_id": user_id, "title": title, "message": message})
