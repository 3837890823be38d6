"""Dashboard benchmark (issue 13): every dashboard page with 500 patients in the clinic.

The patient list (risk-ordered, all rows with their sparklines, ABI, Rutherford), a patient page
and its printable summary (a typical patient and one with 5 years of daily walks), the alert
inbox and the program cohort, rendered through the full Django stack with a signed-in session
(Django's test client: no HTTP server in the timing). Prints p50 and p95 wall time, the
process's CPU time and the query count of each page, for P patients and again for P/10 (the
count must not grow with the patients).

    .venv/bin/python bench/dashboard.py [--requests N] [--patients P] [--years Y]

Works on a PostgreSQL database of its own (``stride_bench_dashboard``: created, migrated and
dropped at the end). Prints figures; asserts nothing but the pages' status. See bench/README.md.
"""

import argparse
import os
import random
import sys
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import bench.trends as base  # noqa: E402

base.DB_NAME = "stride_bench_dashboard"
PROGRAM_WEEKS_IN = 6


def seed_clinical(*, world: dict) -> dict:
    """On top of ``bench.trends.seed``: an ABI and a Rutherford category for half the patients,
    a red flag here and there, and a supervised program six weeks in for a third of them."""
    from django.utils import timezone

    from notifications.models import Alert
    from programs.models import ExerciseProgram, SupervisedSession
    from records.models import AbiMeasurement, RutherfordAssessment

    rng = random.Random(20261201)
    now = timezone.now()
    clinician = world["clinician"]
    patients = list(world["team"].patients.order_by("email"))
    abis, rutherfords, alerts = [], [], []
    for i, patient in enumerate(patients):
        if i % 2 == 0:
            for leg in ("left", "right"):
                abi = round(rng.uniform(0.4, 1.2), 2)
                abis.append(AbiMeasurement(
                    patient=patient, entered_by=clinician, measured_at=now - timedelta(days=30),
                    leg=leg, resting_abi=abi,
                    category="pad" if abi <= 0.9 else "borderline" if abi < 1 else "normal"))
            rutherfords.append(RutherfordAssessment(
                patient=patient, entered_by=clinician, assessed_at=now - timedelta(days=30),
                category=rng.randint(1, 4)))
        if i % 13 == 5:
            alerts.append(Alert(patient=patient, kind="red_flag_cauda_equina",
                                severity="emergency", severity_rank=3, title="Bench red flag",
                                as_of=now, evidence={"red_flags": ["saddle_numbness"]}))
        if i % 9 == 4:
            alerts.append(Alert(patient=patient, kind="pain_free_distance_decline",
                                severity="warning", severity_rank=1, title="Bench decline",
                                as_of=now, evidence={"drop_pct": rng.uniform(25, 60)}))
    AbiMeasurement.objects.bulk_create(abis)
    RutherfordAssessment.objects.bulk_create(rutherfords)
    Alert.objects.bulk_create(alerts)
    started_on = now.date() - timedelta(weeks=PROGRAM_WEEKS_IN)
    programs = ExerciseProgram.objects.bulk_create([
        ExerciseProgram(patient=p, entered_by=clinician, started_on=started_on, weeks=12,
                        sessions_per_week=3, minutes_per_session=30, days_of_week=[1, 3, 5])
        for i, p in enumerate(patients) if i % 3 == 1 and p != world["patient"]])
    sessions = [
        SupervisedSession(program=program, patient_id=program.patient_id, entered_by=clinician,
                          performed_on=started_on + timedelta(days=day), minutes=30)
        for program in programs for day in range(PROGRAM_WEEKS_IN * 7)
        if (started_on + timedelta(days=day)).isoweekday() in (1, 3, 5) and rng.random() < 0.85]
    SupervisedSession.objects.bulk_create(sessions, batch_size=5000)
    typical = next(p for i, p in enumerate(patients) if i % 3 == 1 and i % 2 == 0)
    return {"patients": patients, "typical": typical, "programs": len(programs),
            "sessions": len(sessions)}


def pages(world: dict, extra: dict) -> list[tuple[str, str]]:
    typical, long_history = extra["typical"], world["patient"]
    return [
        ("patient list (risk order, every row)", "/"),
        ("patient list, filtered (vascular, in a program)", "/?cause=vascular&program=running"),
        ("patient page, typical patient", f"/patients/{typical.pk}/"),
        (f"patient page, {world['years']} years of daily walks",
         f"/patients/{long_history.pk}/?days=365&bucket=week"),
        ("printable summary, typical patient", f"/patients/{typical.pk}/summary/"),
        ("alert inbox", "/alerts/"),
        ("program cohort", "/programs/"),
    ]


def run_pages(client, world: dict, extra: dict, requests: int, label: str) -> dict[str, int]:
    """Time every page; returns the query count per page."""
    counts = {}
    print(f"\n{label}")
    for name, path in pages(world, extra):
        def get(path=path):
            response = client.get(path)
            assert response.status_code == 200, (path, response.status_code)
        timing = base.timed(get, requests)
        base.report(name, timing)
        counts[name] = timing[2]
    return counts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=30)
    parser.add_argument("--patients", type=int, default=500)
    parser.add_argument("--years", type=int, default=5)
    args = parser.parse_args()

    base.database_create()
    try:
        base.django_setup()
        from django.db import connection
        from django.test import Client

        from accounts.models import CareTeam

        started = time.perf_counter()
        world = base.seed(n_patients=args.patients, years=args.years)
        world["team"] = CareTeam.objects.get(members=world["clinician"])
        world["years"] = args.years
        extra = seed_clinical(world=world)
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        print(f"PostgreSQL {connection.pg_version // 10000}; {args.patients} patients, "
              f"{world['walks']:,} walks, {extra['programs']} programs "
              f"({extra['sessions']:,} sessions), seeded in "
              f"{time.perf_counter() - started:.1f} s")
        client = Client()
        client.force_login(world["clinician"],
                           backend="django.contrib.auth.backends.ModelBackend")
        many = run_pages(client, world, extra, args.requests, f"{args.patients} patients")
        keep = {world["patient"].pk, extra["typical"].pk}
        world["team"].patients.remove(*[p for p in extra["patients"][args.patients // 10:]
                                        if p.pk not in keep])
        few = run_pages(client, world, extra, args.requests, f"{args.patients // 10} patients")
        grew = [name for name in many if many[name] != few[name]]
        print("\nQuery counts " + ("the same for both sizes." if not grew else
                                   f"differ for: {', '.join(grew)}"))
        print(f"Aim: every page under 300 ms. Load average while it ran: "
              f"{os.getloadavg()[0]:.1f} on {os.cpu_count()} cores.")
    finally:
        base.database_drop()


if __name__ == "__main__":
    main()
