"""Exercise programs over the API: templates, enrolment, supervised and home sessions, pauses and
adherence. Every program-scoped route resolves the program through the patients the caller may
see (404 outside), and every read of a patient's data by staff leaves an audit row."""

import uuid

from django.db import IntegrityError
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import OpenApiResponse, extend_schema, extend_schema_view
from rest_framework import generics
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response
from rest_framework.views import APIView

from accounts.models import Role
from accounts.permissions import IsCarer, IsPatient
from audit.services import audit_event_record
from core.sync_api import sync_results
from core.views import PatientRecordDetailView, PatientRecordListCreateView

from .models import ExerciseProgram, HomeSession, ProgramPause, ProgramTemplate, SupervisedSession
from .selectors import patient_local_today, program_adherence, programs_visible_to
from .serializers import (
    ExerciseProgramSerializer,
    HomeSessionInputSerializer,
    HomeSessionSerializer,
    HomeSessionSyncRequestSerializer,
    HomeSessionSyncResponseSerializer,
    ProgramAdherenceSerializer,
    ProgramPauseSerializer,
    ProgramTemplateSerializer,
    SupervisedSessionSerializer,
    adherence_json,
)
from .services import (
    exercise_program_create,
    home_sessions_sync,
    program_pause_create,
    program_template_create,
    supervised_session_create,
)

CARE_TEAM = (Role.CLINICIAN, Role.COORDINATOR)
BAD_INPUT = OpenApiResponse(description="Invalid input; the body names each field and its rule.")
NOT_ALLOWED = OpenApiResponse(description="The caller's role may not do this.")
NOT_FOUND = OpenApiResponse(description="No such record among those the caller may see.")
READ_ERRORS = {403: NOT_ALLOWED, 404: NOT_FOUND}
WRITE_ERRORS = {400: BAD_INPUT, 403: NOT_ALLOWED, 404: NOT_FOUND}


# --- templates ---------------------------------------------------------------------------------

@extend_schema_view(
    get=extend_schema(responses={200: ProgramTemplateSerializer(many=True), 403: NOT_ALLOWED}),
    post=extend_schema(responses={201: ProgramTemplateSerializer, 400: BAD_INPUT,
                                  403: NOT_ALLOWED}),
)
class ProgramTemplateListView(generics.ListCreateAPIView):
    """The program templates of the caller's clinic; clinicians and coordinators add their own."""

    serializer_class = ProgramTemplateSerializer
    permission_classes = [IsCarer]
    pagination_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgramTemplate.objects.none()
        return ProgramTemplate.objects.filter(clinic_id=self.request.user.clinic_id)

    def perform_create(self, serializer):
        try:
            serializer.instance = program_template_create(clinic=self.request.user.clinic,
                                                          data=serializer.validated_data)
        except IntegrityError as exc:
            raise ValidationError({"name": ["The clinic already has a template of this name."]}) \
                from exc


@extend_schema_view(get=extend_schema(responses={200: ProgramTemplateSerializer, **READ_ERRORS}))
class ProgramTemplateDetailView(generics.RetrieveAPIView):
    """One template of the caller's clinic."""

    serializer_class = ProgramTemplateSerializer
    permission_classes = [IsCarer]

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return ProgramTemplate.objects.none()
        return ProgramTemplate.objects.filter(clinic_id=self.request.user.clinic_id)


# --- programs (enrolment) ----------------------------------------------------------------------

class _ProgramViewMixin:
    model = ExerciseProgram
    serializer_class = ExerciseProgramSerializer
    writer_roles = CARE_TEAM


@extend_schema_view(
    get=extend_schema(responses={200: ExerciseProgramSerializer(many=True), 404: NOT_FOUND}),
    post=extend_schema(responses={201: ExerciseProgramSerializer, **WRITE_ERRORS}),
)
class ExerciseProgramListView(_ProgramViewMixin, PatientRecordListCreateView):
    """Exercise programs of a patient; clinicians and coordinators of the patient's care team
    enrol the patient, from a template of the clinic (``template``; any field sent adjusts it)
    or from scratch."""

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if self.request.method == "POST" and isinstance(self.request.data, dict):
            context["template"] = self.enrolment_template()
        return context

    def enrolment_template(self) -> ProgramTemplate | None:
        """The template named in the body, of the patient's clinic (400 when there is none)."""
        if not hasattr(self, "_template"):
            template_id = self.request.data.get("template")
            template = None
            if template_id not in (None, ""):
                template = ProgramTemplate.objects.filter(
                    clinic_id=self.get_patient().clinic_id, pk=str(template_id)
                ).first() if _is_uuid(template_id) else None
                if template is None:
                    raise ValidationError(
                        {"template": ["No such template in the patient's clinic."]})
            self._template = template
        return self._template

    def record_create(self, *, patient, entered_by, data):
        data = {key: value for key, value in data.items() if key != "template_id"}
        return exercise_program_create(patient=patient, entered_by=entered_by, data=data,
                                       template=self.enrolment_template())


def _is_uuid(value) -> bool:
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


@extend_schema_view(
    get=extend_schema(responses={200: ExerciseProgramSerializer, 404: NOT_FOUND}),
    patch=extend_schema(responses={200: ExerciseProgramSerializer, **WRITE_ERRORS}),
    delete=extend_schema(responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND}),
)
class ExerciseProgramDetailView(_ProgramViewMixin, PatientRecordDetailView):
    """One exercise program: correct or end it (PATCH ``ended_on``); corrections keep the old
    version. The template it came from cannot change."""


# --- records under a program -------------------------------------------------------------------

class ProgramScopedMixin:
    """Resolves the program in the URL through the patients the caller may see (404 otherwise);
    the patient is the program's."""

    def get_program(self) -> ExerciseProgram:
        if not hasattr(self, "_program"):
            self._program = get_object_or_404(
                programs_visible_to(user=self.request.user).select_related(
                    "patient__patient_profile"),
                pk=self.kwargs["program_pk"])
        return self._program

    def get_patient(self):
        return self.get_program().patient

    def get_serializer_context(self):
        context = super().get_serializer_context()
        if not getattr(self, "swagger_fake_view", False) and "program_pk" in self.kwargs:
            context["program"] = self.get_program()
        return context

    def get_input_serializer(self, *args, **kwargs):
        # A correction is checked against the program as a new record is.
        kwargs.setdefault("context", self.get_serializer_context())
        return super().get_input_serializer(*args, **kwargs)

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            return self.model.objects.none()
        return self.model.objects.filter(program=self.get_program(), deleted_at__isnull=True)


class _SupervisedMixin(ProgramScopedMixin):
    model = SupervisedSession
    serializer_class = SupervisedSessionSerializer
    writer_roles = CARE_TEAM


@extend_schema_view(
    get=extend_schema(responses={200: SupervisedSessionSerializer(many=True), 404: NOT_FOUND}),
    post=extend_schema(responses={201: SupervisedSessionSerializer, **WRITE_ERRORS}),
)
class SupervisedSessionListView(_SupervisedMixin, PatientRecordListCreateView):
    """Supervised sessions of a program; the coordinator (or a clinician) records them. A stop
    for chest pain, breathlessness or dizziness raises an urgent alert for the care team."""

    def record_create(self, *, patient, entered_by, data):
        return supervised_session_create(program=self.get_program(), entered_by=entered_by,
                                         data=data)


@extend_schema_view(
    get=extend_schema(responses={200: SupervisedSessionSerializer, 404: NOT_FOUND}),
    patch=extend_schema(responses={200: SupervisedSessionSerializer, **WRITE_ERRORS}),
    delete=extend_schema(responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND}),
)
class SupervisedSessionDetailView(_SupervisedMixin, PatientRecordDetailView):
    """One supervised session: read, correct (keeping the old version) or delete."""


class _PauseMixin(ProgramScopedMixin):
    model = ProgramPause
    serializer_class = ProgramPauseSerializer
    writer_roles = CARE_TEAM


@extend_schema_view(
    get=extend_schema(responses={200: ProgramPauseSerializer(many=True), 404: NOT_FOUND}),
    post=extend_schema(responses={201: ProgramPauseSerializer, **WRITE_ERRORS}),
)
class ProgramPauseListView(_PauseMixin, PatientRecordListCreateView):
    """Planned pauses of a program (holiday, illness): no session is expected on their days."""

    def record_create(self, *, patient, entered_by, data):
        return program_pause_create(program=self.get_program(), entered_by=entered_by, data=data)


@extend_schema_view(
    get=extend_schema(responses={200: ProgramPauseSerializer, 404: NOT_FOUND}),
    patch=extend_schema(responses={200: ProgramPauseSerializer, **WRITE_ERRORS}),
    delete=extend_schema(responses={204: None, 403: NOT_ALLOWED, 404: NOT_FOUND}),
)
class ProgramPauseDetailView(_PauseMixin, PatientRecordDetailView):
    """One pause: correct its days or delete it."""


@extend_schema_view(
    get=extend_schema(responses={200: HomeSessionSerializer(many=True), 404: NOT_FOUND}),
)
class HomeSessionListView(ProgramScopedMixin, generics.ListAPIView):
    """Home sessions the patient logged for a program, newest first."""

    model = HomeSession
    serializer_class = HomeSessionSerializer
    pagination_class = None

    def list(self, request, *args, **kwargs):
        audit_event_record(actor=request.user, patient_ids=[self.get_patient().pk],
                           action="homesession.list")
        return super().list(request, *args, **kwargs)


class HomeSessionSyncView(APIView):
    """Store home sessions from the phone: one result per item, resend-safe like walks."""

    permission_classes = [IsAuthenticated, IsPatient]

    @extend_schema(request=HomeSessionSyncRequestSerializer,
                   responses={200: HomeSessionSyncResponseSerializer, 400: BAD_INPUT,
                              403: NOT_ALLOWED})
    def post(self, request):
        envelope = HomeSessionSyncRequestSerializer(data=request.data)
        envelope.is_valid(raise_exception=True)
        today = patient_local_today(patient=request.user)
        programs = {pk: (started_on, ended_on, today)
                    for pk, started_on, ended_on in ExerciseProgram.objects.filter(
                        patient=request.user, deleted_at__isnull=True,
                    ).values_list("pk", "started_on", "ended_on")}
        results = sync_results(
            items=envelope.validated_data["home_sessions"],
            validator=HomeSessionInputSerializer(context={"programs": programs}),
            store=lambda items: home_sessions_sync(patient=request.user, sessions=items),
        )
        return Response({"results": results})


class ProgramAdherenceView(ProgramScopedMixin, APIView):
    """Sessions and minutes done against those planned, per week and for the whole program, in
    the patient's local days; and whether the guideline dose is met."""

    permission_classes = [IsAuthenticated]

    @extend_schema(responses={200: ProgramAdherenceSerializer, 404: NOT_FOUND})
    def get(self, request, program_pk):
        program = self.get_program()
        audit_event_record(actor=request.user, patient_ids=[program.patient_id],
                           action="exerciseprogram.adherence", target=program)
        return Response(adherence_json(program_adherence(program=program)))
