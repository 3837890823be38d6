"""Who may use the dashboard, and the one way its pages find a patient or an alert.

The rules are the API's: carers (clinicians, coordinators) see the patients of their care teams;
anything outside that scope answers 404, never 403. Patients and staff have no dashboard.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import render

from accounts.models import CARE_ROLES, User
from accounts.selectors import patients_visible_to
from notifications.models import Alert
from notifications.selectors import alerts_visible_to


def carer_required(view):
    """Anonymous visitors go to the login page; signed-in patients and staff get a 403 page."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        user = request.user
        if not user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if user.role not in CARE_ROLES or not user.is_active:
            return render(request, "dashboard/not_for_you.html", status=403)
        return view(request, *args, **kwargs)

    return wrapped


def patient_for(*, user: User, patient_id) -> User:
    """A patient the user may see, with their profile; 404 otherwise."""
    patient = (
        patients_visible_to(user=user).select_related("patient_profile")
        .filter(pk=patient_id).first()
    )
    if patient is None:
        raise Http404("No such patient.")
    return patient


def alert_for(*, user: User, alert_id) -> Alert:
    """An alert about a patient the user may see; 404 otherwise."""
    alert = alerts_visible_to(user=user).filter(pk=alert_id).first()
    if alert is None:
        raise Http404("No such alert.")
    return alert
