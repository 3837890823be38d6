"""Signals a record layer sends inside the transaction that changed a patient's data.

The alert layer listens (``notifications.apps``); records never import it.
"""

from django.dispatch import Signal

# Sent with ``patient_id``, ``record_type`` and ``action`` ("created", "updated", "deleted")
# whenever records of a patient were stored, corrected or deleted: the detectors must run again.
patient_records_changed = Signal()
