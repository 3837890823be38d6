"""Progress tests the care team records in the clinic (the 6-minute walk test and the graded
treadmill test, Gardner protocol), versioned like every other clinic record and recorded by
clinicians and the coordinators of the patient's care team; and the exercise library, the same
for every clinic. Imported at the bottom of ``programs.models`` so Django finds the models."""

from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q

from core.models import ClinicRecord

# A 6-minute walk at 2.5 m/s (a brisk healthy adult) covers 900 m; 1200 m leaves room for a
# long corridor error without letting a typo in kilometres or feet through.
MAX_SIX_MINUTE_WALK_M = 1200
# The Gardner test runs until the patient stops for maximal pain; past 30 minutes (grade 30 %)
# it is not a claudication test any more.
MAX_TREADMILL_S = 1800


class ProgressTestKind(models.TextChoices):
    SIX_MINUTE_WALK = "six_minute_walk", "6-minute walk test"
    GRADED_TREADMILL = "graded_treadmill", "Graded treadmill test (Gardner)"


class TreadmillProtocol(models.TextChoices):
    # 2 mph, 0 % grade, +2 % every 2 minutes (the protocol Gardner 2018, programs/mcid.py, used).
    # Usually cited as Gardner AW, Skinner JS, Cantwell BW, Smith LK. Progressive vs single-stage
    # treadmill tests for evaluation of claudication. Med Sci Sports Exerc 1991;23(4):402-8;
    # that reference is from memory and was not checked against the paper.
    GARDNER = "gardner", "Gardner: 2 mph, 0 % grade, +2 % every 2 min"


class ProgressTest(ClinicRecord):
    """One progress test. A 6-minute walk has ``distance_m`` (and ``pain_onset_m`` when pain
    came); a treadmill test has ``peak_walking_s`` (and ``claudication_onset_s`` when
    claudication came). Empty onset = no pain during the test (censored at the test's end)."""

    content_fields = ("performed_at", "kind", "protocol", "distance_m", "pain_onset_m",
                      "claudication_onset_s", "peak_walking_s", "note")
    record_type = "progress_test"

    performed_at = models.DateTimeField()
    kind = models.CharField(max_length=24, choices=ProgressTestKind.choices)
    protocol = models.CharField(max_length=16, choices=TreadmillProtocol.choices, blank=True,
                                default="", help_text="Treadmill tests only.")
    distance_m = models.PositiveIntegerField(null=True, blank=True,
                                             help_text="6-minute walk: metres walked.")
    pain_onset_m = models.PositiveIntegerField(
        null=True, blank=True, help_text="6-minute walk: metres at pain onset; empty if none.")
    claudication_onset_s = models.PositiveIntegerField(
        null=True, blank=True, help_text="Treadmill: seconds to claudication onset; empty if none.")
    peak_walking_s = models.PositiveIntegerField(
        null=True, blank=True, help_text="Treadmill: seconds to maximal pain or stop.")

    class Meta:
        ordering = ["-performed_at"]
        indexes = [models.Index(fields=["patient", "kind", "performed_at"],
                                name="programs_progress_patient")]
        constraints = [
            models.CheckConstraint(
                name="progress_six_minute_walk_shape",
                condition=~Q(kind="six_minute_walk") | (
                    Q(distance_m__isnull=False, distance_m__lte=MAX_SIX_MINUTE_WALK_M)
                    & Q(claudication_onset_s__isnull=True, peak_walking_s__isnull=True)
                    & (Q(pain_onset_m__isnull=True) | Q(pain_onset_m__lte=F("distance_m")))
                    & Q(protocol="")
                ),
            ),
            models.CheckConstraint(
                name="progress_treadmill_shape",
                condition=~Q(kind="graded_treadmill") | (
                    Q(peak_walking_s__isnull=False, peak_walking_s__gte=1,
                      peak_walking_s__lte=MAX_TREADMILL_S)
                    & Q(distance_m__isnull=True, pain_onset_m__isnull=True)
                    & (Q(claudication_onset_s__isnull=True)
                       | Q(claudication_onset_s__lte=F("peak_walking_s")))
                    & Q(protocol="gardner")
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.performed_at:%Y-%m-%d}"

    def clean(self) -> None:
        """The check constraints' rules as field errors, for the admin's form (the API's
        serializer says the same before a save)."""
        if self.kind == ProgressTestKind.SIX_MINUTE_WALK:
            own, onset, foreign = "distance_m", "pain_onset_m", ("claudication_onset_s",
                                                                   "peak_walking_s")
        else:
            own, onset, foreign = "peak_walking_s", "claudication_onset_s", ("distance_m",
                                                                           "pain_onset_m")
        errors = {field: f"Not part of a {self.kind} test." for field in foreign
                  if getattr(self, field) is not None}
        total = getattr(self, own)
        if total is None:
            errors[own] = f"Required for a {self.kind} test."
        elif getattr(self, onset) is not None and getattr(self, onset) > total:
            errors[onset] = f"Must not be more than {own}."
        expected_protocol = "" if self.kind == ProgressTestKind.SIX_MINUTE_WALK else "gardner"
        if self.protocol != expected_protocol:
            errors["protocol"] = f"Must be {expected_protocol or 'empty'} for a {self.kind} test."
        if errors:
            raise ValidationError(errors)


# --- Exercise library ---------------------------------------------------------------------------


class ExerciseCause(models.TextChoices):
    VASCULAR = "vascular", "Vascular claudication"
    NEUROGENIC = "neurogenic", "Neurogenic claudication (spinal stenosis)"
    BOTH = "both", "Both"


def validate_media_url(value: str) -> None:
    """A path on our own storage ("/media/..."), or https on a host in EXERCISE_MEDIA_HOSTS."""
    if not value:
        return
    parts = urlsplit(value)
    if not parts.scheme and not parts.netloc and value.startswith("/") and "\\" not in value:
        return
    hosts = set(getattr(settings, "EXERCISE_MEDIA_HOSTS", []))
    if parts.scheme == "https" and parts.hostname and parts.hostname in hosts:
        return
    raise ValidationError(
        "Must be a path on this service (starting with /) or an https URL on a host in "
        "EXERCISE_MEDIA_HOSTS; media are never loaded from a third-party CDN.",
        code="media_url",
    )


class Exercise(models.Model):
    """One entry of the exercise library: the same for every clinic, read-only through the API
    (kept in the admin and seeded by a data migration)."""

    slug = models.SlugField(max_length=64, unique=True)
    name = models.CharField(max_length=120)
    cause = models.CharField(max_length=16, choices=ExerciseCause.choices)
    instructions = models.TextField(help_text="Plain, step-by-step, with when to stop.")
    dose = models.CharField(max_length=200, help_text="How much and how often.")
    media_url = models.CharField(max_length=500, blank=True, default="",
                                 validators=[validate_media_url],
                                 help_text="Our own storage path or a configured media host.")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
