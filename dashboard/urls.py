"""The clinician dashboard, at the site root. Every page carries a strict CSP (see access.py)."""

from django.urls import path

from . import alert_views, views
from .access import with_csp

app_name = "dashboard"

urlpatterns = [
    path("", with_csp(views.patient_list), name="patients"),
    path("login/", with_csp(views.LoginView.as_view()), name="login"),
    path("logout/", with_csp(views.LogoutView.as_view()), name="logout"),
    path("patients/<uuid:patient_id>/", with_csp(views.patient_detail), name="patient"),
    path("patients/<uuid:patient_id>/summary/", with_csp(views.patient_print_summary),
         name="patient-summary"),
    path("alerts/", with_csp(alert_views.alert_inbox), name="alerts"),
    path("alerts/<uuid:alert_id>/acknowledge/", with_csp(alert_views.alert_acknowledge_view),
         name="alert-acknowledge"),
    path("alerts/<uuid:alert_id>/resolve/", with_csp(alert_views.alert_resolve_view),
         name="alert-resolve"),
]
