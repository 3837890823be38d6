"""Signals programs sends to the layers above, inside the transaction that stored the data."""

from django.dispatch import Signal

# Sent with ``patient_id`` and ``session`` (a stored SupervisedSession) when a supervised session
# was stopped for chest pain, breathlessness or dizziness: the clinician must know the same day.
session_red_flag_reported = Signal()
