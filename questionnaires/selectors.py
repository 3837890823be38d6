"""Reads of questionnaire responses, scoped like every patient query."""

from django.db.models import QuerySet

from accounts.models import User
from accounts.selectors import patients_visible_to

from .models import QuestionnaireResponse


def questionnaires_visible_to(*, user: User) -> QuerySet[QuestionnaireResponse]:
    """Responses of the patients ``user`` may see, deleted ones left out."""
    return QuestionnaireResponse.objects.filter(
        deleted_at__isnull=True, patient__in=patients_visible_to(user=user)
    )
