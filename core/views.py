"""Views every kind of versioned record shares: PATCH that merges and re-validates, the list of
kept revisions, and the views of records nested under the patient they belong to.

Scoping always starts from ``accounts.selectors.patients_visible_to``: a record outside the
caller's scope answers 404 before any 403.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from accounts.models import Role
from accounts.selectors import patients_visible_to
from audit.services import audit_event_record

from .models import RecordRevision, VersionedRecord
from .selectors import record_revisions
from .serializers import RecordRevisionSerializer
from .sync import record_content
from .versioning import record_delete, record_update


def as_api_error(exc: DjangoValidationError) -> ValidationError:
    """A model-level validation error as the API's 400, keyed by field."""
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class AccessLoggedListMixin:
    """A list of patients' records that writes one access-log row per patient on the page."""

    list_action = ""  # access-log action, e.g. "walk.list"

    def list(self, request, *args, **kwargs):
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        audit_event_record(actor=request.user, patient_ids=[row.patient_id for row in page],
                           action=self.list_action)
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class VersionedRecordUpdateMixin:
    """PUT validates the body as a whole record; PATCH first fills the missing fields from the
    stored content, so the whole record is re-checked either way. The id cannot change. Writes
    go through ``record_save`` and ``record_remove`` (``core.versioning`` unless a kind has its
    own service), which keep the previous version."""

    input_serializer_class = None  # validates a whole record; defaults to serializer_class

    def get_input_serializer(self, *args, **kwargs):
        serializer_class = self.input_serializer_class or self.get_serializer_class()
        return serializer_class(*args, **kwargs)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        if not isinstance(request.data, dict):
            raise ValidationError({"non_field_errors": ["Send a JSON object."]})
        body = dict(request.data)
        if "id" in body and str(body["id"]) != str(record.pk):
            raise ValidationError(
                {"id": ["Must match the record in the URL; an id cannot change."]}
            )
        merged = ({**record_content(record, record.content_fields), **body}
                  if kwargs.get("partial") else body)
        merged["id"] = str(record.pk)
        serializer = self.get_input_serializer(data=merged)
        serializer.is_valid(raise_exception=True)
        try:
            record = self.record_save(record=record, changed_by=request.user,
                                      data=serializer.validated_data)
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        audit_event_record(actor=request.user, action=f"{record._meta.model_name}.update",
                           patient_ids=[record.patient_id], target=record)
        return Response(self.get_serializer(record).data)

    def record_save(self, *, record, changed_by, data):
        """Store a validated correction; returns the record as stored."""
        return record_update(record=record, changed_by=changed_by, data=data)[0]

    def record_remove(self, *, record, changed_by) -> None:
        """Delete the record from view, keeping its last version."""
        record_delete(record=record, changed_by=changed_by)

    def destroy(self, request, *args, **kwargs):
        record = self.get_object()
        self.record_remove(record=record, changed_by=request.user)
        audit_event_record(actor=request.user, action=f"{record._meta.model_name}.delete",
                           patient_ids=[record.patient_id], target=record)
        return Response(status=status.HTTP_204_NO_CONTENT)


class OwnRecordDetailView(VersionedRecordUpdateMixin, generics.RetrieveUpdateDestroyAPIView):
    """One record a patient sent from the phone: everyone who sees the patient reads it (logged);
    only the patient corrects or deletes it."""

    owner_only_message = "Only the patient can correct or delete their records."
    read_action = ""  # access-log action, e.g. "walk.read"

    def get_object(self):
        record = super().get_object()
        if self.request.method not in SAFE_METHODS and record.patient_id != self.request.user.pk:
            raise PermissionDenied(self.owner_only_message)
        return record

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        audit_event_record(actor=request.user, patient_ids=[record.patient_id],
                           action=self.read_action, target=record)
        return Response(self.get_serializer(record).data)


class RevisionListView(generics.ListAPIView):
    """Earlier versions of one record you may see, oldest first, with who changed it and when."""

    serializer_class = RecordRevisionSerializer
    pagination_class = None
    read_action = ""  # access-log action, e.g. "walk.revisions"

    def visible_records(self):
        """The records the caller may see (a queryset of one kind)."""
        raise NotImplementedError

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # schema generation has no record
            return RecordRevision.objects.none()
        record = get_object_or_404(self.visible_records(), pk=self.kwargs["pk"])
        audit_event_record(actor=self.request.user, patient_ids=[record.patient_id],
                           action=self.read_action, target=record)
        return record_revisions(record=record)


class PatientScopedMixin:
    """Resolves the patient in the URL through what the caller may see (404 otherwise)."""

    model: type[VersionedRecord] | None = None
    writer_roles: tuple[str, ...] = (Role.CLINICIAN,)

    def get_patient(self):
        if not hasattr(self, "_patient"):
            self._patient = get_object_or_404(
                patients_visible_to(user=self.request.user), pk=self.kwargs["patient_pk"]
            )
        return self._patient

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(patient=self.get_patient(), deleted_at__isnull=True)

    def check_writer(self):
        self.get_patient()  # out of scope answers 404 before any 403
        if self.request.user.role not in self.writer_roles:
            names = " or ".join(role.label.lower() for role in self.writer_roles)
            raise PermissionDenied(f"Only a {names} of the patient can change this record.")


class PatientRecordListCreateView(PatientScopedMixin, generics.ListCreateAPIView):
    """Records of one kind the care team enters for a patient; the ``writer_roles`` create them
    (``record_create``)."""

    pagination_class = None

    def record_create(self, *, patient, entered_by, data):
        """Store a validated new record; each kind names its create service."""
        raise NotImplementedError

    def list(self, request, *args, **kwargs):
        audit_event_record(actor=request.user, patient_ids=[self.get_patient().pk],
                           action=f"{self.model._meta.model_name}.list")
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        self.check_writer()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = self.record_create(patient=self.get_patient(), entered_by=request.user,
                                        data=serializer.validated_data)
        except DjangoValidationError as exc:
            raise as_api_error(exc) from exc
        audit_event_record(actor=request.user, action=f"{record._meta.model_name}.create",
                           patient_ids=[record.patient_id], target=record)
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class PatientRecordDetailView(PatientScopedMixin, VersionedRecordUpdateMixin,
                              generics.RetrieveUpdateDestroyAPIView):
    """One such record: everyone who sees the patient reads it (logged); the ``writer_roles``
    correct (PATCH) or delete it, keeping the previous version."""

    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        record = super().get_object()
        if self.request.method not in SAFE_METHODS:
            self.check_writer()
        return record

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        audit_event_record(actor=request.user, patient_ids=[record.patient_id],
                           action=f"{self.model._meta.model_name}.read", target=record)
        return Response(self.get_serializer(record).data)
