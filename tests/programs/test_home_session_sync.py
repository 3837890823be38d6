"""Home sessions sync from the phone like walks: the phone's id makes a resend harmless, each
item gets its own status, and a bad item never costs the good ones."""

import uuid

import pytest
import time_machine

from programs.models import HomeSession
from programs.services import exercise_program_create
from tests.support.factories import PatientProfileFactory

SYNC = "/api/v1/home-sessions/sync/"


@pytest.fixture
def program(alice, bob):
    return exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": "2026-03-02", "sessions_per_week": 7, "minutes_per_session": 20,
        "mode": "home", "weeks": 12})


def done(of, **changes):
    return {"id": str(uuid.uuid4()), "program": str(of.pk), "performed_on": "2026-03-03",
            "status": "done", "activities": ["flexion_exercises", "cycling"], "minutes": 25,
            "pain_nrs": 3, **changes}


def skipped(of, **changes):
    return {"id": str(uuid.uuid4()), "program": str(of.pk), "performed_on": "2026-03-04",
            "status": "skipped", "skip_reason": "illness", **changes}


@time_machine.travel("2026-03-10T12:00:00Z", tick=False)
def test_a_batch_sent_three_times_is_stored_once(client_for, alice, program):
    client = client_for(alice)
    batch = {"home_sessions": [done(program), skipped(program)]}
    statuses = [[r["status"] for r in client.post(SYNC, batch, format="json").json()["results"]]
                for _ in range(3)]
    assert statuses == [["created", "created"], ["duplicate", "duplicate"],
                        ["duplicate", "duplicate"]]
    assert HomeSession.objects.count() == 2
    stored = HomeSession.objects.get(status="done")
    assert stored.patient_id == alice.pk and stored.program_id == program.pk
    assert stored.activities == ["cycling", "flexion_exercises"] and stored.minutes == 25


@time_machine.travel("2026-03-10T12:00:00Z", tick=False)
def test_the_same_id_with_other_content_is_a_conflict_and_keeps_the_first(client_for, alice,
                                                                         program):
    client = client_for(alice)
    item = done(program)
    client.post(SYNC, {"home_sessions": [item]}, format="json")
    again = client.post(SYNC, {"home_sessions": [{**item, "minutes": 50}]}, format="json")
    (result,) = again.json()["results"]
    assert result["status"] == "conflict" and "id" in result["errors"]
    assert HomeSession.objects.get().minutes == 25


@time_machine.travel("2026-03-10T12:00:00Z", tick=False)
def test_a_bad_item_is_refused_alone_naming_its_field(client_for, alice, olga, bob, program):
    olga_program = exercise_program_create(patient=olga, entered_by=bob, data={
        "started_on": "2026-03-02", "sessions_per_week": 3, "minutes_per_session": 30})
    good = done(program)
    bad = [
        (done(program, status="finished"), "status"),
        (done(program, minutes=0), "minutes"),
        (done(program, activities=[]), "activities"),
        (done(program, pain_nrs=11), "pain_nrs"),
        (skipped(program, skip_reason=""), "skip_reason"),
        (skipped(program, minutes=10), "status"),
        (done(program, performed_on="2026-03-01"), "performed_on"),  # before the start
        (done(program, performed_on="2026-03-11"), "performed_on"),  # after today
        (done(program, program=str(olga_program.pk)), "program"),  # someone else's
        (done(program, patient=str(alice.pk)), "patient"),
    ]
    response = client_for(alice).post(
        SYNC, {"home_sessions": [good, *(item for item, _ in bad)]}, format="json")
    assert response.status_code == 200
    results = response.json()["results"]
    assert results[0]["status"] == "created"
    for result, (_, field) in zip(results[1:], bad, strict=True):
        assert result["status"] == "invalid" and field in result["errors"], result
    assert list(HomeSession.objects.values_list("id", flat=True)) == [uuid.UUID(good["id"])]


@time_machine.travel("2026-03-09T23:30:00Z", tick=False)
def test_today_is_the_patients_local_day(client_for, alice, program):
    # 23:30 UTC on 9 March is already 10 March in Auckland.
    alice.patient_profile.delete()
    PatientProfileFactory(user=alice, time_zone="Pacific/Auckland")
    alice.refresh_from_db()
    results = client_for(alice).post(
        SYNC, {"home_sessions": [done(program, performed_on="2026-03-10")]},
        format="json").json()["results"]
    assert results[0]["status"] == "created", results


def test_only_a_patient_syncs_and_the_care_team_reads_them(client_for, alice, cora, program):
    assert client_for(cora).post(SYNC, {"home_sessions": []}, format="json").status_code == 403
    with time_machine.travel("2026-03-10T12:00:00Z", tick=False):
        client_for(alice).post(SYNC, {"home_sessions": [done(program)]}, format="json")
    listed = client_for(cora).get(f"/api/v1/programs/{program.pk}/home-sessions/")
    assert listed.status_code == 200 and [s["minutes"] for s in listed.json()] == [25]


def test_a_batch_that_is_not_a_list_is_a_400(client_for, alice):
    response = client_for(alice).post(SYNC, {"home_sessions": "many"}, format="json")
    assert response.status_code == 400 and "home_sessions" in response.json()


@time_machine.travel("2026-03-10T12:00:00Z", tick=False)
def test_an_id_another_patient_used_is_a_conflict_and_reveals_nothing(client_for, alice, olga,
                                                                     bob, program):
    olga_program = exercise_program_create(patient=olga, entered_by=bob, data={
        "started_on": program.started_on, "sessions_per_week": 3, "minutes_per_session": 30})
    item = done(olga_program)
    client_for(olga).post(SYNC, {"home_sessions": [item]}, format="json")
    (result,) = client_for(alice).post(
        SYNC, {"home_sessions": [{**item, "program": str(program.pk)}]},
        format="json").json()["results"]
    assert result["status"] == "conflict"
    assert HomeSession.objects.get().patient_id == olga.pk


@time_machine.travel("2026-03-10T12:00:00Z", tick=False)
def test_a_session_after_the_program_ended_is_refused(client_for, alice, bob, program):
    client_for(bob).patch(f"/api/v1/patients/{alice.pk}/programs/{program.pk}/",
                          {"ended_on": "2026-03-05"}, format="json")
    (result,) = client_for(alice).post(
        SYNC, {"home_sessions": [done(program, performed_on="2026-03-06")]},
        format="json").json()["results"]
    assert result["status"] == "invalid" and "performed_on" in result["errors"]
