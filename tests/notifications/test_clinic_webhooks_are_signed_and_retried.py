"""A clinic's webhook receives each alert change once, signed with the clinic's secret; a failing
endpoint is retried with backoff, then given up and recorded. No clinic hears of another's."""

import json
import time
import uuid

import pytest
from django.conf import settings
from django.utils import timezone

from config.celery import app as celery_app
from notifications.channels.webhook import signature_verify
from notifications.delivery import DELIVERY_MAX_ATTEMPTS
from notifications.models import Delivery, DeliveryStatus, TaskFailure, WebhookEndpoint
from notifications.red_flag_alerts import red_flag_alerts_raise
from notifications.services import alert_acknowledge
from notifications.tasks import deliver_alert, retry_delay_s
from tests.support.webhook_receiver import dead_url


def red_flag_alert(patient, flag="cold_limb"):
    report = {"id": uuid.uuid4(), "kind": "back_pain", "red_flags": [flag],
              "occurred_at": timezone.now()}
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[report])
    return alert


def deliver(alert, *, propagate=True):
    """Run the delivery task in process as a worker would; retries run at once (eager mode),
    which needs propagation off, as in tests/notifications/test_tasks_are_reliable.py."""
    celery_app.conf.task_eager_propagates = propagate
    try:
        return deliver_alert.apply(kwargs={"alert_id": str(alert.pk), "revision": alert.revision})
    finally:
        celery_app.conf.task_eager_propagates = True


def test_the_signature_verifies_with_the_clinics_secret_only(alice, clinic, receivers):
    receiver = receivers()
    endpoint = WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    alert = red_flag_alert(alice)
    deliver(alert)

    (request,) = receiver.requests
    timestamp = request.headers["X-Stride-Timestamp"]
    signature = request.headers["X-Stride-Signature"]
    assert signature.startswith("sha256=")
    assert signature_verify(secret=endpoint.secret, timestamp=timestamp, body=request.body,
                            signature=signature)
    assert not signature_verify(secret="another-clinics-secret", timestamp=timestamp,
                                body=request.body, signature=signature)
    assert not signature_verify(secret=endpoint.secret, timestamp=timestamp,
                                body=request.body.replace(b"urgent", b"info"), signature=signature)
    # A replay ten minutes later is refused even with the right secret.
    assert not signature_verify(secret=endpoint.secret, timestamp=timestamp, body=request.body,
                                signature=signature, now=time.time() + 600)
    assert json.loads(request.body) == {
        "alert_id": str(alert.pk), "kind": "red_flag_limb_threat", "severity": "urgent",
        "status": "open", "revision": 1, "as_of": alert.as_of.isoformat(), "change": "new",
        "patient_id": str(alice.pk), "clinic_id": str(clinic.pk),
    }


def test_a_500_then_a_200_is_retried_and_both_attempts_are_logged(alice, clinic, receivers):
    receiver = receivers(statuses=[500])
    WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    alert = red_flag_alert(alice)
    assert deliver(alert, propagate=False).successful()

    assert len(receiver.requests) == 2
    first, second = receiver.requests
    assert first.body == second.body
    assert first.headers["X-Stride-Delivery"] == second.headers["X-Stride-Delivery"]
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == DeliveryStatus.SENT and delivery.attempts == 2
    assert delivery.response_code == 200 and delivery.sent_at is not None
    assert [(a.ok, a.response_code) for a in delivery.attempt_log.all()] == [(False, 500),
                                                                             (True, 200)]


def test_a_dead_endpoint_is_given_up_after_n_attempts_and_recorded(alice, clinic):
    WebhookEndpoint.objects.create(clinic=clinic, url=dead_url())
    alert = red_flag_alert(alice)
    result = deliver(alert, propagate=False)

    assert result.failed()
    delivery = Delivery.objects.get(channel="webhook")
    assert delivery.status == DeliveryStatus.FAILED
    assert delivery.attempts == DELIVERY_MAX_ATTEMPTS == delivery.attempt_log.count()
    assert "ConnectionError" in delivery.last_error
    failure = TaskFailure.objects.get()
    assert failure.task_name == "notifications.tasks.deliver_alert"
    assert failure.attempts == DELIVERY_MAX_ATTEMPTS and str(alert.pk) in str(failure.arguments)
    # Running it again later does not start over.
    deliver(alert)
    assert Delivery.objects.get(channel="webhook").attempts == DELIVERY_MAX_ATTEMPTS


def test_another_clinics_webhook_never_receives(alice, pete, clinic, other_clinic, receivers):
    ours, theirs = receivers(), receivers()
    WebhookEndpoint.objects.create(clinic=clinic, url=ours.url)
    WebhookEndpoint.objects.create(clinic=other_clinic, url=theirs.url)
    WebhookEndpoint.objects.create(clinic=clinic, url=dead_url(), is_active=False)
    deliver(red_flag_alert(alice))

    assert len(ours.requests) == 1 and theirs.requests == []
    deliver(red_flag_alert(pete))
    assert len(ours.requests) == 1 and len(theirs.requests) == 1
    assert json.loads(theirs.requests[0].body)["patient_id"] == str(pete.pk)


def test_the_same_change_is_posted_once_and_each_new_one_again(alice, bob, clinic, receivers):
    receiver = receivers()
    WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    alert = red_flag_alert(alice)
    deliver(alert)
    deliver(alert)
    assert len(receiver.requests) == 1
    acknowledged = alert_acknowledge(alert=alert, user=bob)
    deliver(acknowledged)
    deliver(acknowledged)
    assert [json.loads(r.body)["status"] for r in receiver.requests] == ["open", "acknowledged"]
    assert [json.loads(r.body)["revision"] for r in receiver.requests] == [1, 2]


@pytest.mark.parametrize("visibility_s", [3600, 300, 60])
def test_every_retry_delay_is_shorter_than_the_visibility_timeout(settings, visibility_s):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {
        **settings.CELERY_BROKER_TRANSPORT_OPTIONS, "visibility_timeout": visibility_s}
    assert deliver_alert.acks_late and deliver_alert.reject_on_worker_lost
    assert deliver_alert.max_retries is not None and deliver_alert.max_retries <= 10
    assert deliver_alert.time_limit < visibility_s or visibility_s < 180
    for retries in range(deliver_alert.max_retries + 1):
        for _ in range(20):
            assert 0 < retry_delay_s(retries) < visibility_s


def test_delivery_runs_on_the_realtime_queue():
    route = settings.CELERY_TASK_ROUTES["notifications.tasks.*"]
    assert route["queue"] == "realtime"
    assert deliver_alert.name == "notifications.tasks.deliver_alert"
