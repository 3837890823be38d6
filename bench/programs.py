"""Exercise-program benchmarks (issue 12):

1. the coordinator's cohort table for 300 patients, each 12 weeks into a supervised program (3
   sessions a week, one in five stopped coming, pauses, daily walks), through the full Django/DRF
   stack with a bearer token (Django's test client); p50, p95 and the query count, for P and for
   P/10 patients (the count must not grow);
2. the nightly missed-session sweep over 10,000 running programs (supervised and home sessions,
   skips, pauses), against one SQL pass that reads the same sessions.

    .venv/bin/python bench/programs.py [--requests N] [--patients P] [--programs N] [--skip-sweep]

Works on a PostgreSQL database of its own (``stride_bench_programs``: created, migrated and
dropped at the end). Prints figures; asserts nothing. See bench/README.md.
"""

import argparse
import logging
import os
import random
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.trends as base  # noqa: E402

base.DB_NAME = "stride_bench_programs"
WEEKS_IN = 12
BENCH_REDIS_URL = "redis://127.0.0.1:6379/9"


def _redis_flush() -> None:
    import redis

    redis.Redis.from_url(BENCH_REDIS_URL).flushdb()


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


def seed_sweep(*, n_programs: int) -> int:
    """Another clinic with ``n_programs`` patients 12 weeks into a program: half supervised
    (Mon/Wed/Fri), half at home (daily flexion work, some skipped); one in five stopped coming
    three weeks ago, one in ten stopped a week ago, one in seven paused in week 5."""
    from django.utils import timezone

    from accounts.models import Clinic, PatientProfile, Role, User
    from programs.models import ExerciseProgram, HomeSession, ProgramPause, SupervisedSession

    rng = random.Random(20261202)
    now = timezone.now()
    clinic = Clinic.objects.create(name="Sweep clinic")
    coordinator = User.objects.create(email="sweep@bench.example", role=Role.COORDINATOR,
                                      clinic=clinic)
    started_on = now.date() - timedelta(weeks=WEEKS_IN)
    rows = 0
    for first in range(0, n_programs, 2000):
        count = min(2000, n_programs - first)
        patients = User.objects.bulk_create([
            User(email=f"s{first + i:05d}@bench.example", role=Role.PATIENT, clinic=clinic,
                 password="!") for i in range(count)])
        PatientProfile.objects.bulk_create([
            PatientProfile(user=p, time_zone=base.TIME_ZONES[i % len(base.TIME_ZONES)])
            for i, p in enumerate(patients)])
        programs = ExerciseProgram.objects.bulk_create([
            ExerciseProgram(patient=p, entered_by=coordinator, started_on=started_on, weeks=16,
                            mode="supervised" if i % 2 == 0 else "home",
                            sessions_per_week=3 if i % 2 == 0 else 7, minutes_per_session=30,
                            minutes_per_session_final=45,
                            days_of_week=[1, 3, 5] if i % 2 == 0 else [])
            for i, p in enumerate(patients)])
        supervised, home, pauses = [], [], []
        for i, program in enumerate(programs):
            stops = 21 if i % 5 == 0 else 7 if i % 10 == 1 else 0
            for day in range(WEEKS_IN * 7 - stops):
                performed = started_on + timedelta(days=day)
                if i % 2 == 0:
                    if performed.isoweekday() in (1, 3, 5) and rng.random() < 0.9:
                        supervised.append(SupervisedSession(
                            program=program, patient_id=program.patient_id,
                            entered_by=coordinator, performed_on=performed, minutes=35))
                elif rng.random() < 0.8:
                    skipped = rng.random() < 0.1
                    home.append(HomeSession(
                        id=uuid.uuid4(), patient_id=program.patient_id, program=program,
                        performed_on=performed, status="skipped" if skipped else "done",
                        minutes=0 if skipped else 25, skip_reason="pain" if skipped else ""))
            if i % 7 == 0:
                pauses.append(ProgramPause(program=program, patient_id=program.patient_id,
                                           entered_by=coordinator, reason="holiday",
                                           starts_on=started_on + timedelta(weeks=4),
                                           ends_on=started_on + timedelta(weeks=5)))
        SupervisedSession.objects.bulk_create(supervised, batch_size=5000)
        HomeSession.objects.bulk_create(home, batch_size=5000)
        ProgramPause.objects.bulk_create(pauses)
        rows += len(supervised) + len(home)
    return rows


def sweep_bench(*, n_programs: int, runs: int) -> None:
    """The nightly missed-session sweep against one SQL pass over the same sessions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from notifications.exercise_sweep import exercise_adherence_sweep
    from notifications.models import Alert, ExerciseNudge

    # The demo push backend logs every push; a sweep's thousands are not the figures.
    logging.getLogger("notifications").setLevel(logging.WARNING)
    started = time.perf_counter()
    rows = seed_sweep(n_programs=n_programs)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    print(f"\nsweep: {n_programs:,} running programs, {rows:,} sessions, seeded in "
          f"{time.perf_counter() - started:.1f} s")

    def sql_pass():
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT s.program_id, s.performed_on, s.minutes FROM programs_supervisedsession s"
                " JOIN tracker_exerciseprogram p ON p.id = s.program_id"
                " WHERE s.deleted_at IS NULL AND p.deleted_at IS NULL AND p.ended_on IS NULL"
                " UNION ALL SELECT h.program_id, h.performed_on, h.minutes"
                " FROM programs_homesession h JOIN tracker_exerciseprogram p"
                " ON p.id = h.program_id"
                " WHERE h.deleted_at IS NULL AND p.deleted_at IS NULL AND p.ended_on IS NULL")
            return len(cursor.fetchall())

    def seconds(call) -> float:
        begun = time.perf_counter()
        call()
        return time.perf_counter() - begun

    sql_pass()  # warm the cache
    sql = statistics.median(seconds(sql_pass) for _ in range(runs))
    first = seconds(exercise_adherence_sweep)
    nudges, alerts = ExerciseNudge.objects.count(), Alert.objects.count()
    steady = statistics.median(seconds(exercise_adherence_sweep) for _ in range(runs))
    with CaptureQueriesContext(connection) as ctx:
        exercise_adherence_sweep()
    print(f"{'one SQL pass over the sessions':<56} {sql * 1000:8.0f} ms")
    print(f"{'sweep, first night (claims nudges, raises alerts)':<56} {first * 1000:8.0f} ms  "
          f"ratio {first / sql:4.1f}  ({nudges:,} nudges, {alerts:,} alerts)")
    print(f"{'sweep, next nights (nothing new)':<56} {steady * 1000:8.0f} ms  "
          f"ratio {steady / sql:4.1f}  ({len(ctx.captured_queries)} queries)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--patients", type=int, default=300)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--skip-sweep", action="store_true")
    args = parser.parse_args()

    base.database_create()
    try:
        # The sweep's pushes and alert deliveries are tasks for the workers: they wait in a Redis
        # database of the bench's own (emptied at the end) instead of running in this process.
        # No worker takes them during the bench: a lease of an hour keeps the relay from
        # publishing them again (a worker would have completed them within seconds).
        os.environ["OUTBOX_LEASE_S"] = "3600"
        base.django_setup(redis_url=BENCH_REDIS_URL)
        _redis_flush()
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
        if not args.skip_sweep:
            sweep_bench(n_programs=args.programs, runs=args.runs)
    finally:
        _redis_flush()
        base.database_drop()


if __name__ == "__main__":
    main()
