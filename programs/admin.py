from django.contrib import admin

from core.admin import ClinicRecordAdmin

from .models import ExerciseProgram


@admin.register(ExerciseProgram)
class ExerciseProgramAdmin(ClinicRecordAdmin):
    list_display = ["patient", "started_on", "ended_on", "sessions_per_week", "minutes_per_session"]
