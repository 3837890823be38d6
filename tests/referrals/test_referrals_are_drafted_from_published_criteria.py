"""The system drafts a referral when the record meets a published criterion, shows each criterion
with its source and the values that met it, and drafts nothing when one is missing."""

from datetime import timedelta

import pytest
import time_machine
from django.db import IntegrityError, ProgrammingError, transaction
from django.utils import timezone

from referrals.models import Referral, ReferralKind, ReferralStatus
from referrals.services import referral_decline, referral_drafts_check
from referrals.tasks import drafts_sweep

from .records import (
    DAY0,
    TODAY,
    abi,
    program,
    rutherford,
    spinal_walks,
    symptom,
    vascular_patient_meeting_duplex_criteria,
)

MRI, DUPLEX = ReferralKind.MRI_LUMBAR_SPINE, ReferralKind.ARTERIAL_DUPLEX


def kinds(referrals):
    return {r.kind for r in referrals}


def test_neurogenic_walks_after_six_weeks_of_exercise_draft_an_mri_citing_acr(alice, bob):
    with time_machine.travel(DAY0 + timedelta(days=25)):
        spinal_walks(alice)
        program(alice, bob, started_days_before=42, today=TODAY, mode="home")
        (referral,) = referral_drafts_check(patient=alice)
    assert referral.kind == MRI and referral.status == ReferralStatus.DRAFT
    criteria = {c["code"]: c for c in referral.criteria}
    assert set(criteria) == {"neurogenic_pattern", "conservative_care_6_weeks"}
    assert criteria["neurogenic_pattern"]["evidence"]["pattern_class"] == "neurogenic_like"
    assert criteria["conservative_care_6_weeks"]["evidence"]["days_since_start"] == 42
    for criterion in criteria.values():
        assert criterion["met"] is True
        assert "ACR Appropriateness Criteria" in criterion["citation"]
        assert "6 weeks" in criterion["citation"]


def test_neurogenic_walks_after_five_weeks_of_exercise_draft_nothing_yet(alice, bob):
    with time_machine.travel(DAY0 + timedelta(days=25)):
        spinal_walks(alice)
        program(alice, bob, started_days_before=41, today=TODAY)
        assert referral_drafts_check(patient=alice) == []


def test_six_weeks_of_exercise_without_a_neurogenic_pattern_draft_no_mri(alice, bob):
    program(alice, bob, started_days_before=60, today=timezone.now().date())
    assert referral_drafts_check(patient=alice) == []


@pytest.mark.parametrize("flag", ["foot_drop", "sudden_weakness", "spreading_numbness"])
def test_a_new_root_failure_red_flag_drafts_an_mri_at_once(alice, flag):
    report = symptom(alice, kind="weakness", red_flags=[flag])
    (referral,) = referral_drafts_check(patient=alice)
    (criterion,) = referral.criteria
    assert referral.kind == MRI and criterion["code"] == "new_neurological_deficit"
    assert criterion["evidence"]["red_flags"] == [flag]
    assert criterion["evidence"]["symptom_ids"] == [str(report.pk)]
    assert "progressive neurological deficit" in criterion["citation"]


def test_new_numbness_drafts_an_mri_but_long_standing_numbness_does_not(alice, olga):
    symptom(alice, kind="numbness_tingling", days_ago=3)
    assert kinds(referral_drafts_check(patient=alice)) == {MRI}
    symptom(olga, kind="numbness_tingling", days_ago=70)  # reported before: not new
    symptom(olga, kind="numbness_tingling", days_ago=3)
    assert referral_drafts_check(patient=olga) == []


def test_cauda_equina_flags_go_to_the_emergency_alert_not_a_draft(alice):
    symptom(alice, kind="back_pain", red_flags=["saddle_numbness", "bladder_bowel_loss"])
    assert referral_drafts_check(patient=alice) == []


def test_abi_0_75_moderate_claudication_and_13_weeks_of_set_draft_a_duplex(alice, bob):
    vascular_patient_meeting_duplex_criteria(alice, bob, today=timezone.now().date())
    (referral,) = referral_drafts_check(patient=alice)
    assert referral.kind == DUPLEX
    criteria = {c["code"]: c for c in referral.criteria}
    assert criteria["abi_at_most_0_90"]["evidence"]["resting_abi"] == 0.75
    assert criteria["lifestyle_limiting_claudication"]["evidence"]["rutherford"] == 2
    assert criteria["set_3_months"]["evidence"]["days_since_start"] == 91
    assert all("2016 AHA/ACC" in c["citation"] for c in criteria.values())


@pytest.mark.parametrize(("ankle_mmhg", "drafted"), [(126, True), (127, False)])
def test_the_abi_cut_off_is_0_90_inclusive(alice, bob, ankle_mmhg, drafted):
    # 126 / 140 = 0.90 (PAD); 127 / 140 = 0.907, rounded by the ABI service to 0.91 (borderline).
    today = timezone.now().date()
    abi(alice, bob, ankle_mmhg=ankle_mmhg)
    rutherford(alice, bob, 3)
    program(alice, bob, started_days_before=100, today=today)
    assert (kinds(referral_drafts_check(patient=alice)) == {DUPLEX}) is drafted


@pytest.mark.parametrize("missing", ["mild claudication", "ten weeks of set", "home exercise"])
def test_no_duplex_when_one_criterion_is_missing(alice, bob, missing):
    today = timezone.now().date()
    abi(alice, bob, ankle_mmhg=105)
    rutherford(alice, bob, 1 if missing == "mild claudication" else 2)
    program(alice, bob, started_days_before=70 if missing == "ten weeks of set" else 91,
            today=today, mode="home" if missing == "home exercise" else "supervised")
    assert referral_drafts_check(patient=alice) == []


def test_checking_again_drafts_no_second_referral(alice, bob):
    vascular_patient_meeting_duplex_criteria(alice, bob, today=timezone.now().date())
    assert len(referral_drafts_check(patient=alice)) == 1
    assert referral_drafts_check(patient=alice) == []
    assert Referral.objects.filter(patient=alice).count() == 1


def test_the_database_refuses_a_second_open_referral_of_a_kind(alice):
    Referral.objects.create(patient=alice, kind=MRI)
    with pytest.raises(IntegrityError), transaction.atomic():
        Referral.objects.create(patient=alice, kind=MRI)


def test_a_declined_referral_is_not_drafted_again_for_90_days(alice, bob):
    vascular_patient_meeting_duplex_criteria(alice, bob, today=timezone.now().date())
    (referral,) = referral_drafts_check(patient=alice)
    referral_decline(referral=referral, clinician=bob, reason="Duplex done elsewhere last week.")
    assert referral_drafts_check(patient=alice) == []
    with time_machine.travel(timezone.now() + timedelta(days=91)):
        assert kinds(referral_drafts_check(patient=alice)) == {DUPLEX}


def test_a_referral_is_never_deleted(alice):
    referral = Referral.objects.create(patient=alice, kind=MRI)
    with pytest.raises(ProgrammingError, match="Cannot delete"), transaction.atomic():
        referral.delete()
    assert Referral.objects.filter(pk=referral.pk).exists()


def test_the_nightly_sweep_drafts_for_each_patient_once(alice, olga, bob):
    symptom(olga, kind="weakness", red_flags=["sudden_weakness"])
    vascular_patient_meeting_duplex_criteria(alice, bob, today=timezone.now().date())
    assert drafts_sweep.apply().get() == 2
    assert drafts_sweep.apply().get() == 0
    assert {(r.patient_id, r.kind) for r in Referral.objects.all()} == {
        (olga.pk, MRI), (alice.pk, DUPLEX)}
