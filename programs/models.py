"""Exercise programs: the templates a clinic keeps, the program a coordinator or clinician sets
for a patient, the sessions that happened (supervised or at home) and the planned pauses.

Trends mark a program's start and end, and compare walking distances with those just before it.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.utils import timezone

from core.models import ClinicRecord, VersionedRecord

MAX_SESSIONS_PER_WEEK = 14
MAX_MINUTES_PER_SESSION = 240
MAX_PROGRAM_WEEKS = 104
MAX_BOUTS = 30
# ISO weekdays: 1 is Monday, 7 is Sunday.
WEEKDAYS = tuple(range(1, 8))


class ProgramMode(models.TextChoices):
    SUPERVISED = "supervised", "Supervised"
    HOME = "home", "Home-based"
    MIXED = "mixed", "Mixed"


class ProgramCause(models.TextChoices):
    VASCULAR = "vascular", "Vascular claudication"
    NEUROGENIC = "neurogenic", "Neurogenic claudication"
    BOTH = "both", "Either"


class ProgramDose(models.Model):
    """The dose fields a template and a program share (a program starts as a template's copy)."""

    mode = models.CharField(max_length=12, choices=ProgramMode.choices,
                            default=ProgramMode.SUPERVISED)
    weeks = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Planned length; empty means open-ended.")
    sessions_per_week = models.PositiveSmallIntegerField()
    minutes_per_session = models.PositiveSmallIntegerField(
        help_text="Planned minutes of exercise per session in week 1.")
    minutes_per_session_final = models.PositiveSmallIntegerField(
        null=True, blank=True,
        help_text="Planned minutes in the last week; the dose rises evenly in between.")
    days_of_week = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True,
        help_text="ISO weekdays of the sessions (1 Monday ... 7 Sunday); empty: spread "
                  "sessions_per_week over the week.")

    class Meta:
        abstract = True


class ProgramTemplate(ProgramDose):
    """A program a clinic starts patients on, with its dose and the evidence for it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    clinic = models.ForeignKey("accounts.Clinic", on_delete=models.PROTECT,
                               related_name="program_templates")
    name = models.CharField(max_length=120)
    cause = models.CharField(max_length=12, choices=ProgramCause.choices,
                             default=ProgramCause.BOTH)
    target_pain_min = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Claudication pain scale (1-5) to walk to: from.")
    target_pain_max = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Claudication pain scale (1-5) to walk to: up to.")
    exercises = models.JSONField(default=list, blank=True,
                                 help_text="What a session holds, one line per exercise.")
    description = models.TextField(blank=True, default="")
    evidence = models.TextField(blank=True, default="", help_text="Where the dose comes from.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["clinic", "name"]
        constraints = [
            models.UniqueConstraint(fields=["clinic", "name"], name="program_template_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name


class ExerciseProgram(ClinicRecord, ProgramDose):
    """One exercise program (typically 12 weeks, 3 sessions a week of 30-60 minutes).

    ``entered_by`` is the coordinator or clinician who set it up; ``ended_on`` stays empty while
    the program runs.
    """

    content_fields = ("started_on", "ended_on", "sessions_per_week", "minutes_per_session", "note",
                      "mode", "weeks", "minutes_per_session_final", "days_of_week")
    record_type = "exercise_program"

    started_on = models.DateField(help_text="The patient's local day of the first session.")
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while it runs.")
    template = models.ForeignKey(ProgramTemplate, null=True, blank=True, on_delete=models.SET_NULL,
                                 related_name="+", help_text="The template it was made from.")

    class Meta:
        # Created by tracker's migrations; moved here without copying the table.
        db_table = "tracker_exerciseprogram"
        ordering = ["-started_on", "-created_at"]
        indexes = [models.Index(fields=["patient", "-started_on"], name="tracker_program_patient")]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="program_ends_after_it_starts",
            ),
            models.CheckConstraint(
                condition=Q(sessions_per_week__gte=1)
                & Q(sessions_per_week__lte=MAX_SESSIONS_PER_WEEK),
                name="program_sessions_per_week_in_range",
            ),
            models.CheckConstraint(
                condition=Q(minutes_per_session__gte=1)
                & Q(minutes_per_session__lte=MAX_MINUTES_PER_SESSION),
                name="program_minutes_per_session_in_range",
            ),
        ]

    def __str__(self) -> str:
        return f"Exercise program from {self.started_on}"


class StopReason(models.TextChoices):
    LEG_PAIN = "leg_pain", "Leg pain"
    FATIGUE = "fatigue", "Fatigue"
    CHEST_PAIN = "chest_pain", "Chest pain"
    BREATHLESSNESS = "breathlessness", "Breathlessness"
    DIZZINESS = "dizziness", "Dizziness"
    OTHER = "other", "Other"


# Stopping for one of these may be cardiac: the clinician must hear of it the same day.
RED_FLAG_STOP_REASONS = frozenset({StopReason.CHEST_PAIN, StopReason.BREATHLESSNESS,
                                   StopReason.DIZZINESS})


class SupervisedSession(ClinicRecord):
    """One supervised session as the coordinator recorded it; ``bouts`` holds each walk-rest
    cycle (speed, grade, time to onset, time to the chosen pain, rest)."""

    content_fields = ("performed_on", "minutes", "bouts", "max_pain", "heart_rate_bpm",
                      "systolic_mmhg", "diastolic_mmhg", "stopped_early", "stop_reason", "note")
    record_type = "supervised_session"

    program = models.ForeignKey(ExerciseProgram, on_delete=models.PROTECT,
                                related_name="supervised_sessions")
    performed_on = models.DateField(help_text="The patient's local day of the session.")
    minutes = models.PositiveSmallIntegerField(help_text="Minutes of exercise, rests excluded.")
    bouts = models.JSONField(default=list, blank=True)
    max_pain = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Highest pain on the claudication scale (1-5).")
    heart_rate_bpm = models.PositiveSmallIntegerField(null=True, blank=True)
    systolic_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    diastolic_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    stopped_early = models.BooleanField(default=False)
    stop_reason = models.CharField(max_length=16, choices=StopReason.choices, blank=True,
                                   default="")

    class Meta:
        ordering = ["-performed_on", "-created_at"]
        indexes = [models.Index(fields=["program", "performed_on"], name="supervised_by_program")]
        constraints = [
            models.CheckConstraint(
                condition=Q(max_pain__isnull=True) | Q(max_pain__gte=1, max_pain__lte=5),
                name="supervised_max_pain_in_range"),
            models.CheckConstraint(condition=Q(stopped_early=True) | Q(stop_reason=""),
                                   name="supervised_stop_reason_only_when_stopped"),
        ]

    def __str__(self) -> str:
        return f"Supervised session on {self.performed_on}"


class HomeStatus(models.TextChoices):
    DONE = "done", "Done"
    SKIPPED = "skipped", "Skipped"


class HomeActivity(models.TextChoices):
    WALKING = "walking", "Walking"
    TREADMILL = "treadmill", "Treadmill walking"
    CYCLING = "cycling", "Cycling"
    FLEXION_EXERCISES = "flexion_exercises", "Flexion exercises"
    CORE_EXERCISES = "core_exercises", "Core exercises"
    GLUTEAL_EXERCISES = "gluteal_exercises", "Gluteal exercises"
    OTHER = "other", "Other"


class SkipReason(models.TextChoices):
    PAIN = "pain", "Too much pain"
    ILLNESS = "illness", "Unwell"
    NO_TIME = "no_time", "No time"
    WEATHER = "weather", "Weather"
    AWAY = "away", "Away from home"
    OTHER = "other", "Other"


HOME_SESSION_CONTENT_FIELDS = ("program_id", "performed_on", "status", "activities", "minutes",
                               "pain_nrs", "skip_reason", "note")


class HomeSession(VersionedRecord):
    """One home session the patient logged on the phone: done (what, how long, how painful) or
    skipped (why). The phone makes the id, so a resent batch is stored once."""

    content_fields = HOME_SESSION_CONTENT_FIELDS
    record_type = "home_session"

    id = models.UUIDField(primary_key=True, help_text="Generated by the phone; makes retries safe.")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="+")
    program = models.ForeignKey(ExerciseProgram, on_delete=models.PROTECT,
                                related_name="home_sessions")
    performed_on = models.DateField(help_text="The patient's local day of the session.")
    status = models.CharField(max_length=8, choices=HomeStatus.choices)
    activities = ArrayField(models.CharField(max_length=24, choices=HomeActivity.choices),
                            default=list, blank=True)
    minutes = models.PositiveSmallIntegerField(default=0)
    pain_nrs = models.PositiveSmallIntegerField(null=True, blank=True, help_text="0-10.")
    skip_reason = models.CharField(max_length=12, choices=SkipReason.choices, blank=True,
                                   default="")
    note = models.TextField(blank=True, default="")

    class Meta:
        ordering = ["-performed_on", "-created_at"]
        indexes = [models.Index(fields=["program", "performed_on"], name="home_by_program")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="done", skip_reason="") | Q(status="skipped", minutes=0),
                name="home_session_done_or_skipped"),
        ]

    def __str__(self) -> str:
        return f"Home session on {self.performed_on} ({self.status})"


class PauseReason(models.TextChoices):
    HOLIDAY = "holiday", "Holiday"
    ILLNESS = "illness", "Illness"
    OTHER = "other", "Other"


class ProgramPause(ClinicRecord):
    """Days, in the patient's calendar, on which no session is planned (both ends included)."""

    content_fields = ("starts_on", "ends_on", "reason", "note")
    record_type = "program_pause"

    program = models.ForeignKey(ExerciseProgram, on_delete=models.PROTECT, related_name="pauses")
    starts_on = models.DateField()
    ends_on = models.DateField()
    reason = models.CharField(max_length=12, choices=PauseReason.choices)

    class Meta:
        ordering = ["starts_on"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")),
                                   name="program_pause_ends_after_it_starts"),
        ]

    def __str__(self) -> str:
        return f"Pause {self.starts_on}-{self.ends_on}"


# Progress tests and the exercise library live in their own module; imported here so Django
# finds the models (see programs/outcomes.py).
from .outcomes import Exercise, ProgressTest  # noqa: E402, F401
