from django.contrib import admin

from core.admin import ClinicRecordAdmin

from .models import ExerciseProgram


@admin.register(ExerciseProgram)
class ExerciseProgramAdmin(ClinicRecordAdmin):
    list_display = ["patient", "started_on", "ended_on", "sessions_per_week", "minutes_per_session"]


# --- Progress tests and the exercise library (issue 12, outcomes) ----------------------------
from .outcomes import Exercise, ProgressTest  # noqa: E402


@admin.register(ProgressTest)
class ProgressTestAdmin(ClinicRecordAdmin):
    list_display = ["patient", "kind", "performed_at", "distance_m", "peak_walking_s"]


# The library is kept here (media links validated); the API only reads it.


@admin.register(Exercise)
class ExerciseAdmin(admin.ModelAdmin):
    list_display = ["name", "cause", "dose"]
    list_filter = ["cause"]
    search_fields = ["name", "slug"]
