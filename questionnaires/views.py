"""Questionnaires over the API: the phone syncs completed ones; carers and the patient read them."""

import django_filters
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.permissions import IsPatient
from accounts.selectors import patients_visible_to
from core.pagination import newest_first
from core.sync_api import sync_results
from core.views import AccessLoggedListMixin

from .models import Instrument, QuestionnaireResponse
from .selectors import questionnaires_visible_to
from .serializers import (
    QuestionnaireInputSerializer,
    QuestionnaireResponseSerializer,
    QuestionnaireSyncRequestSerializer,
    QuestionnaireSyncResponseSerializer,
)
from .services import questionnaires_sync


def _scores(raw_item, validated) -> dict:
    return {"scores": validated["scores"] if validated is not None else None}


class QuestionnaireSyncView(APIView):
    """Store completed questionnaires; each result carries its scores."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(request=QuestionnaireSyncRequestSerializer,
                   responses={200: QuestionnaireSyncResponseSerializer})
    def post(self, request):
        envelope = QuestionnaireSyncRequestSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        results = sync_results(
            items=envelope.validated_data["questionnaires"],
            validator=QuestionnaireInputSerializer(),
            store=lambda items: questionnaires_sync(patient=request.user, responses=items),
            annotate=_scores,
        )
        return Response({"results": results})


class QuestionnaireFilter(django_filters.FilterSet):
    patient = django_filters.ModelChoiceFilter(
        queryset=lambda request: patients_visible_to(user=request.user) if request else None
    )
    instrument = django_filters.ChoiceFilter(choices=Instrument.choices)

    class Meta:
        model = QuestionnaireResponse
        fields = ["patient", "instrument"]


class QuestionnaireListView(AccessLoggedListMixin, generics.ListAPIView):
    """Questionnaire responses you may see, newest first."""

    list_action = "questionnaire.list"
    serializer_class = QuestionnaireResponseSerializer
    filterset_class = QuestionnaireFilter
    pagination_class = newest_first("answered_at")

    def get_queryset(self):
        return questionnaires_visible_to(user=self.request.user)

