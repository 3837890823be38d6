"""The demo's messages and referrals (issue 13): a question answered by the clinician, a patient
waiting for an answer whose text names a red flag, and the referrals the record's criteria draft
(a clinician still has to sign them)."""

import uuid
from datetime import datetime, timedelta

from accounts.models import User
from core.sync import CREATED
from messaging.serializers import MessageInputSerializer
from messaging.services import message_answer_create, messages_sync
from referrals.models import Referral
from referrals.services import referral_drafts_check

from .cohort import DEMO_COHORT, DEMO_NAMESPACE
from .programs import HOME_NEUROGENIC, SET_KEEPS_UP
from .walks import DemoDataError

# (cohort number, hours ago, text): the patients' messages, in the words a patient would use.
PATIENT_MESSAGES = (
    (SET_KEEPS_UP, 50, "Is it normal that my calf cramps near the end of each treadmill bout? "
                       "It eases after a minute of rest."),
    # Waiting, and naming a red flag (saddle numbness): the phone told her at once what to do.
    (HOME_NEUROGENIC, 3, "Since this morning I feel numb between my legs and I can't pee "
                         "properly. Should I skip today's exercises?"),
)
ANSWERS = (
    (SET_KEEPS_UP, "Yes, that is what we aim for: walk until the pain is moderate, rest until it "
                   "eases, then go again. Tell us if it stops easing with rest."),
)


def demo_conversations_seed(*, patients: dict[str, User], clinician: User,
                            now: datetime) -> list[Referral]:
    """Seed the demo's messages and draft the referrals its records meet; returns the drafts."""
    by_number = {entry.number: patients[entry.email] for entry in DEMO_COHORT}
    for number, hours_ago, text in PATIENT_MESSAGES:
        patient = by_number[number]
        item = {"id": str(uuid.uuid5(DEMO_NAMESPACE, f"message:{patient.email}:{hours_ago}")),
                "text": text, "sent_at": (now - timedelta(hours=hours_ago)).isoformat()}
        serializer = MessageInputSerializer(data=item)
        if not serializer.is_valid():
            raise DemoDataError(f"{patient.email}: message: {serializer.errors}")
        statuses = messages_sync(patient=patient, messages=[serializer.validated_data])
        if statuses != [CREATED]:
            raise DemoDataError(f"{patient.email}: message not created: {statuses}")
    for number, text in ANSWERS:
        message_answer_create(patient=by_number[number], author=clinician, text=text)
    drafted = []
    for patient in by_number.values():
        drafted += referral_drafts_check(patient=patient, today=now.date())
    return drafted
