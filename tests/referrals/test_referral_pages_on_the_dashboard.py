"""The dashboard's referral pages follow the API's rules: the care team reads, only a clinician
signs or declines, and another clinic's clinician finds nothing."""

from django.test import Client

from referrals.models import ReferralStatus
from referrals.services import referral_drafts_check

from .records import symptom


def signed_in(user):
    client = Client()
    client.force_login(user)
    return client


def drafted_mri(patient):
    symptom(patient, kind="weakness", red_flags=["foot_drop"])
    (referral,) = referral_drafts_check(patient=patient)
    return referral


def test_the_coordinator_reads_the_draft_but_may_not_sign_it(alice, cora):
    referral = drafted_mri(alice)
    client = signed_in(cora)
    page = client.get(f"/referrals/{referral.pk}/")
    assert page.status_code == 200
    assert b"Only a clinician can sign" in page.content and b"Sign and order" not in page.content
    assert client.post(f"/referrals/{referral.pk}/sign/").status_code == 403
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT


def test_another_clinics_clinician_finds_no_referral(alice, eve):
    referral = drafted_mri(alice)
    client = signed_in(eve)
    assert client.get(f"/referrals/{referral.pk}/").status_code == 404
    assert client.post(f"/referrals/{referral.pk}/sign/").status_code == 404
    assert b"MRI" not in client.get("/referrals/").content


def test_declining_without_a_reason_is_refused_with_a_message(alice, bob):
    referral = drafted_mri(alice)
    client = signed_in(bob)
    page = client.post(f"/referrals/{referral.pk}/decline/", {"reason": " "}, follow=True)
    assert b"Say why the referral is declined." in page.content
    page = client.post(f"/referrals/{referral.pk}/decline/", {"reason": "Seen by spine team."},
                       follow=True)
    assert b"Declined: MRI of the lumbar spine." in page.content
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DECLINED


def test_every_page_links_the_referrals_and_marks_it_when_open(alice, bob):
    drafted_mri(alice)
    client = signed_in(bob)
    assert b'href="/referrals/"' in client.get("/").content
    page = client.get("/referrals/").content.decode()
    assert '<a href="/referrals/" aria-current="page">Referrals</a>' in page


def test_the_patient_page_lists_what_was_drafted_signed_and_when(alice, bob):
    referral = drafted_mri(alice)
    page = signed_in(bob).get(f"/patients/{alice.pk}/").content.decode()
    section = page[page.index('id="patient-referrals"'):]
    section = section[:section.index("</section>")]
    assert f'href="/referrals/{referral.pk}/"' in section and "Draft" in section
    assert "MRI" in section
