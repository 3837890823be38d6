"""Alerts: what a detector concluded about one patient, and what the care team did about it;
where the detectors stand; the outbox of work for Celery; tasks that gave up."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from core.severity import Severity


class AlertKind(models.TextChoices):
    RED_FLAG_CAUDA_EQUINA = "red_flag_cauda_equina", "Red flag: possible cauda equina syndrome"
    RED_FLAG_ACUTE_LIMB_ISCHAEMIA = (
        "red_flag_acute_limb_ischaemia", "Red flag: possible acute limb ischaemia")
    RED_FLAG_NERVE_ROOT = "red_flag_nerve_root", (
        "Red flag: foot drop, sudden weakness or spreading numbness")
    RED_FLAG_LIMB_THREAT = "red_flag_limb_threat", "Red flag: sign of limb threat"
    RED_FLAG_SYSTEMIC = "red_flag_systemic", (
        "Red flag: fever, weight loss or night pain with back pain")
    PAIN_FREE_DISTANCE_DECLINE = "pain_free_distance_decline", "Pain-free walking distance falling"
    MAX_WALKING_DISTANCE_DECLINE = (
        "max_walking_distance_decline", "Maximal walking distance falling"
    )
    NEUROGENIC_PATTERN = "neurogenic_pattern", "Walking pattern disagrees with the recorded cause"
    LIMB_THREAT = "limb_threat", "Progression to limb threat"
    SILENCE = "silence", "No walks logged lately"
    EXERCISE_SESSION_RED_FLAG = (
        "exercise_session_red_flag",
        "Red flag: supervised exercise stopped for chest pain, breathlessness or dizziness")
    EXERCISE_ADHERENCE_LOW = (
        "exercise_adherence_low", "Exercise program: sessions missed or adherence below half")


class AlertStatus(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    RESOLVED = "resolved", "Resolved"


class Alert(models.Model):
    """At most one unresolved alert per patient and kind: a further finding updates or escalates
    it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="alerts"
    )
    kind = models.CharField(max_length=40, choices=AlertKind.choices)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    severity_rank = models.PositiveSmallIntegerField(help_text="For ordering: emergency first.")
    title = models.CharField(max_length=200)
    evidence = models.JSONField(default=dict, help_text="The numbers and the records behind it.")
    patient_message = models.TextField(
        blank=True, default="", help_text="Shown to the patient; alerts without one stay internal."
    )
    as_of = models.DateTimeField(help_text="Data time at which the condition was first met.")
    status = models.CharField(max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolution_note = models.TextField(blank=True, default="")
    revision = models.PositiveIntegerField(
        default=1, help_text="Goes up with every change; a message is sent once per revision."
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-severity_rank", "created_at"]
        indexes = [
            models.Index(fields=["patient", "status"], name="notif_alert_patient_status"),
            models.Index(
                fields=["status", "-severity_rank", "created_at"], name="notif_alert_inbox"
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["patient", "kind"], condition=~Q(status="resolved"),
                name="one_unresolved_alert_per_patient_and_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_severity_display()}: {self.title}"


class DetectorState(models.Model):
    """Where a detector stands for one patient: whether its condition holds (for hysteresis: an
    alert is raised again only after the condition has cleared) and how far data was judged."""

    id = models.BigAutoField(primary_key=True)
    patient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=40, choices=AlertKind.choices)
    condition_met = models.BooleanField(default=False)
    met_since = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)
    evaluated_through = models.DateTimeField(null=True, blank=True, help_text="Data time.")
    last_conclusion = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["patient", "kind"], name="one_detector_state_per_kind"),
        ]

    def __str__(self) -> str:
        state = "met" if self.condition_met else "not met"
        return f"{self.kind} for patient {self.patient_id}: {state}"


class TaskFailure(models.Model):
    """A task that kept failing and was given up on: recorded, not requeued for ever."""

    id = models.BigAutoField(primary_key=True)
    task_name = models.CharField(max_length=200)
    task_id = models.CharField(max_length=64)
    arguments = models.JSONField(default=dict)
    error = models.TextField()
    attempts = models.PositiveIntegerField(default=0)
    failed_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.task_name} {self.task_id} failed after {self.attempts} attempts"


class OutboxMessage(models.Model):
    """Work to hand to Celery, written in the same transaction as the data it is about.

    A relay publishes it after commit, or later (beat sweep) if the broker was down, so no
    evaluation or message is lost. Consumers are idempotent: a message may be published twice.

    A published message is *leased* until ``lease_until``: the task renews the lease while it
    works and sets ``completed_at`` when done. A lease that runs out (the worker died, or the
    broker lost the message) makes the relay publish it again, long before the broker's
    visibility timeout would hand the lost copy out.
    """

    class Topic(models.TextChoices):
        EVALUATE_PATIENT = "evaluate_patient", "Run the detectors for a patient"
        DELIVER_ALERT = "deliver_alert", "Send an alert change to its recipients"
        SEND_NUDGE = "send_nudge", "Send an exercise nudge to a patient"
        SEND_REFERRAL = "send_referral", "Send a signed referral to the clinic's ordering system"

    id = models.BigAutoField(primary_key=True)
    topic = models.CharField(max_length=32, choices=Topic.choices)
    key = models.CharField(max_length=100, help_text="Pending messages with one key coalesce.")
    payload = models.JSONField(default=dict)
    created_at = models.DateTimeField(default=timezone.now)
    available_at = models.DateTimeField(default=timezone.now)
    published_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    lease_until = models.DateTimeField(
        null=True, blank=True, help_text="Published again after this unless completed.")
    republished = models.PositiveIntegerField(
        default=0, help_text="Times published again because its lease ran out.")
    completed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["id"]
        indexes = [
            models.Index(fields=["available_at"], condition=models.Q(published_at__isnull=True),
                         name="notif_outbox_pending"),
            models.Index(fields=["lease_until"],
                         condition=models.Q(published_at__isnull=False, completed_at__isnull=True),
                         name="notif_outbox_in_flight"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["topic", "key"], condition=models.Q(published_at__isnull=True),
                name="one_pending_outbox_message_per_key",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.topic} {self.key}"
