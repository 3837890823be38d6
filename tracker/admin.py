"""Admin pages for walks and symptom reports."""

from django.contrib import admin

from core.admin import PatientRecordAdmin

from .models import SymptomReport, Walk
from .services.symptoms import symptom_delete, symptom_update


@admin.register(Walk)
class WalkAdmin(PatientRecordAdmin):
    list_display = ["id", "patient", "started_at", "distance_m", "pain_onset_m", "stopped_because"]
    list_filter = ["stopped_because", "source"]
    date_hierarchy = "started_at"


@admin.register(SymptomReport)
class SymptomReportAdmin(PatientRecordAdmin):
    list_display = ["id", "patient", "occurred_at", "kind", "red_flags", "nrs"]
    list_filter = ["kind"]
    date_hierarchy = "occurred_at"

    def record_save(self, *, record, changed_by, data) -> None:
        symptom_update(report=record, changed_by=changed_by, data=data)  # alerts a new red flag

    def record_remove(self, *, record, changed_by) -> None:
        symptom_delete(report=record, changed_by=changed_by)
