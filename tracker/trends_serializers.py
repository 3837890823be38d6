"""JSON shapes of the trends query and of exercise programs."""

from datetime import timedelta

from rest_framework import serializers

from .fields import StrictChoiceField, StrictIntegerField
from .models import MAX_NOTE_CHARS, ExerciseProgram
from .models.programs import MAX_MINUTES_PER_SESSION, MAX_SESSIONS_PER_WEEK
from .trends import BUCKETS

MAX_TREND_RANGE = timedelta(days=3660)  # ten years and a little


class TrendQuerySerializer(serializers.Serializer):
    """``from`` and ``to`` are the patient's local days (default: the last 90); ``bucket``."""

    to = serializers.DateField(required=False)
    bucket = StrictChoiceField(choices=[(b, b) for b in BUCKETS], default="week")

    def get_fields(self):
        fields = super().get_fields()
        fields["from"] = serializers.DateField(required=False)  # a Python keyword
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


class ExerciseProgramSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    sessions_per_week = StrictIntegerField(min_value=1, max_value=MAX_SESSIONS_PER_WEEK)
    minutes_per_session = StrictIntegerField(min_value=1, max_value=MAX_MINUTES_PER_SESSION)
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)

    class Meta:
        model = ExerciseProgram
        fields = ["id", "patient", "entered_by", "started_on", "ended_on", "sessions_per_week",
                  "minutes_per_session", "note", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "patient", "entered_by", "version", "created_at", "updated_at"]

    def validate(self, attrs):
        started = attrs.get("started_on", getattr(self.instance, "started_on", None))
        ended = attrs.get("ended_on", getattr(self.instance, "ended_on", None))
        if started is not None and ended is not None and ended < started:
            raise serializers.ValidationError({"ended_on": ["Must not be before started_on."]})
        return attrs
