from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "audit"
    verbose_name = "Audit trail"

    def ready(self):
        # Sign-in events (Django's auth signals) and accounts' patient reads become audit rows.
        from . import receivers  # noqa: F401
