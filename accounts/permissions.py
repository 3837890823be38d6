"""Role checks for API views. Object scoping lives in the selectors, not here."""

from rest_framework.permissions import BasePermission

from .models import Role


class IsPatient(BasePermission):
    message = "Only the patient can do this."

    def has_permission(self, request, view):
        return bool(request.user and request.user.is_authenticated and request.user.role == Role.PATIENT)


class IsClinician(BasePermission):
    message = "Only a clinician can do this."

    def has_permission(self, request, view):
        return bool(
            request.user and request.user.is_authenticated and request.user.role == Role.CLINICIAN
        )
