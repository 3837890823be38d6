"""Reading the audit trail in tests."""

from audit.models import AuditEvent


def patient_events(**filters) -> set[tuple[str, str, str, str]]:
    """``(actor e-mail, patient e-mail, action, outcome)`` of every row about a patient."""
    return set(AuditEvent.objects.filter(patient__isnull=False, **filters).values_list(
        "actor__email", "patient__email", "action", "outcome"))
