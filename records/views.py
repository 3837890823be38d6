"""API views of clinic-entered records, nested under the patient they belong to.

Everyone who may see the patient may read them; only the roles a record kind names may write.
"""

from accounts.models import Role
from core.views import PatientRecordDetailView, PatientRecordListCreateView

from .models import (
    AbiMeasurement,
    DistanceCalibration,
    PostureTest,
    Procedure,
    RutherfordAssessment,
)
from .serializers import (
    AbiMeasurementSerializer,
    DistanceCalibrationSerializer,
    PostureTestSerializer,
    ProcedureSerializer,
    RutherfordAssessmentSerializer,
)
from .services import clinic_record_create, clinic_record_delete, clinic_record_update

CARE_WRITERS = (Role.CLINICIAN, Role.COORDINATOR)
# url segment -> (model, serializer, roles that may write)
CLINIC_RECORD_KINDS = {
    "abi": (AbiMeasurement, AbiMeasurementSerializer, (Role.CLINICIAN,)),
    "rutherford": (RutherfordAssessment, RutherfordAssessmentSerializer, (Role.CLINICIAN,)),
    "calibrations": (DistanceCalibration, DistanceCalibrationSerializer, CARE_WRITERS),
    "posture-tests": (PostureTest, PostureTestSerializer, CARE_WRITERS),
    "procedures": (Procedure, ProcedureSerializer, (Role.CLINICIAN,)),
}


class ClinicRecordListView(PatientRecordListCreateView):
    def record_create(self, *, patient, entered_by, data):
        return clinic_record_create(model=self.model, patient=patient, entered_by=entered_by,
                                    data=data)


class ClinicRecordDetailView(PatientRecordDetailView):
    def record_save(self, *, record, changed_by, data):
        return clinic_record_update(record=record, changed_by=changed_by, data=data)

    def record_remove(self, *, record, changed_by) -> None:
        clinic_record_delete(record=record, changed_by=changed_by)


def clinic_record_views(segment: str):
    """The list and detail views of one kind of clinic record."""
    model, serializer, writers = CLINIC_RECORD_KINDS[segment]
    name = model.__name__
    attrs = {"model": model, "serializer_class": serializer, "writer_roles": writers}
    list_view = type(f"{name}ListView", (ClinicRecordListView,), {
        **attrs, "__doc__": f"{model._meta.verbose_name_plural.capitalize()} of a patient."})
    detail_view = type(f"{name}DetailView", (ClinicRecordDetailView,), {
        **attrs, "__doc__": f"One {model._meta.verbose_name}; corrections keep the old version.",
    })
    return list_view.as_view(), detail_view.as_view()
