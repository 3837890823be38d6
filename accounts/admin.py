"""Admin for staff. A staff member who is not a superuser sees only their own clinic, is offered
only their own clinic in forms, and cannot grant rights they do not have: not superuser, no
group they are not in, no permission they lack; superuser accounts are not theirs to edit."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.models import Group, Permission

from .models import CareTeam, Clinic, PatientProfile, User


class ClinicScopedAdmin(admin.ModelAdmin):
    clinic_lookup = "clinic"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(**{self.clinic_lookup: request.user.clinic_id})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.related_model is Clinic and not request.user.is_superuser:
            kwargs["queryset"] = Clinic.objects.filter(pk=request.user.clinic_id)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.related_model is User and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(clinic_id=request.user.clinic_id)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(Clinic)
class ClinicAdmin(ClinicScopedAdmin):
    clinic_lookup = "pk"
    list_display = ["name", "decline_threshold_pct", "created_at"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return request.user.is_superuser  # a new clinic is a superuser's decision

    def has_delete_permission(self, request, obj=None):
        return request.user.is_superuser


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

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if request.user.is_superuser:
            return queryset
        return queryset.filter(is_superuser=False)  # nobody edits a superuser but a superuser

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if not request.user.is_superuser:
            readonly.append("is_superuser")
            if obj is not None and obj.pk == request.user.pk:
                # Nobody widens their own rights (a role change would open the API's scopes).
                readonly += ["role", "clinic", "is_staff", "groups", "user_permissions"]
        return readonly

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        user = request.user
        if not user.is_superuser and db_field.name == "user_permissions":
            own = user.get_all_permissions()
            kwargs["queryset"] = Permission.objects.filter(
                pk__in=[p.pk for p in Permission.objects.select_related("content_type")
                        if f"{p.content_type.app_label}.{p.codename}" in own])
        elif not user.is_superuser and db_field.name == "groups":
            kwargs["queryset"] = Group.objects.filter(user=user)
        return super().formfield_for_manytomany(db_field, request, **kwargs)


@admin.register(CareTeam)
class CareTeamAdmin(ClinicScopedAdmin):
    list_display = ["name", "clinic"]
    list_filter = ["clinic"]
    filter_horizontal = ["members", "patients"]
