"""Signals accounts sends for the layers above it."""

from django.dispatch import Signal

# A read or change of patients' data in this app (the patient API views). The audit app, a layer
# above, writes the rows. Keyword arguments: those of ``audit.services.audit_event_record``
# (``actor``, ``action``, ``patient_ids``, optionally ``target`` and ``outcome``).
patient_data_accessed = Signal()
