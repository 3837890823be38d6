from django.contrib import admin

from .models import Alert


@admin.register(Alert)
class AlertAdmin(admin.ModelAdmin):
    list_display = ["title", "patient", "severity", "status", "as_of", "created_at"]
    list_filter = ["severity", "status", "kind"]
    raw_id_fields = ["patient", "acknowledged_by", "resolved_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)
