"""The admin leaves audit rows like every other door: ``AuditedAdminMixin`` records the list,
each object opened, each change and deletion, and an object asked for outside the staff
member's scope. The audit trail itself is read-only here. Accounts' user admin is wrapped with
the mixin here, since accounts sits below this app."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.db.models import Q

from accounts.admin import UserAdmin
from accounts.models import Role, User

from .models import AuditEvent, Outcome
from .services import audit_event_record


class AuditedAdminMixin:
    """Record every admin read or change of patient data. ``audit_patient_of(obj)`` names the
    patient an object is about (its ``patient`` by default)."""

    def audit_patient_of(self, obj):
        return getattr(obj, "patient_id", None)

    def _audit(self, request, verb, objects, outcome=Outcome.SUCCESS, object_id=""):
        objects = list(objects)
        opts = self.model._meta
        patient_ids = [pk for pk in (self.audit_patient_of(o) for o in objects) if pk]
        if outcome == Outcome.SUCCESS and not patient_ids:
            return  # nothing about a patient (a staff or clinician account, say)
        audit_event_record(
            actor=request.user, action=f"admin.{opts.model_name}.{verb}",
            patient_ids=patient_ids or None, object_type=opts.label_lower,
            object_id=str(objects[0].pk) if len(objects) == 1 else object_id, outcome=outcome)

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", {}).get("cl")
        if changelist is not None:
            self._audit(request, "list", changelist.result_list)
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        response = super().change_view(request, object_id, form_url, extra_context)
        if obj is None:
            # Outside the staff member's clinic (or gone): the admin redirects; we record it.
            self._audit(request, "read", [], outcome=Outcome.DENIED, object_id=object_id)
        elif request.method == "GET":
            self._audit(request, "read", [obj])
        return response

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None:
            self._audit(request, "history", [obj])
        return super().history_view(request, object_id, extra_context)

    def delete_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        if obj is not None and request.method == "GET":
            self._audit(request, "read", [obj])  # the confirmation page shows the object
        return super().delete_view(request, object_id, extra_context)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        self._audit(request, "update" if change else "create", [obj])

    def delete_model(self, request, obj):
        self._audit(request, "delete", [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._audit(request, "delete", queryset)
        super().delete_queryset(request, queryset)


admin.site.unregister(User)


@admin.register(User)
class AuditedUserAdmin(AuditedAdminMixin, UserAdmin):
    """Accounts' user admin; opening a patient's account (their profile) is audited."""

    def audit_patient_of(self, obj):
        return obj.pk if obj.role == Role.PATIENT else None


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The audit trail, read-only; staff see the rows about their clinic's patients and their
    clinic's sign-ins."""

    list_display = ["occurred_at", "actor_label", "actor_role", "action", "patient", "outcome",
                    "remote_addr", "request_id"]
    list_filter = ["outcome", "actor_role"]
    search_fields = ["=request_id", "actor_label", "action"]
    date_hierarchy = "occurred_at"
    raw_id_fields = ["actor", "patient", "clinic"]

    def get_queryset(self, request):
        queryset = super().get_queryset(request).select_related("patient")
        if request.user.is_superuser:
            return queryset
        clinic = request.user.clinic_id
        # Rows about their clinic's patients, and their own people's sign-ins; never a row that
        # names another clinic's patient.
        return queryset.filter(
            Q(patient__clinic_id=clinic) | Q(patient__isnull=True, clinic_id=clinic))

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
