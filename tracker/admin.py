from django.contrib import admin

from .models import RecordRevision, Walk


@admin.register(Walk)
class WalkAdmin(admin.ModelAdmin):
    list_display = ["id", "patient", "started_at", "distance_m", "pain_onset_m", "stopped_because"]
    list_filter = ["stopped_because", "source"]
    date_hierarchy = "started_at"
    raw_id_fields = ["patient"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)


@admin.register(RecordRevision)
class RecordRevisionAdmin(admin.ModelAdmin):
    list_display = ["record_type", "record_id", "version", "action", "changed_by", "changed_at"]
    list_filter = ["record_type", "action"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)

    def has_change_permission(self, request, obj=None):
        return False
