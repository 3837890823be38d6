"""Cohort-table benchmark (issue 12): the coordinator's cohort table for 300 patients, each 12
weeks into a supervised program (3 sessions a week, some stopping, pauses, daily walks).

    .venv/bin/python bench/program_cohort.py [--requests N] [--patients P]

Works on a PostgreSQL database of its own (``stride_bench_cohort``: created, migrated and dropped
at the end), through the full Django/DRF stack with a bearer token (Django's test client). Prints
p50 and p95 and the query count, for P and for P/10 patients (the count must not grow); asserts
nothing. The nightly missed-session sweep is benchmarked with the nudges (bench/programs.py).
"""

import argparse
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.trends as base  # noqa: E402

base.DB_NAME = "stride_bench_cohort"
WEEKS_IN = 12


def seed(*, n_patients: int) -> dict:
    """A clinic, a coordinator with ``n_patients`` patients 12 weeks into a program."""
    from django.utils import timezone

    from accounts.models import CareTeam, Clinic, PatientProfile, Role, User
    from programs.models import ExerciseProgram, ProgramPause, SupervisedSession
    from tracker.models import Walk

    rng = random.Random(20261201)
    now = timezone.now()
    clinic = Clinic.objects.create(name="Bench clinic")
    coordinator = User.objects.create(email="coordinator@bench.example", role=Role.COORDINATOR,
                                      clinic=clinic)
    team = CareTeam.objects.create(clinic=clinic, name="Bench team")
    team.members.add(coordinator)
    patients = User.objects.bulk_create([
        User(email=f"p{i:04d}@bench.example", full_name=f"Patient {i:04d}", role=Role.PATIENT,
             clinic=clinic, password="!") for i in range(n_patients)])
    PatientProfile.objects.bulk_create([
        PatientProfile(user=p, time_zone=base.TIME_ZONES[i % len(base.TIME_ZONES)])
        for i, p in enumerate(patients)])
    team.patients.add(*patients)
    started_on = now.date() - timedelta(weeks=WEEKS_IN)
    programs = ExerciseProgram.objects.bulk_create([
        ExerciseProgram(patient=p, entered_by=coordinator, started_on=started_on, weeks=12,
                        sessions_per_week=3, minutes_per_session=30,
                        minutes_per_session_final=45, days_of_week=[1, 3, 5])
        for p in patients])
    sessions, pauses, walks = [], [], []
    for i, program in enumerate(programs):
        stops_after = WEEKS_IN * 7 - (21 if i % 5 == 0 else 0)  # one in five stopped coming
        for day in range(stops_after):
            performed = started_on + timedelta(days=day)
            if performed.isoweekday() in (1, 3, 5) and rng.random() < 0.9:
                sessions.append(SupervisedSession(
                    program=program, patient_id=program.patient_id, entered_by=coordinator,
                    performed_on=performed, minutes=30 + day // 7,
                    bouts=[{"speed_kmh": 3.2, "onset_s": 180, "chosen_pain_s": 260}]))
        if i % 7 == 0:
            pauses.append(ProgramPause(program=program, patient_id=program.patient_id,
                                       entered_by=coordinator, reason="holiday",
                                       starts_on=started_on + timedelta(weeks=5),
                                       ends_on=started_on + timedelta(weeks=6)))
        walks += base._walks(program.patient, WEEKS_IN * 7 + 28, now, rng, per_day=(0, 1, 2))
    SupervisedSession.objects.bulk_create(sessions, batch_size=5000)
    ProgramPause.objects.bulk_create(pauses)
    Walk.objects.bulk_create(walks, batch_size=5000)
    return {"coordinator": coordinator, "sessions": len(sessions), "walks": len(walks),
            "patients": patients, "team": team}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--patients", type=int, default=300)
    args = parser.parse_args()

    base.database_create()
    try:
        base.django_setup()
        from django.db import connection
        from knox.models import AuthToken
        from rest_framework.test import APIClient

        started = time.perf_counter()
        world = seed(n_patients=args.patients)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"PostgreSQL {connection.pg_version // 10000}; {args.patients} patients "
              f"{WEEKS_IN} weeks in: {world['sessions']:,} supervised sessions, "
              f"{world['walks']:,} walks, seeded in {time.perf_counter() - started:.1f} s")
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Bearer "
                                              f"{AuthToken.objects.create(world['coordinator'])[1]}")

        def cohort():
            response = client.get("/api/v1/programs/cohort/")
            assert response.status_code == 200, response.content[:300]
            return response

        rows = len(cohort().json())
        base.report(f"GET /programs/cohort/ ({rows} programs)", base.timed(cohort, args.requests))
        # A tenth of the patients: the query count must be the same.
        world["team"].patients.remove(*world["patients"][args.patients // 10:])
        rows = len(cohort().json())
        base.report(f"GET /programs/cohort/ ({rows} programs)", base.timed(cohort, args.requests))
    finally:
        base.database_drop()


if __name__ == "__main__":
    main()
