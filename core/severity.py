"""How serious a finding is, on one scale shared by red-flag triage and alerts."""

from django.db import models


class Severity(models.TextChoices):
    INFO = "info", "Information"
    WARNING = "warning", "Warning"
    URGENT = "urgent", "Urgent"
    EMERGENCY = "emergency", "Emergency"


SEVERITY_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.URGENT: 2, Severity.EMERGENCY: 3}
