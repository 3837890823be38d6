from django.contrib import admin

from core.admin import ClinicRecordAdmin

from .models import (
    AbiMeasurement,
    DistanceCalibration,
    PostureTest,
    Procedure,
    RutherfordAssessment,
)


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


@admin.register(Procedure)
class ProcedureAdmin(ClinicRecordAdmin):
    list_display = ["patient", "performed_at", "kind", "side", "arterial_level", "spinal_levels"]
    list_filter = ["kind"]
