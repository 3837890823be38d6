"""Progress tests of a patient (clinicians and the coordinators of the care team record them)
and the exercise library. A program's progress against the MCIDs: insights/program_views.py."""

from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics

from accounts.models import Role
from core.views import PatientRecordDetailView, PatientRecordListCreateView

from .outcome_selectors import exercises_for
from .outcome_serializers import (
    ExerciseFilterSerializer,
    ExerciseSerializer,
    ProgressTestSerializer,
)
from .outcome_services import progress_test_create
from .outcomes import Exercise, ProgressTest


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


@extend_schema(parameters=[OpenApiParameter(
    "cause", str, enum=["vascular", "neurogenic"],
    description="Exercises for this cause, and those for both.")])
class ExerciseListView(generics.ListAPIView):
    """The exercise library, the same for every clinic; anyone signed in reads it."""

    serializer_class = ExerciseSerializer
    pagination_class = None

    def get_queryset(self):
        filters = ExerciseFilterSerializer(data=self.request.query_params)
        filters.is_valid(raise_exception=True)
        return exercises_for(cause=filters.validated_data.get("cause"))


class ExerciseDetailView(generics.RetrieveAPIView):
    """One exercise of the library, by its slug (nudges link to it)."""

    serializer_class = ExerciseSerializer
    queryset = Exercise.objects.all()
    lookup_field = "slug"
