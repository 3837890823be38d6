"""An open alert whose evidence grows every day does not send the clinic's webhook a message a
day: new, escalated, acknowledged and resolved are sent at once, more evidence at most weekly, as
a digest that carries it."""

import json
import uuid
from datetime import timedelta

import time_machine
from django.utils import timezone

from notifications.models import WebhookEndpoint
from notifications.red_flag_alerts import red_flag_alerts_raise
from notifications.services import Finding, alert_acknowledge, alert_raise, alert_resolve
from notifications.tasks import deliver_alert


def deliver(alert):
    deliver_alert.apply(kwargs={"alert_id": str(alert.pk), "revision": alert.revision})


def more_evidence(patient, flag="cold_limb"):
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[{
        "id": uuid.uuid4(), "kind": "back_pain", "red_flags": [flag],
        "occurred_at": timezone.now()}])
    return alert


def changes(receiver):
    return [json.loads(request.body)["change"] for request in receiver.requests]


def test_daily_evidence_becomes_a_weekly_digest_and_state_changes_go_at_once(
        alice, bob, clinic, receivers):
    receiver = receivers()
    WebhookEndpoint.objects.create(clinic=clinic, url=receiver.url)
    start = timezone.now()
    alert = more_evidence(alice)
    deliver(alert)
    for day in range(1, 7):  # six days of new evidence: nothing more for the clinic system
        with time_machine.travel(start + timedelta(days=day)):
            alert = more_evidence(alice)
            deliver(alert)
    assert alert.revision == 7 and changes(receiver) == ["new"]

    with time_machine.travel(start + timedelta(days=7, minutes=1)):
        alert = more_evidence(alice)
        deliver(alert)
    assert changes(receiver) == ["new", "digest"]
    digest = json.loads(receiver.requests[-1].body)
    assert len(digest["evidence"]["symptom_report_ids"]) == 8
    assert "evidence" not in json.loads(receiver.requests[0].body)

    with time_machine.travel(start + timedelta(days=8)):
        escalated, _ = alert_raise(patient_id=alice.pk, finding=Finding(
            kind=alert.kind, severity="emergency", title="Worse", as_of=timezone.now()))
        deliver(escalated)
        acknowledged = alert_acknowledge(alert=escalated, user=bob)
        deliver(acknowledged)
        resolved = alert_resolve(alert=acknowledged, user=bob, note="Seen in clinic.")
        deliver(resolved)
    assert changes(receiver) == ["new", "digest", "escalated", "acknowledged", "resolved"]
