"""Admin pages of the exercise programs: templates (the clinic's own), programs, sessions, pauses,
progress tests and the exercise library. Patient records are corrected and deleted through
``core.versioning`` (``ClinicRecordAdmin``) and every read is audited; none is added here."""

from django.contrib import admin

from audit.admin import AuditedAdminMixin
from core.admin import ClinicRecordAdmin, PatientRecordAdmin

from .models import ExerciseProgram, HomeSession, ProgramPause, ProgramTemplate, SupervisedSession
from .outcomes import Exercise, ProgressTest


@admin.register(ProgramTemplate)
class ProgramTemplateAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """A clinic's templates; staff see and edit their own clinic's."""

    list_display = ["name", "clinic", "cause", "mode", "weeks", "sessions_per_week",
                    "minutes_per_session", "minutes_per_session_final"]
    list_filter = ["cause", "mode"]
    search_fields = ["name"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("clinic")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(clinic_id=request.user.clinic_id)

    def get_readonly_fields(self, request, obj=None):
        return ["clinic", "created_at"] if obj else ["created_at"]


@admin.register(ExerciseProgram)
class ExerciseProgramAdmin(ClinicRecordAdmin):
    list_display = ["patient", "started_on", "ended_on", "mode", "weeks", "sessions_per_week",
                    "minutes_per_session"]
    list_filter = ["mode"]


@admin.register(SupervisedSession)
class SupervisedSessionAdmin(ClinicRecordAdmin):
    list_display = ["patient", "performed_on", "minutes", "max_pain", "stopped_early",
                    "stop_reason"]
    list_filter = ["stopped_early", "stop_reason"]
    raw_id_fields = ["patient", "entered_by", "program"]


@admin.register(HomeSession)
class HomeSessionAdmin(PatientRecordAdmin):
    list_display = ["patient", "performed_on", "status", "minutes", "pain_nrs", "skip_reason"]
    list_filter = ["status", "skip_reason"]
    raw_id_fields = ["patient", "program"]


@admin.register(ProgramPause)
class ProgramPauseAdmin(ClinicRecordAdmin):
    list_display = ["patient", "starts_on", "ends_on", "reason"]
    list_filter = ["reason"]
    raw_id_fields = ["patient", "entered_by", "program"]


@admin.register(ProgressTest)
class ProgressTestAdmin(ClinicRecordAdmin):
    list_display = ["patient", "kind", "performed_at", "distance_m", "peak_walking_s"]


# The library is kept here (media links validated); the API only reads it.
@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "cause", "dose"]
    list_filter = ["cause"]
    search_fields = ["name", "slug"]
