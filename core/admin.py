"""Admin bases for patient records, scoped to the staff member's clinic (superusers see all),
and the read-only list of kept revisions."""

from django.contrib import admin

from .models import RecordRevision


class PatientRecordAdmin(admin.ModelAdmin):
    raw_id_fields = ["patient"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)


class ClinicRecordAdmin(PatientRecordAdmin):
    raw_id_fields = ["patient", "entered_by"]


@admin.register(RecordRevision)
class RecordRevisionAdmin(PatientRecordAdmin):
    list_display = ["record_type", "record_id", "version", "action", "changed_by", "changed_at"]
    list_filter = ["record_type", "action"]
    raw_id_fields = ["patient", "changed_by"]

    def has_change_permission(self, request, obj=None):
        return False
