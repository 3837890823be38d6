"""Admin pages for patient records, scoped to the staff member's clinic (superusers see all)."""

from django.contrib import admin

from .models import (
    AbiMeasurement,
    DistanceCalibration,
    PostureTest,
    QuestionnaireResponse,
    RecordRevision,
    RutherfordAssessment,
    SymptomReport,
    Walk,
)


class PatientRecordAdmin(admin.ModelAdmin):
    raw_id_fields = ["patient"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)


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


@admin.register(QuestionnaireResponse)
class QuestionnaireResponseAdmin(PatientRecordAdmin):
    list_display = ["id", "patient", "instrument", "answered_at"]
    list_filter = ["instrument"]


class ClinicRecordAdmin(PatientRecordAdmin):
    raw_id_fields = ["patient", "entered_by"]


@admin.register(AbiMeasurement)
class AbiMeasurementAdmin(ClinicRecordAdmin):
    list_display = ["patient", "measured_at", "leg", "resting_abi", "category"]
    list_filter = ["category", "leg"]


@admin.register(RutherfordAssessment)
class RutherfordAssessmentAdmin(ClinicRecordAdmin):
    list_display = ["patient", "assessed_at", "category"]


@admin.register(DistanceCalibration)
class DistanceCalibrationAdmin(ClinicRecordAdmin):
    list_display = ["patient", "recorded_at", "kind", "measured_distance_m", "phone_distance_m"]


@admin.register(PostureTest)
class PostureTestAdmin(ClinicRecordAdmin):
    list_display = ["patient", "performed_at", "kind", "effect_pct"]


@admin.register(RecordRevision)
class RecordRevisionAdmin(PatientRecordAdmin):
    list_display = ["record_type", "record_id", "version", "action", "changed_by", "changed_at"]
    list_filter = ["record_type", "action"]
    raw_id_fields = ["patient", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False
