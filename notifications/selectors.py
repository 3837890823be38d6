"""Reads of alerts, scoped like every patient query."""

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.selectors import patients_visible_to

from .models import Alert


def alerts_visible_to(*, user: User) -> QuerySet[Alert]:
    """Carers see their patients' alerts; a patient sees only those with a message for them."""
    alerts = Alert.objects.select_related("patient")
    if getattr(user, "is_authenticated", False) and user.role == Role.PATIENT and user.is_active:
        return alerts.filter(patient=user).exclude(patient_message="")
    return alerts.filter(patient__in=patients_visible_to(user=user))
