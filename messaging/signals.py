"""Signals messaging sends to the layers above, inside the transaction that stored the message."""

from django.dispatch import Signal

# Sent with ``patient_id``, ``message_ids`` and ``from_patient`` whenever messages were stored in
# a patient's conversation: the patient's new messages are for the care team, a carer's answer
# is for the patient (by push).
messages_posted = Signal()
