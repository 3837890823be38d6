"""The coordinator's cohort table: each running program of the care teams, with weeks done,
adherence, last session, missed in a row and the pain-free distance change, most in need of a
call first; a constant number of queries whatever the number of patients."""

from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from insights.program_cohort import program_cohort_rows
from programs.services import exercise_program_create, supervised_session_create
from tests.support.audit import patient_events
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory

NOW = datetime(2026, 4, 29, 12, 0, tzinfo=UTC)  # a Wednesday
START = date(2026, 3, 2)  # a Monday: today is in week 9


def _program(patient, by, *, started_on=START):
    return exercise_program_create(patient=patient, entered_by=by, data={
        "started_on": started_on, "sessions_per_week": 3, "minutes_per_session": 30,
        "minutes_per_session_final": 45, "weeks": 12, "days_of_week": [1, 3, 5],
        "mode": "supervised"})


def _sessions(program, by, *, until: date, minutes=35):
    day = program.started_on
    while day <= until:
        if day.isoweekday() in (1, 3, 5):
            supervised_session_create(program=program, entered_by=by,
                                      data={"performed_on": day, "minutes": minutes})
        day += timedelta(days=1)


def _walks(patient, *, first: date, last: date, onset_m: float):
    day = first
    while day <= last:
        WalkFactory(patient=patient, started_at=datetime(day.year, day.month, day.day, 11,
                                                         tzinfo=UTC),
                    distance_m=onset_m * 2, pain_onset_m=onset_m)
        day += timedelta(days=2)


@pytest.fixture
def team(clinic, cora):
    team = CareTeamFactory(clinic=clinic, name="Cora's walking group")
    team.members.add(cora)
    return team


def _patient(clinic, team, name):
    patient = PatientFactory(email=f"{name.split()[0].lower()}@patients.example", clinic=clinic,
                             full_name=name, profile__time_zone="Europe/London")
    team.patients.add(patient)
    return patient


@time_machine.travel(NOW, tick=False)
def test_the_patient_who_stopped_coming_is_first_and_the_one_who_keeps_up_improves(
        clinic, team, cora, olga):
    keeps_up = _patient(clinic, team, "Kate Keen")
    stopped = _patient(clinic, team, "Stan Stopped")
    patchy = _patient(clinic, team, "Pat Patchy")
    _sessions(_program(keeps_up, cora), cora, until=date(2026, 4, 28))
    # Came for 5 weeks, then nothing for the last 3 and a half.
    _sessions(_program(stopped, cora), cora, until=date(2026, 4, 3))
    # Comes on Mondays only, lately: one of three sessions.
    patchy_program = _program(patchy, cora)
    _sessions(patchy_program, cora, until=date(2026, 4, 10))
    for monday in (date(2026, 4, 13), date(2026, 4, 20), date(2026, 4, 27)):
        supervised_session_create(program=patchy_program, entered_by=cora,
                                  data={"performed_on": monday, "minutes": 30})
    _walks(keeps_up, first=START - timedelta(days=28), last=START - timedelta(days=1),
           onset_m=200)
    _walks(keeps_up, first=date(2026, 4, 15), last=date(2026, 4, 28), onset_m=290)
    # A program of olga's team is not cora's business.
    _program(olga, cora)

    rows = program_cohort_rows(user=cora)

    assert [row["patient"]["full_name"] for row in rows] == [
        "Stan Stopped", "Pat Patchy", "Kate Keen"]
    stan, pat, kate = rows
    # Mon 6 Apr .. Mon 27 Apr: 10 planned sessions missed (today's Wednesday not yet).
    assert stan["missed_in_a_row"] == 10
    assert stan["last_session_on"] == "2026-04-03"
    assert stan["days_since_last_session"] == 26
    assert stan["adherence_recent_pct"] == 0.0
    assert pat["missed_in_a_row"] == 0  # came on Monday
    # Last 2 weeks: week 8 (20-26 Apr, 1 of 3) and week 9 so far (27-28 Apr, 1 of 1).
    assert pat["adherence_recent_pct"] == 50.0
    assert kate["week"] == 9 and kate["weeks_done"] == 8
    assert kate["missed_in_a_row"] == 0 and kate["adherence_pct"] == 100.0
    assert kate["sessions_done"] == kate["sessions_planned"] == 25
    distance = kate["pain_free_distance_m"]
    assert distance["reference_from"] == "before_program"
    assert distance["reference"]["value"] == 200.0 and distance["current"]["value"] == 290.0
    assert distance["change"] == {"value_m": 90.0, "pct": 45.0, "censored": False}
    assert stan["pain_free_distance_m"]["change"] is None  # no walks: nothing to say


@time_machine.travel(NOW, tick=False)
def test_the_cohort_takes_the_same_queries_for_3_and_12_patients(clinic, team, cora):
    def add(n):
        for i in range(n):
            patient = PatientFactory(clinic=clinic, profile__time_zone="America/New_York")
            team.patients.add(patient)
            _sessions(_program(patient, cora), cora, until=date(2026, 3, 20))
            _walks(patient, first=date(2026, 4, 20), last=date(2026, 4, 28), onset_m=250 + i)

    add(3)
    with CaptureQueriesContext(connection) as three:
        assert len(program_cohort_rows(user=cora)) == 3
    add(9)
    with CaptureQueriesContext(connection) as twelve:
        assert len(program_cohort_rows(user=cora)) == 12
    assert len(twelve.captured_queries) == len(three.captured_queries) <= 5


@time_machine.travel(NOW, tick=False)
def test_the_cohort_api_is_for_the_care_team_and_is_audited(client_for, clinic, team, cora,
                                                            alice, bob, eve):
    kate = _patient(clinic, team, "Kate Keen")
    _program(kate, cora)
    _program(alice, bob)

    response = client_for(cora).get("/api/v1/programs/cohort/")

    assert response.status_code == 200, response.content
    assert {row["patient"]["email"] for row in response.json()} == {
        "kate@patients.example", "alice@patients.example"}
    assert {(actor, patient, action) for actor, patient, action, _ in patient_events()} == {
        ("cora@north.example", "kate@patients.example", "program.cohort"),
        ("cora@north.example", "alice@patients.example", "program.cohort")}
    assert client_for(bob).get("/api/v1/programs/cohort/").json()[0]["patient"]["email"] == (
        "alice@patients.example")
    assert client_for(eve).get("/api/v1/programs/cohort/").json() == []
    assert client_for(alice).get("/api/v1/programs/cohort/").status_code == 403


@time_machine.travel(NOW, tick=False)
def test_a_program_planned_to_start_tomorrow_does_not_hide_the_running_one(clinic, team, cora):
    kate = _patient(clinic, team, "Kate Keen")
    running = _program(kate, cora)
    _program(kate, cora, started_on=date(2026, 4, 30))  # tomorrow in London

    assert [row["program"]["id"] for row in program_cohort_rows(user=cora)] == [str(running.pk)]
