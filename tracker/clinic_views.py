"""API views of clinic-entered records, nested under the patient they belong to.

Everyone who may see the patient may read them; only the roles a record kind names may write.
"""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.shortcuts import get_object_or_404
from rest_framework import generics, status
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.permissions import SAFE_METHODS
from rest_framework.response import Response

from accounts.models import Role
from accounts.selectors import patients_visible_to
from accounts.services import access_log_record

from .clinic_serializers import (
    AbiMeasurementSerializer,
    DistanceCalibrationSerializer,
    PatientSummarySerializer,
    PostureTestSerializer,
    RutherfordAssessmentSerializer,
)
from .clinic_services import clinic_record_create, clinic_record_delete, clinic_record_update
from .models import AbiMeasurement, DistanceCalibration, PostureTest, RutherfordAssessment
from .summary import patient_summary


def _as_api_error(exc: DjangoValidationError) -> ValidationError:
    return ValidationError(exc.message_dict if hasattr(exc, "error_dict") else exc.messages)


class PatientScopedMixin:
    """Resolves the patient in the URL through what the caller may see (404 otherwise)."""

    model = None
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


class ClinicRecordListCreateView(PatientScopedMixin, generics.ListCreateAPIView):
    pagination_class = None

    def list(self, request, *args, **kwargs):
        access_log_record(actor=request.user, patient_ids=[self.get_patient().pk],
                          action=f"{self.model._meta.model_name}.list")
        return super().list(request, *args, **kwargs)

    def create(self, request, *args, **kwargs):
        self.check_writer()
        serializer = self.get_serializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        try:
            record = clinic_record_create(model=self.model, patient=self.get_patient(),
                                          entered_by=request.user, data=serializer.validated_data)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc
        return Response(self.get_serializer(record).data, status=status.HTTP_201_CREATED)


class ClinicRecordDetailView(PatientScopedMixin, generics.RetrieveUpdateDestroyAPIView):
    http_method_names = ["get", "patch", "delete", "head", "options"]

    def get_object(self):
        record = super().get_object()
        if self.request.method not in SAFE_METHODS:
            self.check_writer()
        return record

    def retrieve(self, request, *args, **kwargs):
        record = self.get_object()
        access_log_record(actor=request.user, patient_ids=[record.patient_id],
                          action=f"{self.model._meta.model_name}.read")
        return Response(self.get_serializer(record).data)

    def update(self, request, *args, **kwargs):
        record = self.get_object()
        serializer = self.get_serializer(record, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        try:
            record = clinic_record_update(record=record, changed_by=request.user,
                                          data=serializer.validated_data)
        except DjangoValidationError as exc:
            raise _as_api_error(exc) from exc
        return Response(self.get_serializer(record).data)

    def destroy(self, request, *args, **kwargs):
        clinic_record_delete(record=self.get_object(), changed_by=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


CARE_WRITERS = (Role.CLINICIAN, Role.COORDINATOR)
# url segment -> (model, serializer, roles that may write)
CLINIC_RECORD_KINDS = {
    "abi": (AbiMeasurement, AbiMeasurementSerializer, (Role.CLINICIAN,)),
    "rutherford": (RutherfordAssessment, RutherfordAssessmentSerializer, (Role.CLINICIAN,)),
    "calibrations": (DistanceCalibration, DistanceCalibrationSerializer, CARE_WRITERS),
    "posture-tests": (PostureTest, PostureTestSerializer, CARE_WRITERS),
}


def clinic_record_views(segment: str):
    """The list and detail views of one kind of clinic record."""
    model, serializer, writers = CLINIC_RECORD_KINDS[segment]
    name = model.__name__
    attrs = {"model": model, "serializer_class": serializer, "writer_roles": writers}
    list_view = type(f"{name}ListView", (ClinicRecordListCreateView,), {
        **attrs, "__doc__": f"{model._meta.verbose_name_plural.capitalize()} of a patient."})
    detail_view = type(f"{name}DetailView", (ClinicRecordDetailView,), {
        **attrs, "__doc__": f"One {model._meta.verbose_name}; corrections keep the old version."})
    return list_view.as_view(), detail_view.as_view()


class PatientSummaryView(generics.GenericAPIView):
    """What a clinician reads before a visit: latest measurements and scores, posture tests, red
    flags of the last 90 days, and walk counts."""

    serializer_class = PatientSummarySerializer

    def get(self, request, pk):
        patient = get_object_or_404(
            patients_visible_to(user=request.user).select_related("patient_profile"), pk=pk
        )
        access_log_record(actor=request.user, patient_ids=[patient.pk], action="patient.summary")
        return Response(PatientSummarySerializer(patient_summary(patient=patient)).data)
