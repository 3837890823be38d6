"""What every kind of record shares: a version that goes up with each change, soft deletion, and
the kept earlier versions (``RecordRevision``). Walks, symptom reports, clinic records,
questionnaires and exercise programs all derive from ``VersionedRecord``."""

import uuid
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone


class VersionedRecord(models.Model):
    """A record of one patient that is corrected and deleted through ``core.versioning``.

    A subclass names the fields that make its content (what a correction may change and what a
    revision keeps) and the ``record_type`` its revisions are filed under.
    """

    content_fields: ClassVar[tuple[str, ...]] = ()
    record_type: ClassVar[str] = ""

    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        abstract = True

    def derive(self) -> None:
        """Recompute the values stored beside the content (none unless a kind has some).

        May raise ``django.core.exceptions.ValidationError`` naming a field."""


class ClinicRecord(VersionedRecord):
    """A record the clinic enters for a patient: who entered it, and a free note."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    note = models.TextField(blank=True, default="")

    class Meta:
        abstract = True


class RecordRevision(models.Model):
    """A previous version of a record, kept when a patient or clinician changes or deletes it."""

    class Action(models.TextChoices):
        UPDATE = "update", "Updated"
        DELETE = "delete", "Deleted"

    id = models.BigAutoField(primary_key=True)
    record_type = models.CharField(max_length=32)
    record_id = models.UUIDField()
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    version = models.PositiveIntegerField(help_text="The version number of the kept snapshot.")
    snapshot = models.JSONField()
    action = models.CharField(max_length=8, choices=Action.choices)
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        # Created by tracker's first migrations; moved here without copying the table.
        db_table = "tracker_recordrevision"
        ordering = ["record_type", "record_id", "version"]
        indexes = [
            models.Index(fields=["record_type", "record_id"], name="tracker_revision_record"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "version"], name="revision_unique_version"
            )
        ]

    def __str__(self) -> str:
        return f"{self.record_type} {self.record_id} v{self.version} ({self.action})"
