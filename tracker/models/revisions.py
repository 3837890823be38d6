"""Earlier versions of records, kept whenever a patient or clinician changes or deletes one."""

from django.conf import settings
from django.db import models
from django.utils import timezone


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
        ordering = ["record_type", "record_id", "version"]
        indexes = [models.Index(fields=["record_type", "record_id"], name="tracker_revision_record")]
        constraints = [
            models.UniqueConstraint(
                fields=["record_type", "record_id", "version"], name="revision_unique_version"
            )
        ]
