"""Signals the accounts layer sends; higher layers (the audit trail) listen."""

from django.dispatch import Signal

# An account reached the sign-in back-off (once per episode, with the e-mail to its holder).
# Sent with ``user``, ``failures`` (consecutive failures so far), ``retry_at`` (datetime or None)
# and ``request`` (the Django request of the failing attempt, or None).
sign_in_backed_off = Signal()

# A read or change of patients' data in this app (the patient API views). The audit app, a layer
# above, writes the rows. Keyword arguments: those of ``audit.services.audit_event_record``
# (``actor``, ``action``, ``patient_ids``, optionally ``target`` and ``outcome``).
patient_data_accessed = Signal()
