"""Supervised exercise programs: the prescription a coordinator or clinician sets for a patient.

Trends mark a program's start and end, and compare walking distances with those just before it.
"""

from django.db import models
from django.db.models import F, Q

from core.models import ClinicRecord

MAX_SESSIONS_PER_WEEK = 14
MAX_MINUTES_PER_SESSION = 240


class ExerciseProgram(ClinicRecord):
    """One exercise program (typically 12 weeks, 3 sessions a week of 30-60 minutes).

    ``entered_by`` is the coordinator or clinician who set it up; ``ended_on`` stays empty while
    the program runs.
    """

    content_fields = ("started_on", "ended_on", "sessions_per_week", "minutes_per_session", "note")
    record_type = "exercise_program"

    started_on = models.DateField(help_text="The patient's local day of the first session.")
    ended_on = models.DateField(null=True, blank=True, help_text="Empty while it runs.")
    sessions_per_week = models.PositiveSmallIntegerField()
    minutes_per_session = models.PositiveSmallIntegerField()

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


# Progress tests and the exercise library live in their own module; imported here so Django
# finds the models (see programs/outcomes.py).
from .outcomes import Exercise, ProgressTest  # noqa: E402, F401
