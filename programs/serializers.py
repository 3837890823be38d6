"""JSON shapes of exercise programs."""

from rest_framework import serializers

from core.fields import MAX_NOTE_CHARS, BoundedDateField, StrictIntegerField

from .models import MAX_MINUTES_PER_SESSION, MAX_SESSIONS_PER_WEEK, ExerciseProgram


class ExerciseProgramSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    entered_by = serializers.UUIDField(source="entered_by_id", read_only=True)
    started_on = BoundedDateField(help_text="The patient's local day of the first session.")
    ended_on = BoundedDateField(required=False, allow_null=True,
                                help_text="The local day it ended; empty while it runs.")
    sessions_per_week = StrictIntegerField(min_value=1, max_value=MAX_SESSIONS_PER_WEEK)
    minutes_per_session = StrictIntegerField(min_value=1, max_value=MAX_MINUTES_PER_SESSION)
    note = serializers.CharField(max_length=MAX_NOTE_CHARS, allow_blank=True, required=False)

    class Meta:
        model = ExerciseProgram
        fields = ["id", "patient", "entered_by", "started_on", "ended_on", "sessions_per_week",
                  "minutes_per_session", "note", "version", "created_at", "updated_at"]
        read_only_fields = ["id", "patient", "entered_by", "version", "created_at", "updated_at"]

    def validate(self, attrs):
        # ``attrs`` is a whole program: core.views merges a PATCH with the stored content first.
        started, ended = attrs.get("started_on"), attrs.get("ended_on")
        if started is not None and ended is not None and ended < started:
            raise serializers.ValidationError({"ended_on": ["Must not be before started_on."]})
        return attrs
