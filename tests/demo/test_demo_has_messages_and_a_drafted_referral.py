"""The demo's care-team day (issue 13): a question the clinician answered, a patient waiting with
a red flag in her message, and the referrals the records' criteria draft for signing."""

import pytest
from django.core.management import call_command

from demo.cohort import DEMO_COHORT
from demo.programs import HOME_NEUROGENIC, SET_KEEPS_UP
from messaging.models import Message
from referrals.models import Referral

EMAIL = {entry.number: entry.email for entry in DEMO_COHORT}


@pytest.mark.django_db
def test_the_demo_has_an_answered_question_a_waiting_red_flag_and_drafts_to_sign():
    call_command("seed_demo", verbosity=0)
    answered = Message.objects.filter(patient__email=EMAIL[SET_KEEPS_UP]).order_by("sent_at")
    assert [m.from_patient for m in answered] == [True, False]

    waiting = Message.objects.get(patient__email=EMAIL[HOME_NEUROGENIC])
    assert waiting.from_patient and waiting.read_by_care_team_at is None
    assert waiting.red_flags  # saddle numbness and retention: the phone told her what to do

    drafts = Referral.objects.filter(status="draft")
    assert drafts.exists(), "the demo should hold a drafted referral for the clinician to sign"
    assert all(referral.criteria for referral in drafts)
