"""The nightly sweep judges all running programs in bulk; what it concludes for each patient
(missed in a row and since when, the last 2 weeks, a pause today, whether the coordinators'
alert holds) must be what the per-patient check after a session change concludes, on every
hour of the week, in every time zone, with pauses, skips and edited programs."""

import random
import uuid
from datetime import UTC, date, datetime, timedelta

import pytest
from django.db.models import Q

from notifications.exercise_adherence import programs_judge
from notifications.exercise_sweep import programs_judge_in_bulk
from programs.models import ExerciseProgram, HomeSession, ProgramPause, SupervisedSession
from programs.services import program_pause_create, supervised_session_create
from tests.support.factories import PatientFactory, PatientProfileFactory, UserFactory

ZONES = ("Pacific/Auckland", "America/Los_Angeles", "Europe/Paris", "UTC", "Asia/Kolkata")
START = date(2026, 3, 2)


def _outcome(judgement):
    adherence = judgement.adherence
    return (str(judgement.program.pk), adherence.today, adherence.missed_in_a_row,
            adherence.missed_run_started_on, judgement.recent_planned, judgement.recent_done,
            adherence.paused_today, judgement.alert_met, judgement.nudge_due)


@pytest.fixture
def cohort(clinic):
    rng = random.Random(20261201)
    coordinator = UserFactory(clinic=clinic, role="coordinator")
    patients = []
    for i in range(10):
        patient = PatientFactory(clinic=clinic, profile=None)
        PatientProfileFactory(user=patient, time_zone=ZONES[i % len(ZONES)])
        days = sorted(rng.sample(range(1, 8), rng.choice((2, 3, 5))))
        program = ExerciseProgram.objects.create(
            patient=patient, entered_by=coordinator, started_on=START + timedelta(days=i % 3),
            weeks=rng.choice((None, 4, 12)), sessions_per_week=len(days), minutes_per_session=30,
            days_of_week=days if i % 4 else [])
        for offset in range(40):
            day = program.started_on + timedelta(days=offset)
            chance = rng.random()
            if chance < 0.35:
                supervised_session_create(program=program, entered_by=coordinator,
                                          data={"performed_on": day, "minutes": 35})
            elif chance < 0.5:
                HomeSession.objects.create(id=uuid.uuid4(), patient=patient, program=program,
                                           performed_on=day, status="skipped",
                                           skip_reason="pain")
        if i % 3 == 0:
            program_pause_create(program=program, entered_by=coordinator, data={
                "starts_on": START + timedelta(days=9), "ends_on": START + timedelta(days=15),
                "reason": "holiday"})
        patients.append(patient)
    # Deleted records are not counted by either path.
    deleted_at = datetime(2026, 3, 1, tzinfo=UTC)
    first_session = SupervisedSession.objects.filter(patient=patients[1]).earliest("performed_on")
    SupervisedSession.objects.filter(pk=first_session.pk).update(deleted_at=deleted_at)
    ProgramPause.objects.filter(patient=patients[3]).update(deleted_at=deleted_at)
    # A second program for one patient, and one program ended early.
    ExerciseProgram.objects.create(patient=patients[2], entered_by=coordinator,
                                   started_on=START + timedelta(days=20), sessions_per_week=2,
                                   minutes_per_session=20)
    ExerciseProgram.objects.filter(patient=patients[5]).update(ended_on=START + timedelta(days=18))
    return patients


def test_the_bulk_sweep_concludes_what_each_patients_check_does(cohort):
    compared = 0
    for hours in range(0, 45 * 24, 11):
        now = datetime(2026, 3, 2, 5, tzinfo=UTC) + timedelta(hours=hours)
        bulk = programs_judge_in_bulk(patients=Q(patient_id__in=[p.pk for p in cohort]),
                                      now=now)
        for patient in cohort:
            one_by_one = sorted(map(_outcome, programs_judge(patient=patient, now=now)))
            assert sorted(map(_outcome, bulk.get(patient.pk, []))) == one_by_one, (patient, now)
            compared += len(one_by_one)
    # Most of those hours judged running programs, with misses, nudges and alerts among them.
    assert compared > 500


def test_the_bulk_judgements_read_a_fixed_number_of_queries(cohort, django_assert_num_queries):
    now = datetime(2026, 3, 30, 12, tzinfo=UTC)
    with django_assert_num_queries(4):
        judged = programs_judge_in_bulk(patients=Q(patient_id__in=[p.pk for p in cohort]),
                                        now=now)
    running = sum(len(programs_judge(patient=p, now=now)) for p in cohort)
    assert running >= 5 and sum(len(j) for j in judged.values()) == running
    assert any(j.nudge_due for js in judged.values() for j in js)
