"""JSON shapes of the trends query and of the patient summary."""

from datetime import timedelta

from rest_framework import serializers

from accounts.serializers import PatientSerializer
from core.fields import BoundedDateField, StrictChoiceField
from core.severity import Severity

from .trends import BUCKETS

MAX_TREND_RANGE = timedelta(days=3660)  # ten years and a little


class TrendQuerySerializer(serializers.Serializer):
    """``from`` and ``to`` are the patient's local days (default: the last 90); ``bucket``."""

    to = BoundedDateField(required=False)
    bucket = StrictChoiceField(choices=[(b, b) for b in BUCKETS], default="week")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = BoundedDateField(required=False)  # a Python keyword
        return fields

    def validate(self, attrs):
        start, end = attrs.get("from"), attrs.get("to")
        if start is not None and end is not None:
            if start > end:
                raise serializers.ValidationError({"from": ["Must not be after 'to'."]})
            if end - start > MAX_TREND_RANGE:
                raise serializers.ValidationError(
                    {"from": [f"The range may span at most {MAX_TREND_RANGE.days} days."]})
        return attrs


class PatientSummarySerializer(serializers.Serializer):
    """Shapes ``insights.summary.patient_summary``; keyed sections hold the latest record each."""

    patient = serializers.UUIDField()
    suspected_cause = serializers.CharField()
    affected_side = serializers.CharField()
    distance_calibration_factor = serializers.FloatField()
    abi = serializers.DictField(
        child=serializers.DictField(),
        help_text="Latest per leg, with its WIfI ischaemia grade (wifi_ischaemia_grade).")
    exercise_abi_suggested = serializers.ListField(
        child=serializers.DictField(),
        help_text="Legs for which an exercise ABI is suggested: leg, measurement_id, resting_abi, "
                  "reason (normal or borderline resting ABI in a symptomatic patient, no "
                  "post-exercise ABI recorded).")
    rutherford = serializers.DictField(allow_null=True)
    procedures = serializers.ListField(
        child=serializers.DictField(),
        help_text="Newest first; walking is judged afresh from settles_at.")
    questionnaires = serializers.DictField(child=serializers.DictField(),
                                           help_text="Latest per instrument.")
    posture_tests = serializers.DictField(child=serializers.DictField(),
                                          help_text="Latest per kind.")
    red_flags_90_days = serializers.ListField(child=serializers.DictField())
    walks = serializers.DictField()


class PatientRiskSerializer(serializers.Serializer):
    """Why a patient stands where they do in the risk-ordered list."""

    open_alerts = serializers.IntegerField()
    max_severity = serializers.ChoiceField(choices=Severity.choices, allow_null=True,
                                           help_text="Of the open alerts; null without any.")
    declining = serializers.BooleanField()
    last_walk_at = serializers.DateTimeField(allow_null=True)
    days_silent = serializers.IntegerField(help_text="Since the last walk, or since enrolment.")
    days_since_last_walk = serializers.IntegerField(
        allow_null=True, help_text="Local days since the last walk (0: today); null: never.")
    top_alert = serializers.DictField(
        allow_null=True, help_text="The alert that ranks the patient: kind, status and a short "
                                   "label (\"Pain-free distance −49 %\").")


class PatientClinicalSerializer(serializers.Serializer):
    """The clinical columns of the risk list."""

    age_years = serializers.IntegerField(allow_null=True)
    abi = serializers.DictField(
        allow_null=True, help_text="The latest resting ABI (the lower leg when both were measured "
                                   "together): value, category, leg, measured_at.")
    rutherford_category = serializers.IntegerField(allow_null=True)
    in_program = serializers.BooleanField(help_text="An exercise program is running today.")


class PatientRiskRowSerializer(PatientSerializer):
    """A row of ``?ordering=risk``: the patient, their risk and a 30-day pain-free sparkline."""

    risk = PatientRiskSerializer()
    clinical = PatientClinicalSerializer()
    sparkline = serializers.ListField(
        child=serializers.FloatField(allow_null=True),
        help_text="Pain-free distance (m) of each of the last 30 local days, oldest first; null "
                  "on a day without walks.")
    sparkline_censored = serializers.ListField(
        child=serializers.BooleanField(),
        help_text="True where that day's value is a lower bound (no pain came).")
    sparkline_from = serializers.DateField(help_text="The local day of the first value.")

    class Meta(PatientSerializer.Meta):
        fields = [*PatientSerializer.Meta.fields, "risk", "clinical", "sparkline",
                  "sparkline_censored",
                  "sparkline_from"]
        read_only_fields = fields


# --- the coordinator's cohort table (issue 12) -------------------------------------------------

class _CohortProgramSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    mode = serializers.CharField()
    started_on = serializers.DateField()
    weeks = serializers.IntegerField(allow_null=True)
    sessions_per_week = serializers.IntegerField()


class _CohortPatientSerializer(serializers.Serializer):
    id = serializers.UUIDField()
    email = serializers.EmailField()
    full_name = serializers.CharField()
    time_zone = serializers.CharField()


class _CohortMedianSerializer(serializers.Serializer):
    value = serializers.FloatField(help_text="KM median pain-free distance, calibrated metres.")
    censored = serializers.BooleanField(help_text="True: a lower bound (median not reached).")
    walks = serializers.IntegerField()


class _CohortChangeSerializer(serializers.Serializer):
    value_m = serializers.FloatField()
    pct = serializers.FloatField()
    censored = serializers.BooleanField(help_text="True: at least this much (a lower bound).")


class _CohortDistanceSerializer(serializers.Serializer):
    reference = _CohortMedianSerializer(allow_null=True)
    reference_from = serializers.ChoiceField(
        choices=["before_program", "program_first_weeks"], allow_null=True,
        help_text="The 28 days before the program, or its first 14 days when no walk came "
                  "before it.")
    current = _CohortMedianSerializer(allow_null=True, help_text="The last 14 local days.")
    change = _CohortChangeSerializer(allow_null=True)


class ProgramCohortRowSerializer(serializers.Serializer):
    """One running program in the cohort table (``insights.program_cohort``)."""

    program = _CohortProgramSerializer()
    patient = _CohortPatientSerializer()
    week = serializers.IntegerField(help_text="The program week the patient is in today.")
    weeks_done = serializers.IntegerField()
    sessions_done = serializers.IntegerField()
    sessions_planned = serializers.IntegerField()
    adherence_pct = serializers.FloatField(allow_null=True)
    adherence_recent_pct = serializers.FloatField(
        allow_null=True, help_text="Sessions done against planned over the last 2 weeks.")
    minutes_adherence_pct = serializers.FloatField(allow_null=True)
    last_session_on = serializers.DateField(allow_null=True)
    days_since_last_session = serializers.IntegerField(allow_null=True)
    missed_in_a_row = serializers.IntegerField()
    pain_free_distance_m = _CohortDistanceSerializer()
