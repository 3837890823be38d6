"""The clinician dashboard, at the site root. Every page carries the site's strict CSP
(django-csp, config/settings.py)."""

from django.urls import include, path

from . import alert_views, program_views, report_views, session_views, views

app_name = "dashboard"

urlpatterns = [
    path("", views.patient_list, name="patients"),
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", views.LogoutView.as_view(), name="logout"),
    path("patients/<uuid:patient_id>/", views.patient_detail, name="patient"),
    path("patients/<uuid:patient_id>/summary/", views.patient_print_summary,
         name="patient-summary"),
    path("programs/", program_views.program_cohort, name="programs"),  # issue 12
    path("programs/<uuid:program_id>/report/", report_views.program_report,
         name="program_report"),  # the end-of-program report (issue 12)
    path("programs/<uuid:program_id>/sessions/new/", session_views.supervised_session_record,
         name="supervised-session-new"),
    path("referrals/", include("dashboard.referral_views")),  # issue 13
    path("alerts/", alert_views.alert_inbox, name="alerts"),
    path("alerts/<uuid:alert_id>/acknowledge/", alert_views.alert_acknowledge_view,
         name="alert-acknowledge"),
    path("alerts/<uuid:alert_id>/resolve/", alert_views.alert_resolve_view,
         name="alert-resolve"),
]
