"""Admin bases for patient records, scoped to the staff member's clinic (superusers see all),
and the read-only list of kept revisions.

The admin is no back door: every read and change is audited (``AuditedAdminMixin``), and a
correction or deletion goes through ``core.versioning`` as the API's do: a correction keeps the
previous version, a deletion is soft and the id stays taken. Only the content fields of a kind
can be edited; derived values are computed again by the service. Records are not added here:
they come from the phone or the clinic's API."""

from django.contrib import admin

from audit.admin import AuditedAdminMixin

from .models import RecordRevision
from .versioning import record_delete, record_update


class PatientRecordAdmin(AuditedAdminMixin, admin.ModelAdmin):
    raw_id_fields = ["patient"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)

    def get_readonly_fields(self, request, obj=None):
        editable = set(getattr(self.model, "content_fields", ()))
        return [field.name for field in self.model._meta.fields if field.name not in editable]

    def has_add_permission(self, request):
        return False

    def record_save(self, *, record, changed_by, data) -> None:
        """Store a correction; a kind with its own update service names it here."""
        record_update(record=record, changed_by=changed_by, data=data)

    def record_remove(self, *, record, changed_by) -> None:
        """Delete softly; a kind with its own delete service names it here."""
        record_delete(record=record, changed_by=changed_by)

    def save_model(self, request, obj, form, change):
        data = {name: getattr(obj, name) for name in form.changed_data
                if name in self.model.content_fields}
        self.record_save(record=obj, changed_by=request.user, data=data)
        self._audit(request, "update", [obj])

    def delete_model(self, request, obj):
        self.record_remove(record=obj, changed_by=request.user)
        self._audit(request, "delete", [obj])

    def delete_queryset(self, request, queryset):
        records = list(queryset)
        for record in records:
            self.record_remove(record=record, changed_by=request.user)
        self._audit(request, "delete", records)


class ClinicRecordAdmin(PatientRecordAdmin):
    raw_id_fields = ["patient", "entered_by"]


@admin.register(RecordRevision)
class RecordRevisionAdmin(AuditedAdminMixin, admin.ModelAdmin):
    """Kept versions: read-only, whoever looks."""

    list_display = ["record_type", "record_id", "version", "action", "changed_by", "changed_at"]
    list_filter = ["record_type", "action"]
    raw_id_fields = ["patient", "changed_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
