"""Reads of the walk log and symptom reports. Every query starts from what the caller may see."""

from django.db.models import QuerySet

from accounts.models import Role, User
from accounts.selectors import patients_visible_to

from .models import SymptomReport, Walk


def walks_visible_to(*, user: User) -> QuerySet[Walk]:
    """Walks of the patients ``user`` may see, deleted ones left out."""
    # The owner's profile carries the distance calibration factor the walk output applies.
    walks = Walk.objects.filter(deleted_at__isnull=True).select_related("patient__patient_profile")
    if getattr(user, "is_authenticated", False) and user.role == Role.PATIENT and user.is_active:
        return walks.filter(patient=user)
    return walks.filter(patient__in=patients_visible_to(user=user))


def symptom_reports_visible_to(*, user: User) -> QuerySet[SymptomReport]:
    """Symptom reports of the patients ``user`` may see, deleted ones left out."""
    reports = SymptomReport.objects.filter(deleted_at__isnull=True)
    if getattr(user, "is_authenticated", False) and user.role == Role.PATIENT and user.is_active:
        return reports.filter(patient=user)
    return reports.filter(patient__in=patients_visible_to(user=user))
