"""A walking pattern that contradicts the recorded cause, or changes class, becomes one warning for
the care team, judged by data time: live logging, a late sync and a replay give the same alert."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.utils import timezone as django_timezone

from demo.walks import demo_walks_validated
from harness.payloads import walk_payload
from notifications.evaluation import patient_evaluate
from notifications.models import Alert, DetectorState
from tests.support.demo import demo_patient
from tracker.serializers.walks import WalkInputSerializer
from tracker.services.walks import walks_sync

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
KIND = "neurogenic_pattern"


def neurogenic(day):
    return walk_payload(
        started_at=(DAY0 + timedelta(days=day)).isoformat(), pain_locations=["back", "buttock"],
        pain_side="both", pain_qualities=["tingling", "heaviness"], relief_s=420,
        relief_posture="bending_forward" if day % 4 else "sitting")


def vascular(day):
    return walk_payload(
        started_at=(DAY0 + timedelta(days=day)).isoformat(), pain_locations=["calf"],
        pain_side="left", pain_qualities=["cramping"], relief_posture="standing_still")


def painless(day):
    return walk_payload(
        started_at=(DAY0 + timedelta(days=day)).isoformat(), pain_onset_m=None,
        stopped_because="goal_reached", pain_locations=[], pain_side=None, pain_qualities=[],
        pain_nrs=None, relief_posture=None, relief_s=None)


def record_cause(patient, cause, time_zone="Europe/Paris"):
    profile = patient.patient_profile
    profile.suspected_cause, profile.time_zone = cause, time_zone
    profile.save()


def store(patient, payloads):
    validator = WalkInputSerializer()
    walks_sync(patient=patient, walks=[validator.run_validation(p) for p in payloads])


def without_ids(evidence):
    """Evidence with walk ids replaced by their count (two patients' walks have other ids)."""
    signs = {name: {**sign, "walk_ids": len(sign["walk_ids"])}
             for name, sign in evidence["signs"].items()}
    return {**evidence, "signs": signs, "walk_ids": len(evidence["walk_ids"])}


def test_a_pattern_contradicting_the_recorded_cause_raises_one_warning_with_its_evidence(
        alice, bob, client_for):
    record_cause(alice, "vascular")
    payloads = [neurogenic(day) for day in range(0, 22, 2)]
    with time_machine.travel(DAY0 + timedelta(days=25)):
        store(alice, payloads)
        changed = patient_evaluate(patient_id=alice.pk)
        assert patient_evaluate(patient_id=alice.pk) == []  # evaluating again changes nothing

    alert = Alert.objects.get(kind=KIND)
    # Judged day by day, the open alert was raised once and then updated with each day's walks.
    assert {a.pk for a in changed} == {alert.pk} and alert.revision == len(changed)
    assert (alert.severity, alert.status) == ("warning", "open")
    assert alert.title == "Walking pattern neurogenic-like; recorded cause: vascular"
    assert alert.patient_message == ""  # for the care team: the service does not diagnose
    # First met on the day of the fifth painful walk with its relief recorded, not at sync time.
    assert alert.as_of == DAY0 + timedelta(days=8)
    assert alert.evidence["signs"]["flexion"]["lr"] == 6.4
    assert alert.evidence["reasons"] == ["disagrees_with_recorded_cause"]
    assert set(alert.evidence["walk_ids"]) == {p["id"] for p in payloads}

    shown = client_for(bob).get("/api/v1/alerts/", {"kind": KIND}).json()["results"]
    assert [a["title"] for a in shown] == [alert.title]
    assert shown[0]["evidence"]["pattern_class"] == "neurogenic_like"
    assert client_for(alice).get("/api/v1/alerts/").json()["results"] == []


def test_a_vascular_pattern_recorded_as_neurogenic_raises_the_alert(alice):
    record_cause(alice, "neurogenic")
    with time_machine.travel(DAY0 + timedelta(days=25)):
        store(alice, [vascular(day) for day in range(0, 22, 2)])
        patient_evaluate(patient_id=alice.pk)
    alert = Alert.objects.get(kind=KIND)
    assert alert.title == "Walking pattern vascular-like; recorded cause: neurogenic"
    assert alert.evidence["signs"]["relief_posture"]["source"] == "nadeau2013"


@pytest.mark.parametrize("cause, make", [
    ("neurogenic", neurogenic), ("vascular", vascular), ("mixed", neurogenic),
    ("unknown", vascular)])
def test_a_pattern_that_agrees_or_has_nothing_to_contradict_raises_nothing(alice, cause, make):
    record_cause(alice, cause)
    with time_machine.travel(DAY0 + timedelta(days=25)):
        store(alice, [make(day) for day in range(0, 22, 2)])
        patient_evaluate(patient_id=alice.pk)
    assert not Alert.objects.filter(kind=KIND).exists()
    state = DetectorState.objects.get(patient=alice, kind=KIND)
    assert state.condition_met is False
    # The dashboard shows the pattern and its evidence even when it raised nothing.
    expected = "neurogenic_like" if make is neurogenic else "vascular_like"
    assert state.last_conclusion["evidence"]["pattern_class"] == expected


def test_too_little_data_raises_nothing(alice):
    record_cause(alice, "vascular")
    with time_machine.travel(DAY0 + timedelta(days=25)):
        store(alice, [neurogenic(day) for day in range(0, 8, 2)]  # four painful walks
              + [painless(day) for day in range(10, 20)])
        patient_evaluate(patient_id=alice.pk)
    assert not Alert.objects.filter(kind=KIND).exists()


def test_a_change_of_class_raises_the_alert_even_without_a_recorded_cause(alice):
    record_cause(alice, "unknown")
    history = [vascular(day) for day in range(0, 60, 2)]
    history += [neurogenic(day) for day in range(60, 120, 2)]
    with time_machine.travel(DAY0 + timedelta(days=121)):
        store(alice, history)
        patient_evaluate(patient_id=alice.pk)
    alert = Alert.objects.get(kind=KIND)
    assert "was vascular-like in the 8 weeks before" in alert.title
    assert alert.evidence["reasons"] == ["class_changed"]
    assert alert.evidence["previous_window"]["pattern_class"] == "vascular_like"


def test_a_late_sync_gives_the_alert_live_logging_gave(
        alice, olga, client_for, django_capture_on_commit_callbacks):
    for patient in (alice, olga):
        record_cause(patient, "vascular")
    days = range(0, 22, 2)
    for day in days:  # alice logs live: each walk synced and judged the day it was walked
        with time_machine.travel(DAY0 + timedelta(days=day, hours=2)):
            store(alice, [neurogenic(day)])
            patient_evaluate(patient_id=alice.pk)
    with time_machine.travel(DAY0 + timedelta(days=40)):  # olga's phone was offline for weeks
        with django_capture_on_commit_callbacks(execute=True):
            response = client_for(olga).post(
                "/api/v1/walks/sync/", {"walks": [neurogenic(day) for day in days]}, format="json")
    assert response.status_code == 200

    live = Alert.objects.get(kind=KIND, patient=alice)
    late = Alert.objects.get(kind=KIND, patient=olga)
    assert (late.as_of, late.title, late.severity) == (live.as_of, live.title, live.severity)
    assert without_ids(late.evidence) == without_ids(live.evidence)

    # A replay of alice's whole history from scratch gives the same alert again.
    expected = (live.as_of, live.title, without_ids(live.evidence))
    Alert.objects.filter(patient=alice).delete()
    DetectorState.objects.filter(patient=alice).delete()
    with time_machine.travel(DAY0 + timedelta(days=40)):
        patient_evaluate(patient_id=alice.pk)
    replayed = Alert.objects.get(kind=KIND, patient=alice)
    assert (replayed.as_of, replayed.title, without_ids(replayed.evidence)) == expected


def test_demo_patient_16_walking_like_stenosis_but_recorded_as_vascular_gets_the_alert(alice, olga):
    now = django_timezone.now()
    for patient, number, cause, zone in ((alice, 16, "vascular", "Europe/London"),
                                        (olga, 14, "neurogenic", "Europe/Paris")):
        record_cause(patient, cause, zone)
        walks_sync(patient=patient, walks=demo_walks_validated(
            demo_patient(f"patient{number:02d}@demo.stride"), end=now))
        patient_evaluate(patient_id=patient.pk)
    alert = Alert.objects.get(kind=KIND)
    assert alert.patient == alice
    assert alert.title == "Walking pattern neurogenic-like; recorded cause: vascular"
    assert "longer_with_forward_leaning_aid" in alert.evidence["signs"]["flexion"]["observed"][
        "shown_by"]
