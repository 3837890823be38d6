"""The progress of an exercise program against the MCIDs: it reads progress tests, walks and
questionnaires, so the view lives in insights (it was programs' own until issue 12 asked for
the walks and questionnaires too; its URL and route name are unchanged)."""

from django.shortcuts import get_object_or_404
from rest_framework import generics
from rest_framework.response import Response

from audit.services import audit_event_record
from programs.models import ExerciseProgram
from programs.selectors import programs_visible_to

from .program_progress import program_outcomes
from .program_progress_serializers import ProgramOutcomesSerializer


class ProgramProgressView(generics.GenericAPIView):
    """Progress of one program: each outcome at the start and now with its verdict. Progress
    tests against their MCIDs (not reached, small, moderate, large); pain-free and maximal walking
    distance against the typical gains of supervised exercise (not MCIDs); WIQ and VascuQoL-6
    (vascular) or ODI and ZCQ (spinal) against theirs, with each threshold's source."""

    serializer_class = ProgramOutcomesSerializer
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ExerciseProgram.objects.none()
        return programs_visible_to(user=self.request.user).select_related("template")

    def get(self, request, *args, **kwargs):
        program = get_object_or_404(self.get_queryset(), pk=kwargs["pk"])
        audit_event_record(actor=request.user, action="exerciseprogram.progress",
                           patient_ids=[program.patient_id], target=program)
        return Response(self.get_serializer(program_outcomes(program=program)).data)
