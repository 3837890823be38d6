from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The clinicians' web dashboard: server-rendered pages over the API's scoped reads."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "dashboard"
    verbose_name = "Clinician dashboard"
