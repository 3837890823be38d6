"""Writes of messages: the patient's from the phone (idempotent per item, as walks), the care
team's answers, read marks and photos. Every write tells the alert layer through
``messaging.signals.messages_posted`` inside its transaction.

Messages are not announced through ``core.signals.patient_records_changed``: no detector reads
them, and re-running a patient's detectors on every message would cost for nothing."""

from collections.abc import Mapping, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone

from accounts.models import Role, User
from core.sync import SyncSpec, records_sync

from .models import Conversation, Message
from .photos import CleanPhoto
from .red_flag_phrases import text_red_flags
from .signals import messages_posted

MESSAGE_SYNC = SyncSpec(model=Message, lock_key=5,
                        derived_fields=("conversation", "author", "from_patient",
                                        "read_by_patient_at", "red_flags"))


def conversation_get_or_create(*, patient: User) -> Conversation:
    """The patient's one conversation with their care team, in the patient's clinic."""
    conversation, _ = Conversation.objects.get_or_create(
        patient=patient, defaults={"clinic_id": patient.clinic_id})
    return conversation


@transaction.atomic
def messages_sync(*, patient: User, messages: Sequence[Mapping[str, Any]]) -> list[str]:
    """Store validated messages of ``patient`` from the phone; one sync status per message."""
    if not messages:
        return []
    conversation = conversation_get_or_create(patient=patient)
    now = timezone.now()
    items = [{**item, "conversation": conversation.pk, "author": patient.pk,
              "from_patient": True, "read_by_patient_at": now,
              "red_flags": list(found.red_flags) if (found := text_red_flags(item["text"])) else []}
             for item in messages]
    statuses, created = records_sync(spec=MESSAGE_SYNC, patient_id=patient.pk, items=items)
    if created:
        messages_posted.send(sender=Message, patient_id=patient.pk, message_ids=created,
                             from_patient=True)
    return statuses


@transaction.atomic
def message_answer_create(*, patient: User, author: User, text: str) -> Message:
    """A carer of the patient's care team answers in the patient's conversation."""
    now = timezone.now()
    message = Message.objects.create(
        conversation=conversation_get_or_create(patient=patient), patient=patient, author=author,
        from_patient=False, text=text, sent_at=now, read_by_care_team_at=now)
    messages_posted.send(sender=Message, patient_id=patient.pk, message_ids=[message.pk],
                         from_patient=False)
    return message


@transaction.atomic
def messages_mark_read(*, reader: User, messages) -> int:
    """Mark the other side's ``messages`` (a queryset already scoped to ``reader``) as read by
    the reader's side; returns how many were unread."""
    now = timezone.now()
    if reader.role == Role.PATIENT:
        return messages.filter(from_patient=False, read_by_patient_at__isnull=True).update(
            read_by_patient_at=now)
    return messages.filter(from_patient=True, read_by_care_team_at__isnull=True).update(
        read_by_care_team_at=now)


@transaction.atomic
def message_photo_attach(*, message: Message, photo: CleanPhoto) -> Message:
    """Store the cleaned photo with its message; a message keeps its first photo."""
    message = Message.objects.select_for_update().get(pk=message.pk)
    if message.photo:
        raise ValueError("This message already has a photo.")
    message.photo_content_type = photo.content_type
    message.photo.save(f"{message.pk}", photo.content, save=False)
    message.updated_at = timezone.now()
    message.save(update_fields=["photo", "photo_content_type", "updated_at"])
    return message
