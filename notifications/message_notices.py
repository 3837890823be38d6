"""What the alert layer does with new messages (``messaging.signals.messages_posted``): a care
team's answer reaches the patient by push once the answer has committed.

The push says only that there is an answer, never its text: a phone's lock screen is not a
private place. A failed push is logged and not retried here; the answer is in the conversation
whatever happens to the push.
"""

import logging

from django.db import transaction

from .channels.push import PUSH_TITLE, push_backend

logger = logging.getLogger(__name__)

ANSWER_PUSH_TEXT = "Your care team has answered your message. Open Stride to read it."


def answer_push(*, patient_id) -> None:
    """Tell the patient's phone that the care team answered."""
    try:
        push_backend().send(user_id=str(patient_id), title=PUSH_TITLE, message=ANSWER_PUSH_TEXT)
    except Exception:  # a push service being down must not turn a stored answer into an error
        logger.exception("push of a care team answer to %s failed", patient_id)


def on_messages_posted(sender, *, patient_id, message_ids, from_patient, **kwargs) -> None:
    """A carer's answer is pushed to the patient after it commits (once per answer)."""
    if not from_patient:
        transaction.on_commit(lambda: answer_push(patient_id=patient_id))
