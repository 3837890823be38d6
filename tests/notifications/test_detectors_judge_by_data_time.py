"""Detectors run after ingest through the outbox, judge by data time, and alert once per episode."""

from datetime import UTC, datetime, timedelta

import time_machine

from harness.payloads import symptom_payload
from notifications.evaluation import patient_evaluate
from notifications.models import Alert, OutboxMessage
from notifications.services import alert_resolve
from tracker.serializers.symptoms import SymptomInputSerializer
from tracker.services.symptoms import symptoms_sync

DAY0 = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)


def rest_pain(day):
    return symptom_payload(kind="rest_pain", occurred_at=(DAY0 + timedelta(days=day)).isoformat())


def sync(client, reports):
    return client.post("/api/v1/symptoms/sync/", {"symptoms": reports}, format="json")


def test_ingest_writes_one_pending_evaluation_per_patient_and_publishes_it(
        client_for, alice, django_capture_on_commit_callbacks):
    client = client_for(alice)
    with time_machine.travel(DAY0 + timedelta(days=20)):
        with django_capture_on_commit_callbacks(execute=False):
            sync(client, [rest_pain(0)])
            sync(client, [rest_pain(1)])
        # Two batches before the relay ran: one pending evaluation covers both.
        assert OutboxMessage.objects.filter(
            topic="evaluate_patient", published_at__isnull=True
        ).count() == 1
        with django_capture_on_commit_callbacks(execute=True):
            sync(client, [rest_pain(2)])
    assert not OutboxMessage.objects.filter(published_at__isnull=True).exists()


def test_a_late_sync_alerts_as_of_the_day_the_condition_was_first_met(
        client_for, alice, bob, django_capture_on_commit_callbacks):
    with time_machine.travel(DAY0 + timedelta(days=30)):
        with django_capture_on_commit_callbacks(execute=True):
            sync(client_for(alice), [rest_pain(d) for d in (0, 4, 9, 11)])
    limb = Alert.objects.get(kind="limb_threat")
    assert limb.as_of == DAY0 + timedelta(days=9)  # the third day of rest pain, not the sync time
    assert limb.evidence["rest_pain_days"][:3] == ["2026-03-02", "2026-03-06", "2026-03-11"]


def test_replay_in_order_gives_the_same_alert_as_one_late_batch(alice, bob):
    def stored(day):
        return SymptomInputSerializer().run_validation(rest_pain(day))

    with time_machine.travel(DAY0 + timedelta(days=30)):
        for day in (0, 4, 9, 11):  # live: one report and one evaluation at a time
            symptoms_sync(patient=alice, reports=[stored(day)])
            patient_evaluate(patient_id=alice.pk)
    live = Alert.objects.get(kind="limb_threat")
    assert live.as_of == DAY0 + timedelta(days=9)
    assert Alert.objects.filter(kind="limb_threat").count() == 1


def test_a_resolved_alert_is_not_raised_again_until_the_condition_clears(alice, bob):
    def add(days):
        symptoms_sync(patient=alice, reports=[
            SymptomInputSerializer().run_validation(rest_pain(day)) for day in days])
        patient_evaluate(patient_id=alice.pk)

    with time_machine.travel(DAY0 + timedelta(days=90)):
        add([0, 1, 2])
        first = Alert.objects.get(kind="limb_threat")
        alert_resolve(alert=first, user=bob, note="Seen; vascular referral made")
        add([3])  # still the same episode: no new alert
        assert Alert.objects.filter(kind="limb_threat").count() == 1
        add([40, 41, 42])  # the episode cleared (no rest pain for weeks), then a new one
        assert Alert.objects.filter(kind="limb_threat").count() == 2


def test_evaluating_twice_changes_nothing(alice):
    with time_machine.travel(DAY0 + timedelta(days=20)):
        symptoms_sync(patient=alice, reports=[
            SymptomInputSerializer().run_validation(rest_pain(d)) for d in (0, 1, 2)])
        assert len(patient_evaluate(patient_id=alice.pk)) == 1
        assert patient_evaluate(patient_id=alice.pk) == []
    assert Alert.objects.get(kind="limb_threat").revision == 1
