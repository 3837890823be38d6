from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "referrals"
    verbose_name = "Referrals and orders"

    def ready(self):
        # Registers the Celery task the outbox names (send_referral), for eager runs too.
        from . import tasks  # noqa: F401
