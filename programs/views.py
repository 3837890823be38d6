"""The exercise programs the care team sets for a patient."""

from accounts.models import Role
from core.views import PatientRecordDetailView, PatientRecordListCreateView

from .models import ExerciseProgram
from .serializers import ExerciseProgramSerializer
from .services import exercise_program_create


class _ProgramViewMixin:
    model = ExerciseProgram
    serializer_class = ExerciseProgramSerializer
    writer_roles = (Role.CLINICIAN, Role.COORDINATOR)


class ExerciseProgramListView(_ProgramViewMixin, PatientRecordListCreateView):
    """Exercise programs of a patient; clinicians and coordinators start them."""

    def record_create(self, *, patient, entered_by, data):
        return exercise_program_create(patient=patient, entered_by=entered_by, data=data)


class ExerciseProgramDetailView(_ProgramViewMixin, PatientRecordDetailView):
    """One exercise program: correct or end it (PATCH ``ended_on``); corrections keep the old
    version."""
