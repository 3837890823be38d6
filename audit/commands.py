"""The base of management commands that read or write patient data: each run has its own
audit context (route ``manage.py <command>``, a request id) and records the patients it touched
with ``self.audit(...)``, the actor being the command and the OS user who ran it."""

import getpass

from django.core.management.base import BaseCommand

from .context import audit_context
from .models import Outcome
from .services import audit_event_record


class AuditedCommand(BaseCommand):
    """A management command whose reads and writes of patient data leave audit rows."""

    def command_name(self) -> str:
        return self.__module__.rsplit(".", 1)[-1]

    def execute(self, *args, **options):
        with audit_context(route=f"manage.py {self.command_name()}"):
            return super().execute(*args, **options)

    def audit(self, *, action: str, patient_ids=None, outcome: str = Outcome.SUCCESS) -> None:
        """Record that this run read or changed these patients' data."""
        try:
            user = getpass.getuser()
        except (KeyError, OSError):  # no name for this uid (some containers)
            user = "unknown"
        audit_event_record(actor=None, action=action, patient_ids=list(patient_ids or []),
                           outcome=outcome,
                           actor_label=f"manage.py {self.command_name()} (OS user {user})")
