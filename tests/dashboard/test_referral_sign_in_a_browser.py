"""A clinician reviews a drafted MRI referral in a real browser (Debian's Chromium, tablet
size): each criterion with its source, then signs it; the page shows the signature and what the
patient is told. The screenshot is kept in .ci/artifacts/screenshots/."""

import pytest

from referrals.models import Referral, ReferralStatus
from referrals.services import referral_drafts_check
from tests.dashboard.test_dashboard_in_a_browser import browser, page, shot, sign_in  # noqa: F401
from tests.referrals.records import symptom

pytestmark = pytest.mark.browser


def test_bob_reviews_the_drafted_mri_and_signs_it(page, live_server, transactional_db,  # noqa: F811
                                                   alice, bob):
    symptom(alice, kind="weakness", red_flags=["foot_drop"])
    (referral,) = referral_drafts_check(patient=alice)

    sign_in(page, live_server.url, bob)
    page.goto(f"{live_server.url}/referrals/")
    page.get_by_role("link", name="MRI of the lumbar spine").click()
    page.wait_for_url(f"{live_server.url}/referrals/{referral.pk}/")
    criteria = page.locator("#referral-criteria").inner_text()
    assert "New or progressive neurological deficit" in criteria
    assert "Red flags: foot drop" in criteria
    assert "Source: ACR Appropriateness Criteria: Low Back Pain" in criteria
    assert page.locator("#referral-status").inner_text() == "Drafted, waiting for a clinician"

    page.get_by_role("button", name="Sign and order").click()
    page.wait_for_url(f"{live_server.url}/referrals/{referral.pk}/")
    assert page.locator("#referral-status").inner_text() == "Signed"
    assert "matches the content" in page.locator("#referral-signature").inner_text()
    assert page.locator("#patient-text").inner_text().startswith(
        "Your doctor has requested an MRI scan of your lower back.")
    assert page.get_by_role("button", name="Sign and order").count() == 0
    referral = Referral.objects.get(pk=referral.pk)
    assert referral.status == ReferralStatus.SIGNED and referral.signed_by == bob
    shot(page, "24-referral-sign")
