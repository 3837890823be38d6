from django.contrib import admin

from core.admin import PatientRecordAdmin

from .models import QuestionnaireResponse


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(PatientRecordAdmin):
    list_display = ["id", "patient", "instrument", "answered_at"]
    list_filter = ["instrument"]
