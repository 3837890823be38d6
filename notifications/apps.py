from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Detectors and alerts"

    def ready(self):
        # Imported here, not at the top: apps.py is loaded before any app's models are ready.
        from core.signals import patient_records_changed
        from messaging.signals import messages_posted
        from programs.signals import session_red_flag_reported
        from tracker.signals import red_flags_reported

        # Registers the Celery tasks the outbox names, for in-process (eager) runs too.
        from . import message_notices, receivers, tasks  # noqa: F401

        patient_records_changed.connect(receivers.on_patient_records_changed,
                                        dispatch_uid="notifications.patient_records_changed")
        red_flags_reported.connect(receivers.on_red_flags_reported,
                                   dispatch_uid="notifications.red_flags_reported")
        session_red_flag_reported.connect(receivers.on_session_red_flag_reported,
                                          dispatch_uid="notifications.session_red_flag_reported")
        messages_posted.connect(message_notices.on_messages_posted,
                                dispatch_uid="notifications.messages_posted")
