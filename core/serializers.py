"""Serializers every record kind shares: the base of what a phone sends, the time rule, and the
shapes of sync results and kept revisions."""

from datetime import UTC, datetime, timedelta

from django.utils import timezone
from rest_framework import serializers

from .fast_validation import field_names, fields_internal_value
from .models import RecordRevision
from .sync import SYNC_STATUSES

EARLIEST_RECORD_TIME = datetime(2000, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(minutes=5)
# Keys that would name an owner; the owner always comes from the token.
OWNER_KEYS = frozenset({"patient", "patient_id", "owner", "user", "user_id"})


class PhoneRecordSerializer(serializers.Serializer):
    """A record sent by a phone: unknown fields are refused, and so is any field naming an owner."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError(
                {"non_field_errors": ["Each item must be a JSON object."]}
            )
        errors = {}
        for key in data:
            if key in OWNER_KEYS:
                errors[key] = ["Not accepted: a record always belongs to the signed-in patient."]
            elif key not in field_names(self):
                errors[str(key)[:64]] = ["Unknown field."]
        try:
            value = fields_internal_value(self, data)  # DRF's loop, faster on clean values
        except serializers.ValidationError as exc:
            errors = {**exc.detail, **errors}
        if errors:
            raise serializers.ValidationError(errors)
        return value

    def run_validators(self, value):
        # DRF gathers read-only defaults for every item before running validators; skip that
        # when there are none to run (the usual case), which changes no result.
        if self.validators:
            super().run_validators(value)


def check_record_time(moment, *, field: str, duration_s: int = 0) -> dict[str, list[str]]:
    """Errors for a time before 2000 or (with its duration) later than now plus clock skew."""
    if moment < EARLIEST_RECORD_TIME:
        return {field: ["Must not be before 2000-01-01."]}
    if moment + timedelta(seconds=duration_s or 0) > timezone.now() + CLOCK_SKEW:
        return {field: [f"Is in the future ({field} plus duration_s is after now, allowing 5 "
                        "minutes of clock skew)."]}
    return {}


class SyncItemResultSerializer(serializers.Serializer):
    id = serializers.CharField(allow_null=True)
    status = serializers.ChoiceField(choices=SYNC_STATUSES)
    errors = serializers.DictField()


class RecordRevisionSerializer(serializers.ModelSerializer):
    changed_by = serializers.UUIDField(source="changed_by_id", read_only=True)

    class Meta:
        model = RecordRevision
        fields = ["version", "action", "snapshot", "changed_by", "changed_at"]
        read_only_fields = fields
