"""Progress tests of a patient: clinicians and the coordinators of the care team record them."""

from accounts.models import Role
from core.views import PatientRecordDetailView, PatientRecordListCreateView

from .outcome_serializers import ProgressTestSerializer
from .outcome_services import progress_test_create
from .outcomes import ProgressTest


class _ProgressTestViewMixin:
    model = ProgressTest
    serializer_class = ProgressTestSerializer
    # Coordinators record progress tests (not clinical records such as ABI).
    writer_roles = (Role.CLINICIAN, Role.COORDINATOR)


class ProgressTestListView(_ProgressTestViewMixin, PatientRecordListCreateView):
    """6-minute walk and graded treadmill tests of a patient, newest first."""

    def record_create(self, *, patient, entered_by, data):
        return progress_test_create(patient=patient, entered_by=entered_by, data=data)


class ProgressTestDetailView(_ProgressTestViewMixin, PatientRecordDetailView):
    """One progress test: correct (PATCH) or delete it; corrections keep the old version."""
