"""The alerts inbox: open alerts first by severity, acknowledge and resolve with a note."""

from django.contrib import messages
from django.db.models import Count
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST, require_safe

from audit.services import audit_event_record
from notifications.models import AlertStatus
from notifications.selectors import alerts_visible_to
from notifications.services import alert_acknowledge, alert_resolve

from .access import alert_for, carer_required
from .forms import AlertResolveForm

INBOX_LIMIT = 200
STATUS_TABS = [(AlertStatus.OPEN, "Open"), (AlertStatus.ACKNOWLEDGED, "Acknowledged"),
               (AlertStatus.RESOLVED, "Resolved")]


def _name(patient) -> str:
    return patient.full_name or patient.email


def _back(request, default: str):
    """Where to go after an action: the page it came from when that is ours, else ``default``."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@require_safe
@carer_required
def alert_inbox(request):
    """Alerts of the user's patients with one status (open by default), most severe first."""
    status = request.GET.get("status", AlertStatus.OPEN)
    if status not in AlertStatus.values:
        status = AlertStatus.OPEN
    scoped = alerts_visible_to(user=request.user)
    alerts = list(
        scoped.filter(status=status)
        .select_related("acknowledged_by", "resolved_by")
        .order_by("-severity_rank", "created_at", "id")[:INBOX_LIMIT]
    )
    audit_event_record(actor=request.user, patient_ids=[a.patient_id for a in alerts],
                       action="dashboard.alert_list")
    counts = dict.fromkeys(AlertStatus.values, 0)
    counts.update(scoped.order_by().values_list("status").annotate(n=Count("id")))
    tabs = [{"status": s, "label": label, "count": counts[s], "current": s == status}
            for s, label in STATUS_TABS]
    return render(request, "dashboard/alerts.html", {
        "alerts": alerts, "status": status, "tabs": tabs, "limit": INBOX_LIMIT,
        "resolve_form": AlertResolveForm(), "section": "alerts",
    })


@require_POST
@carer_required
def alert_acknowledge_view(request, alert_id):
    """Mark the alert as seen; it leaves the open list."""
    alert = alert_for(user=request.user, alert_id=alert_id)
    alert_acknowledge(alert=alert, user=request.user)
    audit_event_record(actor=request.user, action="dashboard.alert_acknowledge",
                       patient_ids=[alert.patient_id], target=alert)
    messages.success(request, f"Acknowledged: {alert.title} ({_name(alert.patient)}).")
    return _back(request, reverse("dashboard:alerts"))


@require_POST
@carer_required
def alert_resolve_view(request, alert_id):
    """Close the alert with a note of what was done."""
    alert = alert_for(user=request.user, alert_id=alert_id)
    form = AlertResolveForm(request.POST)
    if not form.is_valid():
        messages.error(request, "To resolve an alert, say what was done.")
        return _back(request, reverse("dashboard:alerts"))
    alert_resolve(alert=alert, user=request.user, note=form.cleaned_data["note"])
    audit_event_record(actor=request.user, action="dashboard.alert_resolve",
                       patient_ids=[alert.patient_id], target=alert)
    messages.success(request, f"Resolved: {alert.title} ({_name(alert.patient)}).")
    return _back(request, reverse("dashboard:alerts"))
