"""JSON shapes of referrals: validation of the few inputs, and the output with its criteria."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import Referral, ReferralStatus
from .patient_text import patient_text_of
from .selectors import referral_signature_valid
from .services import DECLINE_REASON_MAX_LENGTH


class CriterionSerializer(serializers.Serializer):
    code = serializers.CharField()
    text = serializers.CharField()
    source = serializers.CharField(help_text="Key of the published source.")
    citation = serializers.CharField(help_text="The published source, in words.")
    met = serializers.BooleanField()
    evidence = serializers.DictField(help_text="The values of the record that met it.")


class ReferralSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True)
    criteria = CriterionSerializer(many=True, read_only=True)
    signed_by = serializers.EmailField(source="signed_by.email", read_only=True, allow_null=True,
                                       default=None)
    declined_by = serializers.EmailField(source="declined_by.email", read_only=True,
                                         allow_null=True, default=None)
    signature_valid = serializers.SerializerMethodField(
        help_text="The stored SHA-256 still matches the signed content.")
    patient_text = serializers.SerializerMethodField(
        help_text="What the patient is told, in plain words, once the order is signed.")

    class Meta:
        model = Referral
        fields = ["id", "patient", "kind", "kind_label", "status", "criteria", "drafted_at",
                  "signed_by", "signed_at", "signature_sha256", "signature_valid",
                  "declined_by", "declined_at", "declined_reason", "sent_at", "send_error",
                  "completed_at", "patient_text"]
        read_only_fields = fields

    @extend_schema_field(serializers.BooleanField(allow_null=True))
    def get_signature_valid(self, referral) -> bool | None:
        return referral_signature_valid(referral=referral) if referral.signed_at else None

    def get_patient_text(self, referral) -> str:
        return patient_text_of(referral)


class ReferralDeclineSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=DECLINE_REASON_MAX_LENGTH, trim_whitespace=True)


class ReferralFilterSerializer(serializers.Serializer):
    status = serializers.MultipleChoiceField(choices=ReferralStatus.choices, required=False)


class ReferralCheckResultSerializer(serializers.Serializer):
    drafted = ReferralSerializer(many=True, help_text="Referrals drafted by this check.")
    open = ReferralSerializer(many=True, help_text="The patient's open referrals after it.")
