"""The access report's rows."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .models import AuditEvent, Outcome
from .selectors import action_in_words, actor_of


class AccessActorSerializer(serializers.Serializer):
    name = serializers.CharField(help_text="Their name, or their e-mail when no name is set.")
    role = serializers.CharField(help_text="Their role then, in words (e.g. Clinician).")
    clinic = serializers.CharField(allow_null=True, help_text="Their clinic then.")


class AccessEventSerializer(serializers.ModelSerializer):
    """Who looked at or changed the record, and when."""

    actor = serializers.SerializerMethodField()
    action_description = serializers.SerializerMethodField()
    outcome = serializers.ChoiceField(choices=Outcome.choices)

    class Meta:
        model = AuditEvent
        fields = ["id", "occurred_at", "actor", "action", "action_description", "outcome"]

    @extend_schema_field(AccessActorSerializer)
    def get_actor(self, event):
        return actor_of(event)

    def get_action_description(self, event) -> str:
        return action_in_words(event.action, event.outcome)
