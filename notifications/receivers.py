"""What the alert layer does when the record layer signals new or changed data (connected in
``NotificationsConfig.ready``). Both run inside the sender's transaction."""

from .exercise_alerts import session_red_flag_alert_raise
from .red_flag_alerts import red_flag_alerts_raise
from .services import patient_data_changed


def on_patient_records_changed(sender, *, patient_id, **kwargs) -> None:
    """Any record stored, corrected or deleted: the patient's detectors run again."""
    patient_data_changed(patient_id=patient_id)


def on_red_flags_reported(sender, *, patient_id, reports, **kwargs) -> None:
    """Red flags become alerts before the report's transaction commits."""
    red_flag_alerts_raise(patient_id=patient_id, reports=reports)


def on_session_red_flag_reported(sender, *, patient_id, session, **kwargs) -> None:
    """A supervised session stopped for a possibly cardiac reason: an urgent alert, before the
    session commits."""
    session_red_flag_alert_raise(patient_id=patient_id, session=session)
