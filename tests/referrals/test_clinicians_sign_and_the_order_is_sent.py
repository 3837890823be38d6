"""A clinician signs a drafted referral (a server-side signature: who, when, SHA-256 of the
content) or declines it with a reason; a signed order goes to the clinic's ordering system by a
signed webhook, through the outbox, and the patient reads it in plain words."""

import hashlib
import json

from django.utils import timezone

from config.celery import app as celery_app
from notifications.channels.webhook import signature_verify
from notifications.models import OutboxMessage, WebhookEndpoint
from notifications.outbox import outbox_relay
from referrals.models import Referral, ReferralKind, ReferralStatus
from referrals.selectors import referral_content
from referrals.services import referral_drafts_check, referral_sign
from referrals.tasks import send_referral
from tests.support.audit import patient_events

from .records import symptom, vascular_patient_meeting_duplex_criteria


def mri_draft(patient):
    """A foot drop reported yesterday: the check drafts an MRI (and only that)."""
    symptom(patient, kind="weakness", red_flags=["foot_drop"])
    (referral,) = referral_drafts_check(patient=patient)
    assert referral.kind == ReferralKind.MRI_LUMBAR_SPINE
    return referral


def sign(client, referral):
    return client.post(f"/api/v1/referrals/{referral.pk}/sign/")


def test_bob_signs_and_the_clinics_ordering_system_receives_the_signed_order(
        alice, bob, clinic, client_for, receivers, django_capture_on_commit_callbacks):
    receiver = receivers()
    endpoint = WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    referral = mri_draft(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = sign(client_for(bob), referral)
    assert response.status_code == 200, response.content
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.sent_at is not None
    assert referral.signed_by == bob and referral.signed_at <= timezone.now()

    content = referral_content(referral=referral)
    assert content["signed_by"] == str(bob.pk) and content["kind"] == "mri_lumbar_spine"
    expected_hash = hashlib.sha256(
        json.dumps(content, sort_keys=True, separators=(",", ":")).encode()).hexdigest()
    assert referral.signature_sha256 == expected_hash == response.json()["signature_sha256"]
    assert response.json()["signature_valid"] is True

    (request,) = receiver.requests
    assert signature_verify(secret=endpoint.secret, timestamp=request.headers["X-Stride-Timestamp"],
                            body=request.body, signature=request.headers["X-Stride-Signature"])
    body = json.loads(request.body)
    assert body["content"] == content and body["signature_sha256"] == expected_hash
    assert request.headers["X-Stride-Delivery"] == f"referral:{referral.pk}"
    assert (bob.email, alice.email, "referral.sign", "success") in patient_events()


def test_the_patient_reads_the_signed_order_in_plain_words_and_never_a_draft(
        alice, bob, client_for):
    referral = mri_draft(alice)
    alice_client = client_for(alice)
    assert alice_client.get("/api/v1/referrals/").json()["results"] == []
    assert alice_client.get(f"/api/v1/referrals/{referral.pk}/").status_code == 404
    sign(client_for(bob), referral)  # no ordering system connected: it stays signed
    (row,) = alice_client.get(f"/api/v1/patients/{alice.pk}/referrals/").json()
    assert row["status"] == "signed"
    assert row["patient_text"].startswith(
        "Your doctor has requested an MRI scan of your lower back.")


def test_a_coordinator_may_not_sign_and_another_clinic_sees_nothing(
        alice, cora, eve, client_for):
    referral = mri_draft(alice)
    assert sign(client_for(cora), referral).status_code == 403
    assert sign(client_for(eve), referral).status_code == 404
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.DRAFT and referral.signature_sha256 == ""


def test_a_decline_needs_a_reason_and_is_kept(alice, bob, client_for):
    referral = mri_draft(alice)
    bob_client = client_for(bob)
    url = f"/api/v1/referrals/{referral.pk}/decline/"
    response = bob_client.post(url, {"reason": "   "}, format="json")
    assert response.status_code == 400 and "reason" in response.json()
    response = bob_client.post(url, {"reason": "MRI done in March, unchanged."}, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "declined"
    assert response.json()["declined_by"] == bob.email
    # A declined referral cannot be signed afterwards; the answer names the status.
    response = sign(bob_client, referral)
    assert response.status_code == 400 and "status" in response.json()
    assert Referral.objects.get(pk=referral.pk).declined_reason == "MRI done in March, unchanged."


def test_the_send_is_queued_in_the_signing_transaction_and_survives_a_broker_outage(
        alice, bob, clinic, client_for, receivers):
    receiver = receivers()
    WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    referral = mri_draft(alice)
    # Without django_capture_on_commit_callbacks nothing runs after commit: as if the broker was
    # down when the clinician signed. The outbox row is there all the same.
    assert sign(client_for(bob), referral).status_code == 200
    (message,) = OutboxMessage.objects.filter(topic=OutboxMessage.Topic.SEND_REFERRAL)
    assert message.payload == {"referral_id": str(referral.pk)} and message.published_at is None
    assert receiver.requests == []
    assert outbox_relay() == 1  # the broker is back: the sweep publishes it
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and len(receiver.requests) == 1
    message.refresh_from_db()
    assert message.completed_at is not None


def test_a_failing_ordering_system_is_retried_and_sent_once(alice, bob, clinic, receivers):
    receiver = receivers([503, 500])
    WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    referral = mri_draft(alice)
    referral_sign(referral=referral, clinician=bob)
    celery_app.conf.task_eager_propagates = False  # retries run at once in eager mode
    try:
        send_referral.apply(kwargs={"referral_id": str(referral.pk)})
        send_referral.apply(kwargs={"referral_id": str(referral.pk)})  # a second run: no-op
    finally:
        celery_app.conf.task_eager_propagates = True
    referral.refresh_from_db()
    assert referral.status == ReferralStatus.SENT and referral.send_error == ""
    assert len(receiver.requests) == 3  # 503, 500, then 200; the second run sent nothing


def test_the_clinic_list_filters_by_status_and_the_care_team_completes(
        alice, bob, cora, client_for):
    vascular_patient_meeting_duplex_criteria(alice, bob, today=timezone.now().date())
    cora_client = client_for(cora)
    response = cora_client.post(f"/api/v1/patients/{alice.pk}/referrals/check/")
    assert response.status_code == 200
    (drafted,) = response.json()["drafted"]
    assert drafted["kind"] == "arterial_duplex"
    again = cora_client.post(f"/api/v1/patients/{alice.pk}/referrals/check/").json()
    assert again["drafted"] == [] and [r["id"] for r in again["open"]] == [drafted["id"]]
    listed = cora_client.get("/api/v1/referrals/", {"status": "draft"}).json()["results"]
    assert [r["id"] for r in listed] == [drafted["id"]]
    assert cora_client.get("/api/v1/referrals/", {"status": "signed"}).json()["results"] == []
    assert cora_client.get("/api/v1/referrals/", {"status": "nonsense"}).status_code == 400
    referral = Referral.objects.get(pk=drafted["id"])
    # Completing a draft is refused; after bob signs, cora closes it.
    assert cora_client.post(f"/api/v1/referrals/{referral.pk}/complete/").status_code == 400
    sign(client_for(bob), referral)
    response = cora_client.post(f"/api/v1/referrals/{referral.pk}/complete/")
    assert response.status_code == 200 and response.json()["status"] == "completed"
