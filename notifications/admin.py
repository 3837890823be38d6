from django.contrib import admin, messages

from accounts.models import Clinic
from audit.admin import AuditedAdminMixin

from .models import (
    Alert,
    Delivery,
    DeliveryAttempt,
    NotificationPreference,
    WebhookEndpoint,
    webhook_secret_generate,
)


@admin.register(Alert)
class AlertAdmin(AuditedAdminMixin, admin.ModelAdmin):
    list_display = ["title", "patient", "severity", "status", "as_of", "created_at"]
    list_filter = ["severity", "status", "kind"]
    raw_id_fields = ["patient", "acknowledged_by", "resolved_by"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)


class _ClinicScoped(admin.ModelAdmin):
    """Superusers see every clinic; other staff only their own."""

    clinic_lookup = "clinic_id"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.clinic_lookup: request.user.clinic_id})


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(_ClinicScoped):
    """The secret is shown once, when it is made (on creation or rotation), never again."""

    list_display = ["url", "clinic", "is_active", "created_at"]
    list_filter = ["is_active"]
    fields = ["clinic", "url", "is_active"]
    actions = ["rotate_secret"]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "url":
            kwargs["assume_scheme"] = "https"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "clinic" and not request.user.is_superuser:
            kwargs["queryset"] = Clinic.objects.filter(pk=request.user.clinic_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            self._show_secret_once(request, obj)

    @admin.action(description="Rotate the signing secret (shown once)")
    def rotate_secret(self, request, queryset):
        for endpoint in queryset:
            endpoint.secret = webhook_secret_generate()
            endpoint.save(update_fields=["secret"])
            self._show_secret_once(request, endpoint)

    def _show_secret_once(self, request, endpoint):
        self.message_user(request, f"Signing secret for {endpoint.url} (copy it now, it will not "
                                   f"be shown again): {endpoint.secret}", messages.WARNING)


class DeliveryAttemptInline(admin.TabularInline):
    model = DeliveryAttempt
    extra = 0
    can_delete = False
    readonly_fields = ["number", "ok", "response_code", "error", "at"]

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Delivery)
class DeliveryAdmin(AuditedAdminMixin, _ClinicScoped):
    """The delivery log: read-only, one row per alert change, channel and recipient."""

    list_select_related = ["alert"]

    def audit_patient_of(self, obj):
        return obj.alert.patient_id

    clinic_lookup = "alert__patient__clinic_id"
    list_display = ["created_at", "alert", "revision", "channel", "recipient", "status",
                    "attempts", "response_code", "sent_at"]
    list_filter = ["channel", "status"]
    search_fields = ["=alert__id", "=recipient"]
    raw_id_fields = ["alert", "user", "endpoint"]
    inlines = [DeliveryAttemptInline]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(_ClinicScoped):
    clinic_lookup = "user__clinic_id"
    list_display = ["user", "email_enabled", "email_min_severity", "quiet_hours_start",
                    "quiet_hours_end", "time_zone"]
    raw_id_fields = ["user"]
