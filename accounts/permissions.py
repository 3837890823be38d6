"""Role checks for API views. Object scoping lives in the selectors, not here."""

from rest_framework.permissions import BasePermission, IsAuthenticated

from .models import CARE_ROLES, Role


class IsPatient(BasePermission):
    message = "Only the patient can do this."

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.user.role == Role.PATIENT
        )


class IsClinician(BasePermission):
    message = "Only a clinician can do this."

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.user.role == Role.CLINICIAN
        )


class IsCarer(IsAuthenticated):
    message = "Only the patient's clinicians and coordinators can do this."

    def has_permission(self, request, view):
        return super().has_permission(request, view) and request.user.role in CARE_ROLES
