"""JSON shapes for logins and patients."""

from django.utils import timezone
from rest_framework import serializers

from .models import AffectedSide, Sex, SuspectedCause, User, validate_time_zone


class LoginSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)


class LoginResponseSerializer(serializers.Serializer):
    access = serializers.CharField(help_text="Send as 'Authorization: Bearer <access>'.")
    token_type = serializers.CharField()
    expires_at = serializers.DateTimeField()
    user = serializers.DictField()


class PatientSerializer(serializers.ModelSerializer):
    """A patient as carers and the patient see them."""

    date_of_birth = serializers.DateField(source="patient_profile.date_of_birth", allow_null=True)
    sex = serializers.CharField(source="patient_profile.sex")
    time_zone = serializers.CharField(source="patient_profile.time_zone")
    suspected_cause = serializers.CharField(source="patient_profile.suspected_cause")
    affected_side = serializers.CharField(source="patient_profile.affected_side")
    decline_threshold_pct = serializers.IntegerField(
        source="patient_profile.decline_threshold_pct", allow_null=True,
        help_text="This patient's walking-distance decline alert threshold (%); null: the clinic's",
    )

    class Meta:
        model = User
        fields = [
            "id", "email", "full_name", "is_active", "date_joined",
            "date_of_birth", "sex", "time_zone", "suspected_cause", "affected_side",
            "decline_threshold_pct",
        ]
        read_only_fields = fields


class PatientThresholdSerializer(serializers.Serializer):
    """What a clinician may change on a patient: the decline alert threshold."""

    decline_threshold_pct = serializers.IntegerField(
        min_value=5, max_value=75, allow_null=True,
        help_text="Drop (%) in walking distance that raises a decline alert; null: the clinic's.",
    )


class PatientEnrolSerializer(serializers.Serializer):
    email = serializers.EmailField(max_length=254)
    password = serializers.CharField(max_length=256, trim_whitespace=False, write_only=True)
    full_name = serializers.CharField(max_length=200, required=False, allow_blank=True)
    date_of_birth = serializers.DateField(required=False, allow_null=True)
    sex = serializers.ChoiceField(choices=Sex.choices, required=False)
    time_zone = serializers.CharField(
        max_length=64, required=False, validators=[validate_time_zone]
    )
    suspected_cause = serializers.ChoiceField(choices=SuspectedCause.choices, required=False)
    affected_side = serializers.ChoiceField(choices=AffectedSide.choices, required=False)
    care_team = serializers.UUIDField(
        required=False, help_text="One of your care teams; defaults to your first."
    )

    def validate_date_of_birth(self, value):
        if value is not None and (value > timezone.localdate() or value.year < 1900):
            raise serializers.ValidationError("Must be a past date after 1900.")
        return value
