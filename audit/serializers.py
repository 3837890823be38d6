"""The access report's rows."""

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from accounts.models import Role

from .models import AuditEvent, Outcome
from .selectors import action_in_words


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
        actor = event.actor
        name = (actor.full_name or actor.email) if actor else (event.actor_label or "Stride")
        role = Role(event.actor_role).label if event.actor_role in Role.values else "System"
        return {"name": name, "role": role, "clinic": event.clinic.name if event.clinic else None}

    def get_action_description(self, event) -> str:
        return action_in_words(event.action, event.outcome)
