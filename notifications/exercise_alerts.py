"""Alerts about exercise therapy (connected to ``programs.signals`` in ``apps.py``)."""

import logging
import uuid

from django.utils import timezone

from core.severity import Severity
from programs.models import SupervisedSession

from .models import Alert, AlertKind
from .services import Finding, alert_raise

logger = logging.getLogger(__name__)

SESSION_RED_FLAG_MESSAGE = (
    "Your exercise session was stopped for chest pain, breathlessness or dizziness. Your care "
    "team has been told. If it comes back at rest or does not settle, call emergency services.")


def session_red_flag_alert_raise(*, patient_id: uuid.UUID,
                                 session: SupervisedSession) -> tuple[Alert, bool]:
    """Raise (or add to) the patient's urgent alert for a session stopped for chest pain,
    breathlessness or dizziness; the clinician should see the patient the same day."""
    finding = Finding(
        kind=AlertKind.EXERCISE_SESSION_RED_FLAG,
        severity=Severity.URGENT,
        title=AlertKind.EXERCISE_SESSION_RED_FLAG.label,
        as_of=timezone.now(),
        evidence={
            "supervised_session_ids": [str(session.pk)],
            "program_id": str(session.program_id),
            "stop_reasons": [session.stop_reason],
            "performed_on": session.performed_on.isoformat(),
            "heart_rate_bpm": session.heart_rate_bpm,
            "same_day": True,
        },
        patient_message=SESSION_RED_FLAG_MESSAGE,
    )
    alert, changed = alert_raise(patient_id=patient_id, finding=finding)
    if changed:
        logger.warning("patient %s: urgent alert %s", patient_id, finding.kind)
    return alert, changed
