"""The audit trail: one row per read or change of a patient's data by anyone but the patient,
and per sign-in event. Append-only in PostgreSQL, kept in monthly partitions (see partitions.py
and the first migration)."""

import pgtrigger
from django.db import models
from django.utils import timezone

from accounts.models import Clinic, User


class Outcome(models.TextChoices):
    SUCCESS = "success", "Done"
    DENIED = "denied", "Refused (outside the caller's scope or rights)"
    FAILURE = "failure", "Failed (a wrong password, a locked account)"


class AuditEvent(models.Model):
    """Who did what to which patient's data, from where and when.

    In PostgreSQL the primary key is ``(id, occurred_at)``, as a partitioned table requires;
    ``id`` alone is unique in practice (one sequence) and is what Django uses.
    """

    id = models.BigAutoField(primary_key=True)
    occurred_at = models.DateTimeField(default=timezone.now)
    # Who: the user (none for a system job or a sign-in with an unknown e-mail), and as they were
    # then, since a role or clinic may change later.
    actor = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                              related_name="audit_events")
    actor_label = models.CharField(max_length=254, blank=True,
                                   help_text="The actor's e-mail then, the e-mail tried at a "
                                             "failed sign-in, or the system job.")
    actor_role = models.CharField(max_length=16, blank=True)
    clinic = models.ForeignKey(Clinic, null=True, blank=True, on_delete=models.PROTECT,
                               related_name="+", help_text="The actor's clinic then.")
    patient = models.ForeignKey(User, null=True, blank=True, on_delete=models.PROTECT,
                                related_name="audit_events_about")
    action = models.CharField(max_length=64)
    object_type = models.CharField(max_length=64, blank=True)
    object_id = models.CharField(max_length=64, blank=True)
    route = models.CharField(max_length=300, blank=True)
    outcome = models.CharField(max_length=8, choices=Outcome.choices, default=Outcome.SUCCESS)
    remote_addr = models.GenericIPAddressField(null=True, blank=True)
    request_id = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-occurred_at", "-id"]
        indexes = [
            models.Index(fields=["patient", "occurred_at"], name="audit_event_patient_time"),
            models.Index(fields=["actor", "occurred_at"], name="audit_event_actor_time"),
        ]
        triggers = [
            # Append-only: no UPDATE or DELETE, whoever runs it. On the partitioned table, so
            # PostgreSQL clones it onto every partition, those made later included.
            pgtrigger.Protect(name="append_only",
                              operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.action} ({self.outcome}) by {self.actor_label or '-'} at {self.occurred_at}"
