"""Signals the walk log sends to the layers above, inside the transaction that stored the data."""

from django.dispatch import Signal

# Sent with ``patient_id`` and ``reports`` (validated report contents with their ``id``; a
# report refused for another field carries ``rejected: True``) whenever symptom reports with a
# red flag or rest pain may have been stored. The alert layer raises its red-flag alerts in the
# same transaction, so no broker stands between a red flag and the care team's inbox.
red_flags_reported = Signal()
