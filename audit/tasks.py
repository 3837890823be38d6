"""Celery tasks of the audit trail."""

from celery import shared_task
from django.conf import settings

from .partitions import audit_partitions_make_ahead


@shared_task(name="audit.tasks.audit_partitions_make")
def audit_partitions_make() -> list[str]:
    """Make the audit table's monthly partitions ahead of time (safe to run twice)."""
    return audit_partitions_make_ahead(months_ahead=settings.AUDIT_PARTITION_MONTHS_AHEAD)
