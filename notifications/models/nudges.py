"""Exercise nudges: a push to a patient who missed sessions of their program, one per run.

A run of missed (or skipped) sessions is named by its first planned day; a new run starts after
a session is done. The unique constraint on program and run start keeps it to one nudge however
often the sweep or the evaluation task runs, as the delivery log does for alert messages.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from .delivery import DeliveryStatus


class ExerciseNudge(models.Model):
    """One push to the patient about one run of missed sessions of one program."""

    id = models.BigAutoField(primary_key=True)
    program = models.ForeignKey("programs.ExerciseProgram", on_delete=models.CASCADE,
                                related_name="+")
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE,
                                related_name="+")
    run_started_on = models.DateField(help_text="The first planned day of the run (local day).")
    missed_in_a_row = models.PositiveSmallIntegerField(help_text="When the nudge was decided.")
    exercise_slug = models.SlugField(max_length=64, blank=True, default="",
                                     help_text="The library exercise the push links to.")
    message = models.TextField(help_text="The exact text pushed, fixed when decided.")
    status = models.CharField(max_length=10, choices=DeliveryStatus.choices,
                              default=DeliveryStatus.PENDING)
    not_before = models.DateTimeField(null=True, blank=True,
                                      help_text="End of the patient's quiet hours.")
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True, default="")
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["program", "run_started_on"],
                                    name="one_nudge_per_program_and_missed_run"),
        ]

    def __str__(self) -> str:
        return f"Nudge for program {self.program_id}, run from {self.run_started_on}"
