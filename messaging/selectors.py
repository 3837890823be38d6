"""Reads of conversations and messages. Every query starts from the patients the caller may see
(``accounts.selectors.patients_visible_to``), so anything outside answers 404."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts.models import User
from accounts.selectors import patients_visible_to

from .models import Message


def messages_visible_to(*, user: User) -> QuerySet[Message]:
    """Messages of the conversations of the patients ``user`` may see, not deleted."""
    return Message.objects.filter(patient__in=patients_visible_to(user=user),
                                  deleted_at__isnull=True)


def patient_visible_to(*, user: User, patient_pk) -> User:
    """The patient ``patient_pk`` if ``user`` may see them, else 404."""
    return get_object_or_404(patients_visible_to(user=user), pk=patient_pk)
