"""GET /api/v1/patients/{id}/pattern/ answers the walking-pattern assessment the detector last
kept, with each sign's likelihood ratio and source, to the patient's care team only."""

from datetime import UTC, datetime, timedelta

import time_machine

from harness.payloads import walk_payload
from notifications.evaluation import patient_evaluate
from tests.support.audit import patient_events
from tracker.serializers.walks import WalkInputSerializer
from tracker.services.walks import walks_sync

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def spinal(day):
    return walk_payload(
        started_at=(DAY0 + timedelta(days=day)).isoformat(), pain_locations=["back", "calf"],
        pain_side="both", pain_qualities=["tingling"], pain_while_standing=True,
        relief_posture="bending_forward" if day % 4 else "sitting")


def url(patient):
    return f"/api/v1/patients/{patient.pk}/pattern/"


def test_the_care_team_reads_the_class_probability_signs_and_window(alice, bob, client_for):
    validator = WalkInputSerializer()
    with time_machine.travel(DAY0 + timedelta(days=25)):
        walks_sync(patient=alice, walks=[validator.run_validation(spinal(d))
                                         for d in range(0, 22, 2)])
        patient_evaluate(patient_id=alice.pk)
    body = client_for(bob).get(url(alice)).json()
    assert body["status"] == "assessed" and body["pattern_class"] == "neurogenic_like"
    assert 0.8 <= body["probability_neurogenic"] <= 0.95
    assert body["window_days"] == 56 and body["window_end"] == "2026-03-22"
    signs = {s["name"]: s for s in body["signs"]}
    assert signs["flexion"]["lr"] == 6.4 and "Eur Spine J" in signs["flexion"]["citation"]
    assert signs["pain_while_standing"]["source"] == "nadeau2013"
    assert body["walks"] == 11
    assert patient_events(outcome="success") == {
        (bob.email, alice.email, "patient.pattern", "success")}


def test_before_any_judgement_it_says_not_enough_data(alice, cora, client_for):
    body = client_for(cora).get(url(alice)).json()
    assert body["status"] == "not_enough_data" and body["pattern_class"] is None
    assert body["signs"] == [] and body["probability_neurogenic"] is None


def test_everyone_outside_the_care_team_gets_404(alice, olga, eve, staff, client_for):
    for outsider in (alice, olga, eve, staff):
        assert client_for(outsider).get(url(alice)).status_code == 404
    # Each refusal is recorded as such (alice asking about herself is not recorded).
    assert patient_events() == {(who.email, alice.email, "patient-pattern.get", "denied")
                                for who in (olga, eve, staff)}
