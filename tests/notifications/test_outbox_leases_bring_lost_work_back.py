"""Work the broker lost, or a worker died with, is published again once its lease runs out, and
only then; running it again sends nothing twice (the delivery log). In process, with the relay
and the tasks run directly; tests/notifications/test_worker_faults.py does it with real
workers, Redis and PostgreSQL."""

import uuid
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from notifications.models import Delivery, OutboxMessage
from notifications.outbox import lease_s, outbox_relay
from notifications.red_flag_alerts import red_flag_alerts_raise

pytestmark = pytest.mark.django_db(transaction=True)


def emergency_for(patient):
    report = {"id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["saddle_numbness"],
              "occurred_at": timezone.now()}
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[report])
    return alert


def delivery_message(alert) -> OutboxMessage:
    return OutboxMessage.objects.get(topic=OutboxMessage.Topic.DELIVER_ALERT,
                                     key=f"{alert.pk}:{alert.revision}")


def test_a_delivered_alert_change_is_marked_done_and_never_published_again(alice, bob, cora):
    alert = emergency_for(alice)  # eager Celery: published on commit and delivered at once
    message = delivery_message(alert)
    assert message.completed_at is not None and message.lease_until is not None
    assert sorted(a for m in mail.outbox for a in m.to) == sorted([bob.email, cora.email])
    sent_before = len(mail.outbox)
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - timedelta(hours=1))
    assert outbox_relay() == 0
    assert len(mail.outbox) == sent_before


def test_a_change_whose_worker_died_is_published_again_after_its_lease_and_sent_once(
        alice, bob, cora):
    alert = emergency_for(alice)
    message = delivery_message(alert)
    sent_before = len(mail.outbox)
    # As if a worker had died mid-delivery: the change is in flight and one e-mail never went.
    OutboxMessage.objects.filter(pk=message.pk).update(
        completed_at=None, lease_until=timezone.now() + timedelta(seconds=5))
    Delivery.objects.filter(alert=alert, recipient=str(cora.pk)).update(status="pending",
                                                                       sent_at=None)
    assert outbox_relay() == 0, "published again while its lease still runs"
    OutboxMessage.objects.filter(pk=message.pk).update(
        lease_until=timezone.now() - timedelta(seconds=1))
    assert outbox_relay() == 1
    message.refresh_from_db()
    assert message.republished == 1 and message.completed_at is not None
    # Only the e-mail that had not gone is sent; bob's is not sent again.
    assert [m.to for m in mail.outbox[sent_before:]] == [[cora.email]]
    assert outbox_relay() == 0


def test_a_lease_doubles_each_time_it_runs_out_up_to_the_visibility_timeout(settings):
    settings.OUTBOX_LEASE_S = 30
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
    assert [lease_s(republished=n) for n in range(0, 9, 2)] == [30, 120, 480, 1920, 3600]
