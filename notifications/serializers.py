from rest_framework import serializers

from .models import Alert


class AlertSerializer(serializers.ModelSerializer):
    patient = serializers.UUIDField(source="patient_id", read_only=True)
    patient_email = serializers.EmailField(source="patient.email", read_only=True)
    acknowledged_by = serializers.UUIDField(source="acknowledged_by_id", read_only=True)
    resolved_by = serializers.UUIDField(source="resolved_by_id", read_only=True)

    class Meta:
        model = Alert
        fields = [
            "id", "patient", "patient_email", "kind", "severity", "title", "evidence",
            "patient_message", "as_of", "status", "acknowledged_by", "acknowledged_at",
            "resolved_by", "resolved_at", "resolution_note", "created_at", "updated_at",
        ]
        read_only_fields = fields


class PatientAlertSerializer(serializers.ModelSerializer):
    """What a patient sees of an alert: the message meant for them."""

    class Meta:
        model = Alert
        fields = ["id", "kind", "severity", "title", "patient_message", "as_of", "status"]
        read_only_fields = fields


class AlertResolveSerializer(serializers.Serializer):
    note = serializers.CharField(max_length=2000, help_text="What was done, for the record.")
