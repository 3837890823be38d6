"""A patient who deletes a report the detectors relied on is judged again without it: deleting a
symptom report runs the detectors, as deleting a walk always did."""

from datetime import UTC, datetime, timedelta

import time_machine

from harness.payloads import symptom_payload
from notifications.models import AlertKind, DetectorState

DAY0 = datetime(2026, 3, 2, 20, 0, tzinfo=UTC)


def rest_pain(day):
    return symptom_payload(kind="rest_pain", occurred_at=(DAY0 + timedelta(days=day)).isoformat())


def limb_threat_holds(patient) -> bool:
    return DetectorState.objects.get(patient=patient, kind=AlertKind.LIMB_THREAT).condition_met


def test_deleting_a_rest_pain_report_clears_the_limb_threat_pattern(
        client_for, alice, django_capture_on_commit_callbacks):
    client = client_for(alice)
    reports = [rest_pain(day) for day in (0, 4, 9)]
    with time_machine.travel(DAY0 + timedelta(days=10)):
        with django_capture_on_commit_callbacks(execute=True):
            client.post("/api/v1/symptoms/sync/", {"symptoms": reports}, format="json")
        # Rest pain on three days within two weeks: the limb-threat pattern holds.
        assert limb_threat_holds(alice)

        with django_capture_on_commit_callbacks(execute=True):
            assert client.delete(f"/api/v1/symptoms/{reports[2]['id']}/").status_code == 204

    # Two days are left: the detectors ran again without the deleted report.
    assert not limb_threat_holds(alice)


def night_pain(day, places):
    return symptom_payload(kind="night_pain", locations=places,
                           occurred_at=(DAY0 + timedelta(days=day)).isoformat())


def test_night_pain_in_the_leg_counts_as_rest_pain_and_in_the_back_does_not(
        client_for, alice, olga, django_capture_on_commit_callbacks):
    with time_machine.travel(DAY0 + timedelta(days=10)):
        with django_capture_on_commit_callbacks(execute=True):
            client_for(alice).post("/api/v1/symptoms/sync/", {"symptoms": [
                night_pain(day, ["calf"]) for day in (0, 4, 9)]}, format="json")
            client_for(olga).post("/api/v1/symptoms/sync/", {"symptoms": [
                night_pain(day, ["back"]) for day in (0, 4, 9)]}, format="json")
    assert limb_threat_holds(alice)
    assert not DetectorState.objects.filter(patient=olga, kind=AlertKind.LIMB_THREAT,
                                            condition_met=True).exists()
