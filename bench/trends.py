"""Trends benchmark: the trend endpoint for 5 years of daily walks, and the risk-ordered patient
list of a clinician with 500 patients, on PostgreSQL.

    .venv/bin/python bench/trends.py [--requests N] [--patients P] [--years Y]

Works in one process on a PostgreSQL database of its own (``stride_bench_trends``: created,
migrated and dropped at the end), through the full Django/DRF stack with a bearer token (Django's
test client: no HTTP server or network in the timing). Prints p50 and p95 per case and the query
counts; asserts nothing. See bench/README.md.
"""

import argparse
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

import psycopg  # noqa: E402

# Django is configured in main(), once this benchmark's own database exists: Django and the
# modules that load models are therefore imported inside the functions that run after it.
DB_NAME = "stride_bench_trends"
ADMIN_URL = "postgres://root@127.0.0.1:5432/postgres"
TIME_ZONES = ("Europe/Paris", "America/New_York", "Australia/Sydney", "UTC")


def database_create() -> None:
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{DB_NAME}"')


def database_drop() -> None:
    from django.db import connections

    connections.close_all()
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')


def django_setup(*, redis_url: str = "") -> None:
    """Configure Django on this benchmark's database; Celery runs eagerly unless ``redis_url``
    names a broker (the tasks then wait there, as they would for a worker)."""
    os.environ.update({
        "DATABASE_URL": f"postgres://root@127.0.0.1:5432/{DB_NAME}",
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DEBUG": "false",
        "ALLOWED_HOSTS": "testserver",
    })
    os.environ.pop("STRIDE_ENV", None)
    os.environ.pop("REDIS_URL", None)
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    import django
    from django.core.management import call_command

    django.setup()
    call_command("migrate", "--no-input", "-v0")


def _walks(patient, days: int, now, rng: random.Random, per_day=(1,)):
    """``per_day`` walks on each of the last ``days`` days; a quarter without pain (censored)."""
    from tracker.models import Walk

    walks = []
    base_m = rng.uniform(200, 600)
    for day in range(days, 0, -1):
        for _ in range(rng.choice(per_day)):
            started = now - timedelta(days=day, hours=rng.uniform(-6, 6))
            distance = round(rng.uniform(300, 1500), 1)
            onset = round(base_m * rng.uniform(0.7, 1.3), 1)
            painless = rng.random() < 0.25 or onset >= distance
            walks.append(Walk(
                id=uuid.uuid4(), patient=patient, started_at=started, duration_s=900,
                distance_m=distance, pain_onset_m=None if painless else onset,
                stopped_because="goal_reached" if painless else "pain",
                pain_nrs=None if painless else rng.randint(2, 8), pain_locations=["calf"]))
    return walks


def seed(*, n_patients: int, years: int) -> dict:
    """A clinic, a clinician with ``n_patients`` patients (30 days of walks, some alerts and
    declines), and one patient with ``years`` years of daily walks, a program and annotations."""
    from datetime import date

    from django.utils import timezone

    from accounts.models import CareTeam, Clinic, PatientProfile, Role, User
    from notifications.models import Alert, DetectorState
    from programs.models import ExerciseProgram
    from questionnaires.models import QuestionnaireResponse
    from records.models import AbiMeasurement
    from tracker.models import Walk

    rng = random.Random(20261125)
    now = timezone.now()
    clinic = Clinic.objects.create(name="Bench clinic")
    clinician = User.objects.create(email="clinician@bench.example", role=Role.CLINICIAN,
                                    clinic=clinic)
    team = CareTeam.objects.create(clinic=clinic, name="Bench team")
    team.members.add(clinician)
    patients = User.objects.bulk_create([
        User(email=f"p{i:04d}@bench.example", full_name=f"Patient {i:04d}", role=Role.PATIENT,
             clinic=clinic, password="!") for i in range(n_patients)])
    PatientProfile.objects.bulk_create([
        PatientProfile(user=p, time_zone=TIME_ZONES[i % len(TIME_ZONES)],
                       distance_calibration_factor=rng.uniform(0.8, 1.0))
        for i, p in enumerate(patients)])
    team.patients.add(*patients)
    long_history = patients[0]

    walks = _walks(long_history, 365 * years, now, rng)
    for patient in patients[1:]:
        walks += _walks(patient, 40, now, rng, per_day=(0, 1, 2, 3))
    Walk.objects.bulk_create(walks, batch_size=5000)

    alerts, states = [], []
    for i, patient in enumerate(patients):
        if i % 7 == 0:
            severity, rank = (("warning", 1), ("urgent", 2), ("emergency", 3))[i % 3]
            alerts.append(Alert(patient=patient, kind="limb_threat", severity=severity,
                                severity_rank=rank, title="Bench alert", as_of=now))
        if i % 11 == 0:
            states.append(DetectorState(patient=patient, kind="pain_free_distance_decline",
                                        condition_met=True))
    for month in range(0, 12 * years, 3):  # annotations on the long history
        at = now - timedelta(days=30 * month + 5)
        alerts.append(Alert(patient=long_history, kind="silence", severity="info",
                            severity_rank=0, title="Bench", as_of=at, status="resolved"))
        AbiMeasurement.objects.create(patient=long_history, entered_by=clinician, measured_at=at,
                                      leg="left", resting_abi=0.7, category="pad")
        QuestionnaireResponse.objects.create(id=uuid.uuid4(), patient=long_history,
                                             instrument="wiq", answered_at=at, answers={},
                                             scores={"total": 50})
    Alert.objects.bulk_create(alerts)
    DetectorState.objects.bulk_create(states)
    ExerciseProgram.objects.create(
        patient=long_history, entered_by=clinician, sessions_per_week=3, minutes_per_session=45,
        started_on=date.today() - timedelta(days=365), ended_on=date.today() - timedelta(days=281))
    return {"clinician": clinician, "patient": long_history, "walks": len(walks),
            "long_walks": Walk.objects.filter(patient=long_history).count()}


def timed(call, n: int) -> tuple[list[float], list[float], int]:
    """Run ``call`` n times after a warm-up: wall and this process's CPU milliseconds of each,
    and the queries of one more run. CPU time leaves out waiting for a busy machine's cores
    (and PostgreSQL's own work), so it tells the code's cost apart from the machine's load."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    for _ in range(3):
        call()
    wall, cpu = [], []
    for _ in range(n):
        started, started_cpu = time.perf_counter(), time.process_time()
        call()
        wall.append((time.perf_counter() - started) * 1000)
        cpu.append((time.process_time() - started_cpu) * 1000)
    with CaptureQueriesContext(connection) as ctx:
        call()
    return wall, cpu, len(ctx.captured_queries)


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=20)[-1] if len(times) > 1 else times[0]


def report(label: str, timing: tuple[list[float], list[float], int]) -> None:
    wall, cpu, queries = timing
    print(f"{label:<56} p50 {statistics.median(wall):6.1f} ms  p95 {p95(wall):6.1f} ms  "
          f"(CPU p50 {statistics.median(cpu):5.1f} ms)  {queries:>2} queries")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=50)
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()

    database_create()
    try:
        django_setup()
        from django.db import connection
        from knox.models import AuthToken
        from rest_framework.test import APIClient

        from insights.risk_list import patients_risk_ordered

        started = time.perf_counter()
        world = seed(n_patients=args.patients, years=args.years)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")  # as autovacuum would after a bulk load
        print(f"PostgreSQL {connection.pg_version // 10000}; seeded {world['walks']:,} walks "
              f"({world['long_walks']:,} for the long history) in "
              f"{time.perf_counter() - started:.1f} s")
        client = APIClient()
        _, token = AuthToken.objects.create(world["clinician"])
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
        patient = world["patient"]
        today = patient.walks.order_by("-started_at").first().started_at.date()
        start = today - timedelta(days=365 * args.years)

        for bucket in ("day", "week", "month"):
            def trend(bucket=bucket):
                response = client.get(f"/api/v1/patients/{patient.pk}/trends/",
                                      {"from": start, "to": today, "bucket": bucket})
                assert response.status_code == 200, response.content
                return response
            timing = timed(trend, args.requests)
            buckets = len(trend().json()["buckets"])
            report(f"GET trends, {args.years} years, bucket={bucket} ({buckets} buckets)", timing)

        def risk_page():
            response = client.get("/api/v1/patients/", {"ordering": "risk"})
            assert response.status_code == 200, response.content
        report(f"GET patients?ordering=risk, first page of {args.patients}",
               timed(risk_page, max(10, args.requests // 5)))

        def risk_all():
            assert len(patients_risk_ordered(user=world["clinician"])) == args.patients
        report(f"patients_risk_ordered(), all {args.patients} rows",
               timed(risk_all, max(10, args.requests // 5)))
        print(f"Aims: trend p95 < 50 ms; patient list < 200 ms. Load average while it ran: "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    finally:
        database_drop()


if __name__ == "__main__":
    main()
