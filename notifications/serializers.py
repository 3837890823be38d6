from rest_framework import serializers

from core.fields import LocalTimeField

from .evidence_text import evidence_sentences
from .models import Alert, NotificationPreference


class AlertSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    patient_email = serializers.EmailField(source="patient.email", read_only=True)
    acknowledged_by = serializers.UUIDField(source="acknowledged_by_id", read_only=True,
                                           allow_null=True)
    resolved_by = serializers.UUIDField(source="resolved_by_id", read_only=True, allow_null=True)
    evidence_summary = serializers.SerializerMethodField(
        help_text="The evidence in plain clinical sentences, as the dashboard shows it.")

    class Meta:
        model = Alert
        fields = [
            "id", "patient", "patient_email", "kind", "severity", "title", "evidence_summary",
            "evidence",
            "patient_message", "as_of", "status", "acknowledged_by", "acknowledged_at",
            "resolved_by", "resolved_at", "resolution_note", "created_at", "updated_at",
        ]
        read_only_fields = fields


    def get_evidence_summary(self, alert) -> list[str]:
        return evidence_sentences(alert.kind, alert.evidence)


class PatientAlertSerializer(serializers.ModelSerializer):
    """What a patient sees of an alert: the message meant for them."""

    class Meta:
        model = Alert
        fields = ["id", "kind", "severity", "title", "patient_message", "as_of", "status"]
        read_only_fields = fields


class AlertResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="What was done, for the record.")


class _QuietHoursValidation:
    def validate(self, attrs):
        start = attrs.get("quiet_hours_start", getattr(self.instance, "quiet_hours_start", None))
        end = attrs.get("quiet_hours_end", getattr(self.instance, "quiet_hours_end", None))
        if (start is None) != (end is None):
            raise serializers.ValidationError(
                {"quiet_hours_end": "Give both ends of the quiet hours, or neither."})
        if start is not None and start == end:
            raise serializers.ValidationError(
                {"quiet_hours_end": "Quiet hours must end at another time than they start."})
        return attrs


class NotificationPreferenceSerializer(_QuietHoursValidation, serializers.ModelSerializer):
    """A carer's own delivery preferences; quiet hours are local times in ``time_zone``."""

    quiet_hours_start = LocalTimeField(required=False, allow_null=True,
                                       help_text="Local time in time_zone; null: no quiet hours.")
    quiet_hours_end = LocalTimeField(required=False, allow_null=True,
                                     help_text="Local time in time_zone.")

    class Meta:
        model = NotificationPreference
        fields = ["email_enabled", "email_min_severity", "quiet_hours_start", "quiet_hours_end",
                  "time_zone", "updated_at"]
        read_only_fields = ["updated_at"]


class PatientQuietHoursSerializer(_QuietHoursValidation, serializers.ModelSerializer):
    """A patient's quiet hours for reminders (exercise nudges), local times where they live
    (their profile's time zone). Emergency and same-day advice is never held back."""

    quiet_hours_start = LocalTimeField(required=False, allow_null=True,
                                       help_text="Local time; null: no quiet hours.")
    quiet_hours_end = LocalTimeField(required=False, allow_null=True, help_text="Local time.")
    time_zone = serializers.SerializerMethodField(
        help_text="The patient's time zone (from the profile): the quiet hours are read in it.")

    class Meta:
        model = NotificationPreference
        fields = ["quiet_hours_start", "quiet_hours_end", "time_zone", "updated_at"]
        read_only_fields = ["updated_at"]

    def get_time_zone(self, preference) -> str:
        profile = getattr(preference.user, "patient_profile", None)
        return profile.time_zone if profile else "UTC"


class PatternSignSerializer(serializers.Serializer):
    name = serializers.CharField()
    finding = serializers.CharField()
    lr = serializers.FloatField(help_text="Likelihood ratio, neurogenic against vascular.")
    source = serializers.CharField(help_text="Key of the source of the likelihood ratio.")
    citation = serializers.CharField()
    observed = serializers.DictField(help_text="The counts and medians the sign was read from.")
    walk_ids = serializers.ListField(child=serializers.UUIDField())


class PatternAssessmentSerializer(serializers.Serializer):
    """The latest walking-pattern assessment of one patient (the neurogenic-pattern detector)."""

    patient = serializers.UUIDField()
    status = serializers.ChoiceField(choices=["assessed", "not_enough_data"])
    pattern_class = serializers.ChoiceField(
        choices=["neurogenic_like", "vascular_like", "both", "mixed"], allow_null=True)
    probability_neurogenic = serializers.FloatField(
        allow_null=True, help_text="Posterior probability of a neurogenic rather than vascular "
        "cause, bounded to 0.05-0.95 from walks alone (0.02-0.98 with a clinic test).")
    prior_neurogenic = serializers.FloatField(allow_null=True)
    recorded_cause = serializers.CharField()
    disagrees_or_changed = serializers.BooleanField()
    reasons = serializers.ListField(child=serializers.CharField())
    as_of = serializers.DateTimeField(allow_null=True)
    window_start = serializers.DateField(allow_null=True)
    window_end = serializers.DateField(allow_null=True)
    window_days = serializers.IntegerField(allow_null=True)
    walks = serializers.IntegerField()
    signs = PatternSignSerializer(many=True)
