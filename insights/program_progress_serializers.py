"""JSON shape of a program's progress against the MCIDs: the progress tests (the shape
programs has always answered), the walking distances and the questionnaire scores."""

from rest_framework import serializers

from programs.outcome_serializers import MeasureProgressSerializer

from .program_progress import SCORE_MEASURE_NAMES, WALKING_MEASURE_NAMES


class WalkingWindowSerializer(serializers.Serializer):
    value = serializers.FloatField(help_text="Kaplan-Meier median, calibrated metres.")
    censored = serializers.BooleanField(
        help_text="True when fewer than half the walks reached the event: a lower bound.")
    walks = serializers.IntegerField()
    # "from" is a Python keyword: declared below.
    to = serializers.DateField(help_text="Last local day of the window.")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(help_text="First local day of the window.")
        return fields


class TypicalGainSerializer(serializers.Serializer):
    gain_m = serializers.IntegerField(help_text="Typical gain after supervised exercise.")
    reached = serializers.BooleanField(
        allow_null=True, help_text="Null when the change is a lower bound below the gain, or "
                                   "there is no change.")
    is_mcid = serializers.BooleanField(help_text="Always false: this is not an MCID.")
    source = serializers.CharField()


class WalkingProgressSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=WALKING_MEASURE_NAMES)
    unit = serializers.CharField()
    reference = WalkingWindowSerializer(allow_null=True)
    # Named as in the cohort table (one enum in the schema).
    reference_from = serializers.ChoiceField(
        choices=["before_program", "program_first_weeks"], allow_null=True,
        help_text="The 28 days before the program, or its first 14 days when no walk came "
                  "before it.")
    current = WalkingWindowSerializer(
        allow_null=True, help_text="The last 14 local days (of the program, once it ended).")
    change = serializers.FloatField(allow_null=True, help_text="current - reference, metres.")
    change_is_lower_bound = serializers.BooleanField()
    typical_gain = TypicalGainSerializer(
        help_text="No MCID is published for distances walked in daily life: the change is "
                  "shown against the typical gain of supervised exercise instead.")


class ScorePointSerializer(serializers.Serializer):
    response_id = serializers.UUIDField()
    answered_at = serializers.DateTimeField()
    value = serializers.FloatField()


class ScoreThresholdsSerializer(serializers.Serializer):
    small = serializers.FloatField(allow_null=True)
    moderate = serializers.FloatField(allow_null=True)
    large = serializers.FloatField(allow_null=True)
    reached_at = serializers.FloatField(
        allow_null=True, help_text="For an instrument with one threshold (ODI, ZCQ).")
    unit = serializers.CharField()
    source = serializers.CharField(help_text="The publication; says so where unverified.")
    rule = serializers.CharField()


class ScoreProgressSerializer(serializers.Serializer):
    measure = serializers.ChoiceField(choices=SCORE_MEASURE_NAMES)
    instrument = serializers.ChoiceField(choices=["wiq", "vascuqol6", "odi", "zcq"])
    higher_is_better = serializers.BooleanField(help_text="ODI and ZCQ: lower is better.")
    baseline = ScorePointSerializer(
        allow_null=True, help_text="The last score in the 90 days up to the program's first day, "
                                   "else the first within 2 weeks after.")
    latest = ScorePointSerializer(allow_null=True)
    change = serializers.FloatField(allow_null=True, help_text="latest - baseline.")
    improvement = serializers.FloatField(
        allow_null=True, help_text="The change in the better direction (positive = better).")
    verdict = serializers.ChoiceField(
        choices=["not_reached", "small", "moderate", "large", "reached"], allow_null=True)
    mcid = ScoreThresholdsSerializer()


class ProgramOutcomesSerializer(serializers.Serializer):
    program = serializers.UUIDField(source="program.pk")
    patient = serializers.UUIDField(source="program.patient_id")
    started_on = serializers.DateField(source="program.started_on")
    ended_on = serializers.DateField(source="program.ended_on", allow_null=True)
    cause = serializers.ChoiceField(
        choices=["vascular", "neurogenic"], allow_null=True,
        help_text="Decides the questionnaires; null: unknown, all are shown.")
    measures = MeasureProgressSerializer(many=True, help_text="The progress tests.")
    walking = WalkingProgressSerializer(many=True)
    questionnaires = ScoreProgressSerializer(many=True)
