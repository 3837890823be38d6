"""Clinic-entered records: what a clinician may send, and what comes back with derived values."""

import re

from rest_framework import serializers

from core.fields import (
    MAX_NOTE_CHARS,
    AwareDateTimeField,
    StrictChoiceField,
    StrictFloatField,
    StrictIntegerField,
)
from core.serializers import check_record_time

from .models import (
    MAX_CALIBRATION_DISTANCE_M,
    REVASCULARISATIONS,
    AbiMeasurement,
    ArterialLevel,
    CalibrationKind,
    DistanceCalibration,
    Leg,
    PostureMeasure,
    PostureTest,
    PostureTestKind,
    Procedure,
    ProcedureKind,
    ProcedureSide,
    RutherfordAssessment,
)
from .scoring.abi import MAX_BRACHIAL_PRESSURE_MMHG, MAX_LEG_PRESSURE_MMHG, fontaine_stage
from .selectors import procedure_settles_at

READ_ONLY = ["id", "patient", "entered_by", "version", "created_at", "updated_at"]


def _pressure(maximum: int, **kwargs):
    return StrictIntegerField(min_value=0, max_value=maximum, allow_null=True, required=False,
                              default=None, **kwargs)


class ClinicRecordSerializer(serializers.ModelSerializer):
    """Shared shape: the patient and who entered it come from the URL and the sign-in."""

    patient = serializers.UUIDField(source="patient_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)
    time_field = ""

    def validate(self, attrs):
        if self.time_field in attrs:
            errors = check_record_time(attrs[self.time_field], field=self.time_field)
            if errors:
                raise serializers.ValidationError(errors)
        return attrs


class AbiMeasurementSerializer(ClinicRecordSerializer):
    time_field = "measured_at"
    measured_at = AwareDateTimeField()
    leg = StrictChoiceField(choices=Leg.choices)
    brachial_left_mmhg = _pressure(MAX_BRACHIAL_PRESSURE_MMHG)
    brachial_right_mmhg = _pressure(MAX_BRACHIAL_PRESSURE_MMHG)
    dorsalis_pedis_mmhg = _pressure(MAX_LEG_PRESSURE_MMHG, help_text="0 when no signal.")
    posterior_tibial_mmhg = _pressure(MAX_LEG_PRESSURE_MMHG, help_text="0 when no signal.")
    toe_pressure_mmhg = _pressure(MAX_LEG_PRESSURE_MMHG)
    post_exercise_abi = StrictFloatField(min_value=0, max_value=5, allow_null=True, required=False)
    post_exercise_ankle_mmhg = _pressure(MAX_LEG_PRESSURE_MMHG)
    abi_recovery_min = StrictFloatField(min_value=0, max_value=120, allow_null=True, required=False)

    class Meta:
        model = AbiMeasurement
        fields = READ_ONLY + [
            "measured_at", "leg", "brachial_left_mmhg", "brachial_right_mmhg",
            "dorsalis_pedis_mmhg", "posterior_tibial_mmhg", "toe_pressure_mmhg",
            "post_exercise_abi", "post_exercise_ankle_mmhg", "abi_recovery_min", "note",
            "ankle_pressure_mmhg", "resting_abi", "toe_brachial_index", "category",
            "interpretation",
        ]
        read_only_fields = READ_ONLY + [
            "ankle_pressure_mmhg", "resting_abi", "toe_brachial_index", "category",
            "interpretation",
        ]

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # ``attrs`` is a whole record: core.views merges a PATCH with the stored content first.
        errors = {}
        if attrs.get("brachial_left_mmhg") is None and attrs.get("brachial_right_mmhg") is None:
            errors["brachial_left_mmhg"] = ["Give at least one arm pressure."]
        if attrs.get("dorsalis_pedis_mmhg") is None and attrs.get("posterior_tibial_mmhg") is None:
            errors["dorsalis_pedis_mmhg"] = ["Give at least one ankle pressure."]
        if attrs.get("post_exercise_abi") is None:
            for field in ("post_exercise_ankle_mmhg", "abi_recovery_min"):
                if attrs.get(field) is not None:
                    errors[field] = ["Only with post_exercise_abi."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class RutherfordAssessmentSerializer(ClinicRecordSerializer):
    time_field = "assessed_at"
    assessed_at = AwareDateTimeField()
    category = StrictIntegerField(min_value=0, max_value=6, help_text="Rutherford category 0-6.")
    fontaine_stage = serializers.SerializerMethodField()

    class Meta:
        model = RutherfordAssessment
        fields = READ_ONLY + ["assessed_at", "category", "fontaine_stage", "note"]
        read_only_fields = READ_ONLY

    def get_fontaine_stage(self, record) -> str:
        return fontaine_stage(record.category)


class DistanceCalibrationSerializer(ClinicRecordSerializer):
    time_field = "recorded_at"
    recorded_at = AwareDateTimeField()
    kind = StrictChoiceField(choices=CalibrationKind.choices)
    measured_distance_m = StrictFloatField(min_value=1, max_value=MAX_CALIBRATION_DISTANCE_M,
                                           help_text="The true distance, measured by the clinic.")
    phone_distance_m = StrictFloatField(min_value=1, max_value=MAX_CALIBRATION_DISTANCE_M,
                                        help_text="What the phone recorded for the same walk.")
    factor = serializers.FloatField(read_only=True)

    class Meta:
        model = DistanceCalibration
        fields = READ_ONLY + ["recorded_at", "kind", "measured_distance_m", "phone_distance_m",
                              "factor", "note"]
        read_only_fields = READ_ONLY + ["factor"]


class PostureTestSerializer(ClinicRecordSerializer):
    time_field = "performed_at"
    performed_at = AwareDateTimeField()
    kind = StrictChoiceField(choices=PostureTestKind.choices)
    measure = StrictChoiceField(choices=PostureMeasure.choices)
    upright_value = StrictFloatField(min_value=0, max_value=100_000, min_nonzero=0.01,
                                     help_text="Upright (bicycle) or without the aid (walking).")
    forward_value = StrictFloatField(min_value=0, max_value=100_000, min_nonzero=0.01,
                                     help_text="Leaning forward (bicycle) or with the aid.")
    forward_censored = serializers.BooleanField(required=False, default=False)

    class Meta:
        model = PostureTest
        fields = READ_ONLY + ["performed_at", "kind", "measure", "upright_value", "forward_value",
                              "forward_censored", "effect_pct", "note"]
        read_only_fields = READ_ONLY + ["effect_pct"]


SPINAL_LEVELS = re.compile(r"^(T12|L[1-5]|S1)(-(L[1-5]|S1))?$")


class ProcedureSerializer(ClinicRecordSerializer):
    time_field = "performed_at"
    performed_at = AwareDateTimeField()
    kind = StrictChoiceField(choices=ProcedureKind.choices)
    side = StrictChoiceField(choices=ProcedureSide.choices, required=False, allow_blank=True)
    arterial_level = StrictChoiceField(choices=ArterialLevel.choices, required=False,
                                       allow_blank=True)
    spinal_levels = serializers.CharField(max_length=16, required=False, allow_blank=True,
                                          help_text="Spinal levels treated, e.g. L4-L5.")
    settles_at = serializers.SerializerMethodField(
        help_text="From this time on, walks count towards the baseline after the procedure.")

    class Meta:
        model = Procedure
        fields = READ_ONLY + ["performed_at", "kind", "side", "arterial_level", "spinal_levels",
                              "settles_at", "note"]
        read_only_fields = READ_ONLY

    def get_settles_at(self, record) -> str:
        return procedure_settles_at(record).isoformat()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        errors = {}
        if attrs.get("kind") in REVASCULARISATIONS:
            for field in ("side", "arterial_level"):
                if not attrs.get(field):
                    errors[field] = ["Required for a revascularisation."]
            if attrs.get("spinal_levels"):
                errors["spinal_levels"] = ["Only for a spinal procedure or injection."]
        else:
            if attrs.get("arterial_level"):
                errors["arterial_level"] = ["Only for a revascularisation."]
            levels = attrs.get("spinal_levels") or ""
            if levels and not SPINAL_LEVELS.match(levels):
                errors["spinal_levels"] = ["Give the levels as, for example, L4-L5 or L5-S1."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs
