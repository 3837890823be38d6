"""The access report (the HIPAA accounting of disclosures): who read or changed a patient's
record and when. The care team reads it per patient (itself audited); the patient reads theirs."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import generics
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from accounts.permissions import IsCarer, IsPatient
from accounts.selectors import patients_visible_to

from .models import AuditEvent
from .selectors import access_events_of
from .serializers import AccessEventSerializer
from .services import audit_event_record


class NewestEventFirst(CursorPagination):
    ordering = ("-occurred_at", "-id")
    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 500

    def paginate_queryset(self, queryset, request, view=None):
        try:
            return super().paginate_queryset(queryset, request, view)
        except (DjangoValidationError, ValueError, OverflowError) as exc:
            raise NotFound(self.invalid_cursor_message) from exc


class PatientAccessLogView(generics.ListAPIView):
    """Who read or changed this patient's record, newest first, refused attempts included. For
    the patient's care team (clinicians and coordinators); anyone else's patient answers 404."""

    permission_classes = [IsCarer]
    serializer_class = AccessEventSerializer
    pagination_class = NewestEventFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        patient = get_object_or_404(patients_visible_to(user=self.request.user),
                                    pk=self.kwargs["pk"])
        audit_event_record(actor=self.request.user, action="access_log.read",
                           patient_ids=[patient.pk], target=patient)
        return access_events_of(patient=patient, for_care_team=True)

    @extend_schema(summary="The patient's access report (care team)")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)


class MyAccessLogView(generics.ListAPIView):
    """Who has looked at or changed my record, and when, newest first (patients only)."""

    permission_classes = [IsPatient]
    serializer_class = AccessEventSerializer
    pagination_class = NewestEventFirst

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return AuditEvent.objects.none()
        return access_events_of(patient=self.request.user, for_care_team=False)

    @extend_schema(summary="Who looked at my record")
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)
