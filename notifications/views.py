"""The alert inbox: carers list, acknowledge and resolve; patients read messages meant for them."""

import django_filters
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import IsCarer, IsPatient
from accounts.selectors import patients_visible_to
from audit.services import audit_event_record
from core.schema import AnyOfSerializer
from core.severity import Severity
from core.views import AccessLoggedListMixin

from .models import Alert, AlertKind, AlertStatus
from .preferences import notification_preference_of, notification_preference_update
from .selectors import alerts_visible_to, pattern_assessment_of, pattern_patients_visible_to
from .serializers import (
    AlertResolveSerializer,
    AlertSerializer,
    NotificationPreferenceSerializer,
    PatientAlertSerializer,
    PatientQuietHoursSerializer,
    PatternAssessmentSerializer,
)
from .services import alert_acknowledge, alert_resolve


class AlertFilter(django_filters.FilterSet):
    patient = django_filters.ModelChoiceFilter(
        queryset=lambda request: patients_visible_to(user=request.user) if request else None
    )
    kind = django_filters.ChoiceFilter(choices=AlertKind.choices)
    severity = django_filters.ChoiceFilter(choices=Severity.choices)
    status = django_filters.ChoiceFilter(choices=AlertStatus.choices)

    class Meta:
        model = Alert
        fields = ["patient", "kind", "severity", "status"]


# A patient sees the message meant for them; a carer sees the whole alert.
ALERT_FOR_CALLER = AnyOfSerializer(component_name="AlertForCaller",
                                   serializers=[AlertSerializer, PatientAlertSerializer])


@extend_schema_view(get=extend_schema(responses=ALERT_FOR_CALLER))
class AlertListView(AccessLoggedListMixin, generics.ListAPIView):
    """Alerts you may see: most severe first, then the oldest."""

    list_action = "alert.list"
    filterset_class = AlertFilter

    def get_serializer_class(self):
        if getattr(self.request.user, "role", None) == Role.PATIENT:
            return PatientAlertSerializer
        return AlertSerializer

    def get_queryset(self):
        return alerts_visible_to(user=self.request.user).order_by(
            "-severity_rank", "created_at", "id"
        )



@extend_schema_view(get=extend_schema(responses=ALERT_FOR_CALLER))
class AlertDetailView(generics.RetrieveAPIView):
    """One alert, with its evidence."""

    def get_serializer_class(self):
        if getattr(self.request.user, "role", None) == Role.PATIENT:
            return PatientAlertSerializer
        return AlertSerializer

    def get_queryset(self):
        return alerts_visible_to(user=self.request.user)

    def retrieve(self, request, *args, **kwargs):
        alert = self.get_object()
        audit_event_record(actor=request.user, action="alert.read",
                           patient_ids=[alert.patient_id], target=alert)
        return Response(self.get_serializer(alert).data)


class AlertAcknowledgeView(APIView):
    """Mark an alert as seen by you."""

    permission_classes = [IsCarer]

    @extend_schema(request=None, responses={200: AlertSerializer})
    def post(self, request, pk):
        alert = generics.get_object_or_404(alerts_visible_to(user=request.user), pk=pk)
        alert = alert_acknowledge(alert=alert, user=request.user)
        audit_event_record(actor=request.user, action="alert.acknowledge",
                           patient_ids=[alert.patient_id], target=alert)
        return Response(AlertSerializer(alert).data)


class AlertResolveView(APIView):
    """Close an alert with a note of what was done."""

    permission_classes = [IsCarer]

    @extend_schema(request=AlertResolveSerializer, responses={200: AlertSerializer})
    def post(self, request, pk):
        alert = generics.get_object_or_404(alerts_visible_to(user=request.user), pk=pk)
        serializer = AlertResolveSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        alert = alert_resolve(
            alert=alert, user=request.user, note=serializer.validated_data["note"]
        )
        audit_event_record(actor=request.user, action="alert.resolve",
                           patient_ids=[alert.patient_id], target=alert)
        return Response(AlertSerializer(alert).data)


class NotificationPreferenceView(APIView):
    """Your own alert e-mail settings and quiet hours (carers only; the inbox shows every alert)."""

    permission_classes = [IsCarer]

    @extend_schema(responses={200: NotificationPreferenceSerializer})
    def get(self, request):
        preference = notification_preference_of(user=request.user)
        return Response(NotificationPreferenceSerializer(preference).data)

    @extend_schema(request=NotificationPreferenceSerializer,
                   responses={200: NotificationPreferenceSerializer})
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(request=NotificationPreferenceSerializer,
                   responses={200: NotificationPreferenceSerializer})
    def patch(self, request):
        return self._save(request, partial=True)

    def _save(self, request, *, partial: bool):
        current = notification_preference_of(user=request.user)
        serializer = NotificationPreferenceSerializer(current, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        preference = notification_preference_update(user=request.user,
                                                    data=serializer.validated_data)
        return Response(NotificationPreferenceSerializer(preference).data)


class PatientQuietHoursView(APIView):
    """Your quiet hours, as a patient: exercise reminders wait until they end. Advice to act now
    (an emergency, or seeing a clinician today) is sent whatever the hour."""

    permission_classes = [IsPatient]

    @extend_schema(responses={200: PatientQuietHoursSerializer})
    def get(self, request):
        preference = notification_preference_of(user=request.user)
        return Response(PatientQuietHoursSerializer(preference).data)

    @extend_schema(request=PatientQuietHoursSerializer,
                   responses={200: PatientQuietHoursSerializer})
    def put(self, request):
        return self._save(request, partial=False)

    @extend_schema(request=PatientQuietHoursSerializer,
                   responses={200: PatientQuietHoursSerializer})
    def patch(self, request):
        return self._save(request, partial=True)

    def _save(self, request, *, partial: bool):
        current = notification_preference_of(user=request.user)
        serializer = PatientQuietHoursSerializer(current, data=request.data, partial=partial)
        serializer.is_valid(raise_exception=True)
        preference = notification_preference_update(user=request.user,
                                                    data=serializer.validated_data)
        return Response(PatientQuietHoursSerializer(preference).data)


class PatientPatternView(APIView):
    """The patient's walking pattern: class, probability, each sign with its likelihood ratio and
    source, and the window, as the detector last judged it (or ``not_enough_data``). For the care
    team; anyone else, the patient included, gets 404."""

    @extend_schema(responses={200: PatternAssessmentSerializer})
    def get(self, request, pk):
        patient = generics.get_object_or_404(
            pattern_patients_visible_to(user=request.user).select_related("patient_profile"),
            pk=pk)
        audit_event_record(actor=request.user, patient_ids=[patient.pk], action="patient.pattern")
        return Response(PatternAssessmentSerializer(pattern_assessment_of(patient=patient)).data)
