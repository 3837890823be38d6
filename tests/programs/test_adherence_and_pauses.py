"""Adherence counts sessions and minutes done against those planned, in the patient's local
days, on the program's days of the week, leaving out planned pauses; a week's missed sessions are
those planned and over that were neither done nor skipped."""

import uuid
from datetime import date, timedelta

import pytest
import time_machine

from programs.models import HomeSession
from programs.selectors import program_adherence
from programs.services import exercise_program_create, supervised_session_create
from tests.support.audit import patient_events
from tests.support.factories import PatientProfileFactory

MONDAY = date(2026, 3, 2)


@pytest.fixture
def program(alice, bob):
    # Mon/Wed/Fri, 30 minutes rising to 45 over 12 weeks.
    return exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": MONDAY, "sessions_per_week": 3, "minutes_per_session": 30,
        "minutes_per_session_final": 45, "weeks": 12, "days_of_week": [1, 3, 5],
        "mode": "mixed"})


def supervised(program, day, minutes, by):
    return supervised_session_create(program=program, entered_by=by,
                                     data={"performed_on": day, "minutes": minutes})


def home(program, day, status="done", minutes=30):
    return HomeSession.objects.create(
        id=uuid.uuid4(), patient_id=program.patient_id, program=program, performed_on=day,
        status=status, minutes=minutes if status == "done" else 0,
        activities=["walking"] if status == "done" else [],
        skip_reason="" if status == "done" else "weather")


def adherence(client, program):
    response = client.get(f"/api/v1/programs/{program.pk}/adherence/")
    assert response.status_code == 200, response.content
    return response.json()


def set_time_zone(patient, zone):
    patient.patient_profile.delete()
    PatientProfileFactory(user=patient, time_zone=zone)
    patient.refresh_from_db()


@time_machine.travel("2026-03-18T12:00:00Z", tick=False)  # Wednesday of week 3
def test_weeks_count_done_skipped_and_missed_sessions_and_minutes(client_for, cora, bob,
                                                                  program):
    supervised(program, MONDAY, 30, cora)
    supervised(program, MONDAY + timedelta(days=2), 35, cora)
    home(program, MONDAY + timedelta(days=5), minutes=40)  # Saturday instead of Friday: done
    supervised(program, date(2026, 3, 9), 31, cora)
    home(program, date(2026, 3, 11), status="skipped")
    body = adherence(client_for(cora), program)

    week1, week2, week3 = body["weeks"]
    assert (week1["sessions_planned"], week1["sessions_done"],
            week1["sessions_missed"]) == (3, 3, 0)
    assert (week1["minutes_planned"], week1["minutes_done"]) == (90, 105)
    assert week1["meets_guideline"] is True and week1["complete"] is True
    assert (week2["sessions_planned"], week2["sessions_done"], week2["sessions_skipped"],
            week2["sessions_missed"]) == (3, 1, 1, 1)
    assert week2["minutes_planned"] == 3 * 31  # the dose rises from week 2
    # Today (Wednesday) is not over: only Monday is planned so far, and it was missed.
    assert (week3["sessions_planned"], week3["sessions_missed"], week3["complete"]) == (1, 1, False)
    assert (body["sessions_planned"], body["sessions_done"], body["sessions_missed"]) == (7, 4, 2)
    assert body["session_adherence_pct"] == round(100 * 4 / 7, 1)
    # Since the last session done (Monday 9): Wednesday skipped, Friday and Monday 16 missed.
    assert body["missed_in_a_row"] == 3
    assert body["today"] == "2026-03-18" and body["meets_guideline_dose"] is False
    assert ("cora@north.example", "alice@patients.example", "exerciseprogram.adherence",
            "success") in patient_events()


@time_machine.travel("2026-03-18T12:00:00Z", tick=False)
def test_a_pause_plans_nothing_on_its_days(client_for, cora, program):
    client = client_for(cora)
    pause = client.post(f"/api/v1/programs/{program.pk}/pauses/", {
        "starts_on": "2026-03-09", "ends_on": "2026-03-15", "reason": "holiday",
        "note": "Away in Brittany."}, format="json")
    assert pause.status_code == 201, pause.content
    body = adherence(client, program)
    week2 = body["weeks"][1]
    assert (week2["sessions_planned"], week2["sessions_missed"], week2["paused_days"]) == (0, 0, 7)
    assert body["missed_in_a_row"] == 4  # the pause does not count: Mon/Wed/Fri 1, Mon 16

    # Shortened to two days: Monday 9 is still paused, Wednesday and Friday are planned again.
    client.patch(f"/api/v1/programs/{program.pk}/pauses/{pause.json()['id']}/",
                 {"ends_on": "2026-03-10"}, format="json")
    week2 = adherence(client, program)["weeks"][1]
    assert (week2["sessions_planned"], week2["sessions_missed"], week2["paused_days"]) == (2, 2, 2)

    client.delete(f"/api/v1/programs/{program.pk}/pauses/{pause.json()['id']}/")
    assert adherence(client, program)["weeks"][1]["sessions_planned"] == 3


def test_a_pause_that_ends_before_it_starts_is_refused(client_for, cora, program):
    response = client_for(cora).post(f"/api/v1/programs/{program.pk}/pauses/", {
        "starts_on": "2026-03-09", "ends_on": "2026-03-08", "reason": "illness"}, format="json")
    assert response.status_code == 400 and "ends_on" in response.json()
    bad_reason = client_for(cora).post(f"/api/v1/programs/{program.pk}/pauses/", {
        "starts_on": "2026-03-09", "ends_on": "2026-03-10", "reason": "bored"}, format="json")
    assert bad_reason.status_code == 400 and "reason" in bad_reason.json()


@time_machine.travel("2026-03-02T23:30:00Z", tick=False)  # Monday 23:30 UTC
@pytest.mark.parametrize(("zone", "planned"), [
    ("Europe/Paris", 1),  # already Tuesday 00:30: Monday's session is over and missed
    ("UTC", 0),  # still Monday: today's session may yet happen
    ("America/Los_Angeles", 0),  # Monday afternoon
])
def test_a_session_is_missed_only_once_the_patients_local_day_is_over(client_for, cora, alice,
                                                                     program, zone, planned):
    set_time_zone(alice, zone)
    body = adherence(client_for(cora), program)
    assert body["sessions_planned"] == planned and body["sessions_missed"] == planned


@time_machine.travel("2026-03-24T03:00:00Z", tick=False)
def test_editing_the_program_replans_it(client_for, bob, cora, program):
    client = client_for(bob)
    before = adherence(client, program)
    # Tuesday 24 in Paris: three full weeks of Mon/Wed/Fri, and Monday 23 is over.
    assert before["sessions_planned"] == 10

    edited = client.patch(f"/api/v1/patients/{program.patient_id}/programs/{program.pk}/",
                          {"sessions_per_week": 2, "days_of_week": [2, 4]}, format="json")
    assert edited.status_code == 200, edited.content
    assert adherence(client, program)["sessions_planned"] == 6  # Tue/Thu of 3 weeks, none since

    ended = client.patch(f"/api/v1/patients/{program.patient_id}/programs/{program.pk}/",
                         {"ended_on": "2026-03-08"}, format="json")
    assert ended.status_code == 200
    body = adherence(client, program)
    assert len(body["weeks"]) == 1 and body["sessions_planned"] == 2

    mismatch = client.patch(f"/api/v1/patients/{program.patient_id}/programs/{program.pk}/",
                            {"sessions_per_week": 3}, format="json")
    assert mismatch.status_code == 400 and "days_of_week" in mismatch.json()


def test_the_guideline_dose_needs_12_weeks_of_3_sessions_of_30_minutes(alice, cora, program):
    days = [MONDAY + timedelta(weeks=week, days=offset)
            for week in range(12) for offset in (0, 2, 4)]
    sessions = [supervised(program, day, 45, cora) for day in days]
    after = MONDAY + timedelta(weeks=13)
    result = program_adherence(program=program, today=after)
    assert len(result.weeks) == 12 and result.guideline_weeks == 12
    assert result.meets_guideline_dose is True
    assert result.total("sessions_missed") == 0

    short = sessions[-1]
    short.minutes = 29
    short.save()
    result = program_adherence(program=program, today=after)
    assert result.guideline_weeks == 11 and result.meets_guideline_dose is False


def test_without_days_sessions_spread_over_the_week(alice, bob):
    program = exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": MONDAY, "sessions_per_week": 2, "minutes_per_session": 40})
    result = program_adherence(program=program, today=MONDAY + timedelta(weeks=2))
    assert [w.sessions_planned for w in result.weeks] == [2, 2]  # Monday and Thursday
    assert result.total("minutes_planned") == 160


def test_an_outsider_gets_404_for_adherence(client_for, olga, eve, program):
    for outsider in (olga, eve):
        assert client_for(outsider).get(
            f"/api/v1/programs/{program.pk}/adherence/").status_code == 404
