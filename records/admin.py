from django.contrib import admin

from core.admin import ClinicRecordAdmin as _PatientClinicRecordAdmin

from .models import (
    AbiMeasurement,
    DistanceCalibration,
    PostureTest,
    Procedure,
    RutherfordAssessment,
)
from .services import clinic_record_delete, clinic_record_update


class ClinicRecordAdmin(_PatientClinicRecordAdmin):
    """Corrections and deletions through the clinic records' services (they re-derive the
    patient's calibration and run the detectors again)."""

    def record_save(self, *, record, changed_by, data) -> None:
        clinic_record_update(record=record, changed_by=changed_by, data=data)

    def record_remove(self, *, record, changed_by) -> None:
        clinic_record_delete(record=record, changed_by=changed_by)


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
