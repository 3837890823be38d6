"""Admin for staff. A staff member who is not a superuser sees only their own clinic."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from .models import AccessLog, CareTeam, Clinic, PatientProfile, User


class ClinicScopedAdmin(admin.ModelAdmin):
    clinic_lookup = "clinic"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.clinic_lookup: request.user.clinic_id})


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    clinic_lookup = "pk"
    list_display = ["name", "decline_threshold_pct", "created_at"]
    search_fields = ["name"]


class PatientProfileInline(admin.StackedInline):
    model = PatientProfile
    can_delete = False


@admin.register(User)
class UserAdmin(ClinicScopedAdmin, BaseUserAdmin):
    ordering = ["email"]
    list_display = ["email", "full_name", "role", "clinic", "is_active", "is_staff"]
    list_filter = ["role", "clinic", "is_active", "is_staff"]
    search_fields = ["email", "full_name"]
    inlines = [PatientProfileInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("full_name", "role", "clinic")}),
        ("Access", {
            "fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions"),
        }),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",),
                "fields": ("email", "role", "clinic", "password1", "password2")}),
    )

    def get_inlines(self, request, obj):
        return self.inlines if obj is not None and obj.is_patient else []


@admin.register(CareTeam)
class CareTeamAdmin(ClinicScopedAdmin):
    list_display = ["name", "clinic"]
    list_filter = ["clinic"]
    filter_horizontal = ["members", "patients"]


@admin.register(AccessLog)
class AccessLogAdmin(admin.ModelAdmin):
    list_display = ["at", "actor", "patient", "action"]
    list_filter = ["action"]
    date_hierarchy = "at"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(patient__clinic_id=request.user.clinic_id)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
