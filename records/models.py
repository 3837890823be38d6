"""What the clinic records: ABI measurements, Rutherford grades, distance calibrations and
posture tests. Derived values (ABI, category, posture effect) are computed from the entered
values (``records.derived``) and stored beside them, so that the record shows what the clinician
saw. The tables were created by tracker's migrations and keep their names."""

from django.db import models
from django.db.models import Q

from core.models import ClinicRecord

from . import derived

# A calibration walk is at most as long as the longest walk a phone may log.
MAX_CALIBRATION_DISTANCE_M = 50_000


class Leg(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"


class AbiMeasurement(ClinicRecord):
    """Ankle-brachial index of one leg at one visit, from the pressures the clinician entered."""

    content_fields = (
        "measured_at", "leg", "brachial_left_mmhg", "brachial_right_mmhg", "dorsalis_pedis_mmhg",
        "posterior_tibial_mmhg", "toe_pressure_mmhg", "post_exercise_abi",
        "post_exercise_ankle_mmhg", "abi_recovery_min", "note",
    )
    record_type = "abi"

    measured_at = models.DateTimeField()
    leg = models.CharField(max_length=8, choices=Leg.choices)
    brachial_left_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    brachial_right_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    dorsalis_pedis_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    posterior_tibial_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    toe_pressure_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    post_exercise_abi = models.FloatField(null=True, blank=True)
    post_exercise_ankle_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    abi_recovery_min = models.FloatField(null=True, blank=True)

    # Derived, computed on save by the service.
    ankle_pressure_mmhg = models.PositiveSmallIntegerField(null=True, blank=True)
    resting_abi = models.FloatField(null=True, blank=True)
    toe_brachial_index = models.FloatField(null=True, blank=True)
    category = models.CharField(max_length=20, blank=True, default="")
    interpretation = models.JSONField(default=dict, blank=True)

    class Meta:
        db_table = "tracker_abimeasurement"
        ordering = ["-measured_at", "leg"]
        indexes = [
            models.Index(fields=["patient", "-measured_at"], name="tracker_abi_patient_time"),
        ]

    def derive(self) -> None:
        derived.abi_derive(self)


class RutherfordAssessment(ClinicRecord):
    """The Rutherford category a clinician assigned at a visit; the rows form its history."""

    content_fields = ("assessed_at", "category", "note")
    record_type = "rutherford"

    assessed_at = models.DateTimeField()
    category = models.PositiveSmallIntegerField()

    class Meta:
        db_table = "tracker_rutherfordassessment"
        ordering = ["-assessed_at"]
        indexes = [
            models.Index(fields=["patient", "-assessed_at"], name="tracker_rutherford_patient"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(category__lte=6), name="rutherford_category_0_6"),
        ]

    def derive(self) -> None:
        derived.rutherford_check(self)


class CalibrationKind(models.TextChoices):
    MEASURED_COURSE = "measured_course", "Walk over a measured course"
    SIX_MINUTE_WALK = "six_minute_walk", "Six-minute walk test"


class DistanceCalibration(ClinicRecord):
    """A walk whose true distance the clinic measured, beside what the phone recorded for it."""

    content_fields = ("recorded_at", "kind", "measured_distance_m", "phone_distance_m", "note")
    record_type = "calibration"

    recorded_at = models.DateTimeField()
    kind = models.CharField(max_length=20, choices=CalibrationKind.choices)
    measured_distance_m = models.FloatField()
    phone_distance_m = models.FloatField()

    class Meta:
        db_table = "tracker_distancecalibration"
        ordering = ["-recorded_at"]
        indexes = [
            models.Index(fields=["patient", "-recorded_at"], name="tracker_calibration_patient"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(measured_distance_m__gt=0) & Q(phone_distance_m__gt=0),
                name="calibration_distances_positive",
            ),
        ]

    @property
    def factor(self) -> float:
        """Multiply a phone distance by this to get the true distance."""
        return self.measured_distance_m / self.phone_distance_m


class PostureTestKind(models.TextChoices):
    BICYCLE = "bicycle", "Bicycle test: upright against leaning forward"
    SHOPPING_CART = "shopping_cart", "Walking without and with a forward-leaning aid"


class PostureMeasure(models.TextChoices):
    TIME_S = "time_s", "Seconds to symptom onset"
    WORKLOAD_W = "workload_w", "Workload at symptom onset (W)"
    DISTANCE_M = "distance_m", "Metres to symptom onset"


class PostureTest(ClinicRecord):
    """The same work in two postures: an upright and a forward-leaning result, and the effect."""

    content_fields = ("performed_at", "kind", "measure", "upright_value", "forward_value",
                      "forward_censored", "note")
    record_type = "posture_test"

    performed_at = models.DateTimeField()
    kind = models.CharField(max_length=16, choices=PostureTestKind.choices)
    measure = models.CharField(max_length=16, choices=PostureMeasure.choices)
    upright_value = models.FloatField(help_text="Without leaning forward (or without the aid).")
    forward_value = models.FloatField(help_text="Leaning forward (or with the aid).")
    forward_censored = models.BooleanField(
        default=False, help_text="The forward-leaning test ended before any symptom came."
    )
    effect_pct = models.FloatField(null=True, blank=True)

    class Meta:
        db_table = "tracker_posturetest"
        ordering = ["-performed_at"]
        indexes = [
            models.Index(fields=["patient", "-performed_at"], name="tracker_posture_patient"),
        ]

    def derive(self) -> None:
        derived.posture_effect_derive(self)


# After a procedure, walking is judged against the walks that follow it, once this many days
# have passed: wound pain and restricted activity in the first two weeks say nothing about the
# new baseline (a project choice; issue 10 asks for 14 days by default).
PROCEDURE_SETTLING_DAYS = 14


class ProcedureKind(models.TextChoices):
    ENDOVASCULAR_REVASCULARISATION = ("endovascular_revascularisation",
                                      "Endovascular revascularisation")
    OPEN_REVASCULARISATION = "open_revascularisation", "Open (surgical) revascularisation"
    DECOMPRESSION = "decompression", "Spinal decompression"
    FUSION = "fusion", "Spinal fusion"
    EPIDURAL_INJECTION = "epidural_injection", "Epidural injection"


REVASCULARISATIONS = frozenset({ProcedureKind.ENDOVASCULAR_REVASCULARISATION,
                                ProcedureKind.OPEN_REVASCULARISATION})


class ArterialLevel(models.TextChoices):
    AORTOILIAC = "aortoiliac", "Aorto-iliac"
    FEMOROPOPLITEAL = "femoropopliteal", "Femoro-popliteal"
    INFRAPOPLITEAL = "infrapopliteal", "Infra-popliteal"


class ProcedureSide(models.TextChoices):
    LEFT = "left", "Left"
    RIGHT = "right", "Right"
    BOTH = "both", "Both"


class Procedure(ClinicRecord):
    """A revascularisation, a spinal decompression or fusion, or an epidural injection. Decline
    detection and the trend baseline start again from the walks after it."""

    content_fields = ("performed_at", "kind", "side", "arterial_level", "spinal_levels", "note")
    record_type = "procedure"

    performed_at = models.DateTimeField()
    kind = models.CharField(max_length=32, choices=ProcedureKind.choices)
    side = models.CharField(max_length=8, choices=ProcedureSide.choices, blank=True, default="",
                            help_text="The leg treated (revascularisation); empty for the spine.")
    arterial_level = models.CharField(max_length=16, choices=ArterialLevel.choices, blank=True,
                                      default="")
    spinal_levels = models.CharField(max_length=16, blank=True, default="",
                                     help_text="Spinal levels treated, e.g. L4-L5.")

    class Meta:
        ordering = ["-performed_at"]
        indexes = [models.Index(fields=["patient", "-performed_at"],
                                name="records_procedure_patient")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} on {self.performed_at:%Y-%m-%d}"
