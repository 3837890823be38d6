"""JSON shapes of progress tests, of each progress-test measure of a program (insights answers
the whole progress) and of the exercise library."""

from rest_framework import serializers

from core.fields import MAX_NOTE_CHARS, AwareDateTimeField, StrictChoiceField, StrictIntegerField
from core.serializers import check_record_time

from .outcomes import (
    MAX_SIX_MINUTE_WALK_M,
    MAX_TREADMILL_S,
    Exercise,
    ExerciseCause,
    ProgressTest,
    ProgressTestKind,
    TreadmillProtocol,
)

READ_ONLY = ["id", "patient", "entered_by", "version", "created_at", "updated_at"]
SIX_MINUTE_FIELDS = ("distance_m", "pain_onset_m")
TREADMILL_FIELDS = ("claudication_onset_s", "peak_walking_s")


def _optional_int(maximum: int, help_text: str):
    return StrictIntegerField(min_value=0, max_value=maximum, allow_null=True, required=False,
                              default=None, help_text=help_text)


class ProgressTestSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    performed_at = AwareDateTimeField()
    kind = StrictChoiceField(choices=ProgressTestKind.choices)
    protocol = StrictChoiceField(
        choices=TreadmillProtocol.choices, required=False, allow_blank=True,
        help_text="Treadmill tests: gardner (the default); empty for a 6-minute walk.")
    distance_m = _optional_int(MAX_SIX_MINUTE_WALK_M, "6-minute walk: metres walked in 6 min.")
    pain_onset_m = _optional_int(MAX_SIX_MINUTE_WALK_M,
                                 "6-minute walk: metres at pain onset; null if no pain came.")
    claudication_onset_s = _optional_int(
        MAX_TREADMILL_S, "Treadmill: seconds to claudication onset; null if none came.")
    peak_walking_s = StrictIntegerField(
        min_value=1, max_value=MAX_TREADMILL_S, allow_null=True, required=False, default=None,
        help_text="Treadmill: seconds until the patient stopped (maximal pain).")
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)

    class Meta:
        model = ProgressTest
        fields = READ_ONLY + ["performed_at", "kind", "protocol", *SIX_MINUTE_FIELDS,
                              *TREADMILL_FIELDS, "note"]
        read_only_fields = READ_ONLY

    def validate(self, attrs):
        # ``attrs`` is a whole record: core.views merges a PATCH with the stored content first.
        errors = check_record_time(attrs["performed_at"], field="performed_at")
        kind = attrs["kind"]
        if kind == ProgressTestKind.SIX_MINUTE_WALK:
            # (onset field, the total it must not exceed), and the other kind's fields
            onset, total, foreign = "pain_onset_m", "distance_m", TREADMILL_FIELDS
            if attrs.get("protocol"):
                errors["protocol"] = ["Only for a treadmill test."]
            attrs["protocol"] = ""
        else:
            onset, total, foreign = "claudication_onset_s", "peak_walking_s", SIX_MINUTE_FIELDS
            attrs["protocol"] = attrs.get("protocol") or TreadmillProtocol.GARDNER
        if attrs.get(total) is None:
            errors[total] = [f"Required for a {kind} test."]
        elif attrs.get(onset) is not None and attrs[onset] > attrs[total]:
            errors[onset] = [f"Must not be more than {total}."]
        for field in foreign:
            if attrs.get(field) is not None:
                errors[field] = [f"Not part of a {kind} test."]
        if errors:
            raise serializers.ValidationError(errors)
        return attrs


class MeasuredValueSerializer(serializers.Serializer):
    test_id = serializers.UUIDField(help_text="The progress test the value comes from.")
    performed_at = serializers.DateTimeField()
    value = serializers.IntegerField()
    censored = serializers.BooleanField(
        help_text="True when no claudication came: the value is a lower bound (the test's end).")


class McidSerializer(serializers.Serializer):
    small = serializers.IntegerField()
    moderate = serializers.IntegerField(allow_null=True, help_text="Null when not published.")
    large = serializers.IntegerField()
    unit = serializers.CharField()
    source = serializers.CharField(help_text="The publication the thresholds come from.")


class MeasureProgressSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(
        choices=["claudication_onset_s", "peak_walking_s", "six_minute_walk_m"])
    unit = serializers.CharField()
    baseline = MeasuredValueSerializer(
        allow_null=True,
        help_text="The last test on or before the program's first day, else the first within "
                  "2 weeks after; null if none.")
    latest = MeasuredValueSerializer(allow_null=True, help_text="The latest test since the "
                                     "baseline (up to 2 weeks after the program's end).")
    change = serializers.IntegerField(allow_null=True, help_text="latest - baseline.")
    change_is_lower_bound = serializers.BooleanField()
    verdict = serializers.ChoiceField(
        choices=["not_reached", "small", "moderate", "large"], allow_null=True,
        help_text="The largest MCID the improvement reaches; null without a change to judge.")
    mcid = McidSerializer()


class ExerciseSerializer(serializers.ModelSerializer):
    class Meta:
        model = Exercise
        fields = ["slug", "name", "cause", "instructions", "dose", "media_url"]
        read_only_fields = fields


class ExerciseFilterSerializer(serializers.Serializer):
    cause = StrictChoiceField(
        choices=[ExerciseCause.VASCULAR, ExerciseCause.NEUROGENIC], required=False,
        help_text="Exercises for this cause, and those for both.")
