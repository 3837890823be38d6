"""The real path: a red flag uploaded over HTTP reaches the clinic's webhook through the outbox,
Redis and a Celery worker, signed, once; the delivery log says so."""

import json

import pytest

from harness.payloads import symptom_payload
from harness.stack import Stack, wait_until
from notifications.channels.webhook import signature_verify

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack():
    running = Stack().start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def receiver(receivers):
    return receivers()


def shell(stack, code: str) -> str:
    """The last line the code printed (the shell may print a banner first)."""
    return stack.manage("shell", "-c", code).strip().splitlines()[-1]


def test_a_red_flag_reaches_the_clinic_webhook_once_through_the_worker(stack, receiver):
    _, patient, patient_id = stack.clinic_with_patient("E2E Delivery Clinic")
    secret = shell(stack, (
        "from accounts.models import Clinic; from notifications.models import WebhookEndpoint; "
        f"e = WebhookEndpoint.objects.create(clinic=Clinic.objects.get(name='E2E Delivery Clinic'),"
        f" url='{receiver.url}'); print(e.secret)"))
    report = symptom_payload(kind="back_pain", red_flags=["bladder_bowel_loss"])
    for _ in range(2):  # the phone sends the batch twice
        assert patient.post(f"{stack.base_url}/api/v1/symptoms/sync/",
                            json={"symptoms": [report]}, timeout=30).status_code == 200

    wait_until(lambda: receiver.requests, timeout_s=30, what="the webhook from the worker")
    (request,) = receiver.requests
    assert signature_verify(secret=secret, timestamp=request.headers["X-Stride-Timestamp"],
                            body=request.body, signature=request.headers["X-Stride-Signature"])
    body = json.loads(request.body)
    assert body["patient_id"] == patient_id and body["severity"] == "emergency"
    log = shell(stack, (
        "from notifications.models import Delivery; "
        "print(sorted((d.channel, d.status, d.attempts) for d in Delivery.objects.all()))"))
    # The clinician who enrolled her is her care team: one e-mail; she gets one push.
    assert log == "[('email', 'sent', 1), ('push', 'sent', 1), ('webhook', 'sent', 1)]"
