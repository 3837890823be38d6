"""Progress tests of a patient (clinicians and the coordinators of the care team record them),
the progress of a program against published MCIDs, and the exercise library."""

from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.response import Response

from accounts.models import Role
from audit.services import audit_event_record
from core.views import PatientRecordDetailView, PatientRecordListCreateView

from .models import ExerciseProgram
from .outcome_selectors import exercises_for, program_progress, programs_visible_to
from .outcome_serializers import (
    ExerciseFilterSerializer,
    ExerciseSerializer,
    ProgramProgressSerializer,
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


class ProgramProgressView(generics.GenericAPIView):
    """Progress of one program: each progress measure at the start and now, the change and its
    MCID verdict (not reached, small, moderate, large), with the thresholds' source."""

    serializer_class = ProgramProgressSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExerciseProgram.objects.none()
        return programs_visible_to(user=self.request.user)

    def get(self, request, *args, **kwargs):
        program = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        audit_event_record(actor=request.user, action="exerciseprogram.progress",
                           patient_ids=[program.patient_id], target=program)
        return Response(self.get_serializer(program_progress(program=program)).data)


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
