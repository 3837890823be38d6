"""Detector benchmark: the nightly sweep against one SQL pass over the same rows, and the latency
from an upload to the alert a clinician sees, through a real gunicorn and Celery worker.

    .venv/bin/python bench/detect.py                 # 10,000 patients, 180 days, ~2 walks a day
    .venv/bin/python bench/detect.py --quick         # a smoke run in a minute or two

Works on a PostgreSQL database of its own (``stride_bench_detect``: created, migrated and dropped
at the end) and a Redis of its own on a free port (harness/stack.py). Prints figures; asserts
nothing. See bench/README.md.
"""

import argparse
import cProfile
import io
import os
import pstats
import random
import shutil
import statistics
import sys
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.measure import process_cpu_s  # noqa: E402
from harness.stack import ADMIN_URL, Stack, wait_until  # noqa: E402

# Django is configured in main(), once this benchmark's own database exists: Django and the
# modules that load models are therefore imported inside the functions that run after it.
DB_NAME = "stride_bench_detect"
DB_URL = f"postgres://root@127.0.0.1:5432/{DB_NAME}"
TIME_ZONES = ("Europe/Paris", "Europe/London", "America/New_York", "Australia/Sydney")
COPY_CHUNK_ROWS = 50_000


# --- bulk load ------------------------------------------------------------------------------------
def _copy(conn: psycopg.Connection, table: str, columns: str, lines) -> int:
    """COPY tab-separated lines into ``table``; returns the row count."""
    count = 0
    with conn.cursor() as cur, cur.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
        buffer = io.StringIO()
        for line in lines:
            buffer.write(line)
            count += 1
            if count % COPY_CHUNK_ROWS == 0:
                copy.write(buffer.getvalue())
                buffer = io.StringIO()
        copy.write(buffer.getvalue())
    return count


def _walk_lines(patients: list[tuple[uuid.UUID, str]], days: int, walks_per_day: float,
                end: datetime, rng: random.Random):
    """About ``walks_per_day`` walks a day per patient. Some patients' pain-free distance falls
    over the last month, some walk without pain (censored), some stop logging a week before the
    end."""
    first_day = end - timedelta(days=days)
    stamp = end.isoformat()
    for patient_id, profile in patients:
        base_m = rng.uniform(150, 600)
        for day in range(days):
            if profile == "silent" and day >= days - 8:
                break
            for _ in range(rng.choices((0, 1, 2, 3, 4), (0.1, 0.2, 0.4, 0.2, 0.1))[0]
                           if walks_per_day == 2 else round(walks_per_day)):
                started = first_day + timedelta(days=day, hours=rng.uniform(7, 20))
                duration_s = rng.randint(600, 2400)
                distance_m = round(duration_s * rng.uniform(0.6, 1.2), 1)
                onset = base_m * rng.uniform(0.8, 1.2)
                if profile == "worsening" and day > days - 30:
                    onset *= 0.55
                if profile == "painless" or onset >= distance_m:
                    pain = "\\N\tgoal_reached\t[]\t\\N\t[]\t\\N\t\\N\t\\N"
                else:
                    pain = (f"{onset:.1f}\tpain\t[\"calf\"]\tleft\t[\"cramping\"]\t"
                            f"{rng.randint(3, 8)}\tstanding_still\t{rng.randint(60, 300)}")
                yield (f"{uuid.uuid4()}\t{patient_id}\t{started.isoformat()}\t{duration_s}\t"
                       f"{distance_m}\t{pain}\tflat\tnone\tphone\t\t1\t{stamp}\t{stamp}\n")


def bulk_load(*, n_patients: int, days: int, walks_per_day: float, end: datetime) -> dict:
    """Clinics, care teams, patients and walks with COPY; returns counts and the load time."""
    rng = random.Random(20261125)
    started = time.perf_counter()
    now = end.isoformat()
    clinics = [uuid.uuid4() for _ in range(4)]
    teams = [(uuid.uuid4(), clinics[i % len(clinics)]) for i in range(12)]
    clinicians = [(uuid.uuid4(), team) for team in teams]
    profiles = rng.choices(("stable", "worsening", "painless", "silent"), (0.8, 0.08, 0.07, 0.05),
                           k=n_patients)
    patients = [(uuid.uuid4(), profile) for profile in profiles]
    with psycopg.connect(DB_URL) as conn:
        _copy(conn, "accounts_clinic", "id, name, created_at",
              (f"{c}\tBench clinic {i}\t{now}\n" for i, c in enumerate(clinics)))
        _copy(conn, "accounts_careteam", "id, clinic_id, name, created_at",
              (f"{t}\t{c}\tTeam {i}\t{now}\n" for i, (t, c) in enumerate(teams)))
        user_columns = ("id, password, is_superuser, email, full_name, role, is_active, is_staff, "
                        "date_joined, clinic_id")
        _copy(conn, "accounts_user", user_columns, (
            f"{u}\t!\tf\tclinician{i}@bench.example\t\tclinician\tt\tf\t{now}\t{c}\n"
            for i, (u, (_, c)) in enumerate(clinicians)))
        _copy(conn, "accounts_careteam_members", "careteam_id, user_id",
              (f"{t}\t{u}\n" for u, (t, _) in clinicians))
        team_of = [teams[i % len(teams)] for i in range(n_patients)]
        _copy(conn, "accounts_user", user_columns, (
            f"{p}\t!\tf\tpatient{i}@bench.example\t\tpatient\tt\tf\t{now}\t{team_of[i][1]}\n"
            for i, (p, _) in enumerate(patients)))
        _copy(conn, "accounts_patientprofile",
              "user_id, sex, time_zone, suspected_cause, affected_side, "
              "distance_calibration_factor",
              (f"{p}\tunknown\t{TIME_ZONES[i % len(TIME_ZONES)]}\tvascular\tleft\t1.0\n"
               for i, (p, _) in enumerate(patients)))
        _copy(conn, "accounts_careteam_patients", "careteam_id, user_id",
              (f"{team_of[i][0]}\t{p}\n" for i, (p, _) in enumerate(patients)))
        walk_columns = ("id, patient_id, started_at, duration_s, distance_m, pain_onset_m, "
                        "stopped_because, pain_locations, pain_side, pain_qualities, pain_nrs, "
                        "relief_posture, relief_s, terrain, walking_aid, source, note, version, "
                        "created_at, updated_at")
        n_walks = _copy(conn, "tracker_walk", walk_columns,
                        _walk_lines(patients, days, walks_per_day, end, rng))
        # Rest pain on three recent days for 1 % of patients: the sweep raises limb-threat alerts.
        rest_pain = [p for p, _ in patients[::100]]
        _copy(conn, "tracker_symptomreport",
              "id, patient_id, occurred_at, kind, locations, red_flags, note, version, "
              "created_at, updated_at", (
                  f"{uuid.uuid4()}\t{p}\t{(end - timedelta(days=d, hours=3)).isoformat()}\t"
                  f"rest_pain\t[\"foot\"]\t[]\t\t1\t{now}\t{now}\n"
                  for p in rest_pain for d in (1, 4, 8)))
        conn.execute("ANALYZE")
    return {"patients": n_patients, "walks": n_walks, "load_s": time.perf_counter() - started}


def detector_states_seed(*, through: datetime) -> None:
    """Every patient already judged through ``through``, as the realtime worker leaves them after
    each upload; the nightly sweep then only has data newer than that to replay."""
    with psycopg.connect(DB_URL) as conn:
        conn.execute(
            "INSERT INTO notifications_detectorstate (patient_id, kind, condition_met, "
            "evaluated_through, last_conclusion, updated_at) SELECT user_id, 'limb_threat', false, "
            "%s, '{}'::jsonb, now() FROM accounts_patientprofile", (through,))


# --- the two timed passes -------------------------------------------------------------------------
class Timed:
    """Wall time, and CPU time of this process plus its PostgreSQL backend (``backend_pid``):
    the CPU figures hold steadier than wall time when other jobs share the machine."""

    def __init__(self, backend_pid: int):
        self.backend_pid = backend_pid
        self.wall_s = self.cpu_s = self.db_cpu_s = 0.0

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        self._db = process_cpu_s(self.backend_pid)
        return self

    def __exit__(self, *exc):
        self.wall_s = time.perf_counter() - self._wall
        self.cpu_s = time.process_time() - self._cpu
        self.db_cpu_s = process_cpu_s(self.backend_pid) - self._db

    def __str__(self) -> str:
        return (f"{self.wall_s:.1f} s wall, CPU {self.cpu_s:.1f} s here + "
                f"{self.db_cpu_s:.1f} s PostgreSQL")


def sql_pass() -> tuple[int, Timed]:
    """Every row the detectors judge, read once in patient and time order (server-side cursor)."""
    rows = 0
    with psycopg.connect(DB_URL) as conn, Timed(conn.info.backend_pid) as timed:
        with conn.cursor(name="bench_walks") as cur:
            cur.itersize = 10_000
            cur.execute(
                "SELECT id, patient_id, started_at, duration_s, distance_m, pain_onset_m, "
                "stopped_because, pain_locations, pain_side, pain_qualities, pain_nrs, "
                "relief_posture, relief_s, terrain, walking_aid, source, note, version, "
                "created_at, updated_at, deleted_at FROM tracker_walk WHERE deleted_at IS NULL "
                "ORDER BY patient_id, started_at")
            for _ in cur:
                rows += 1
        for query in (
            "SELECT user_id, time_zone, suspected_cause, distance_calibration_factor "
            "FROM accounts_patientprofile",
            "SELECT id, patient_id, occurred_at FROM tracker_symptomreport "
            "WHERE deleted_at IS NULL AND kind = 'rest_pain'",
            "SELECT id, patient_id, measured_at, leg, resting_abi, ankle_pressure_mmhg, "
            "toe_pressure_mmhg FROM tracker_abimeasurement WHERE deleted_at IS NULL",
            "SELECT * FROM tracker_posturetest WHERE deleted_at IS NULL",
        ):
            rows += len(conn.execute(query).fetchall())
    return rows, timed


def sweep(now: datetime, *, profile: bool = False) -> tuple[int, Timed]:
    """The nightly sweep in this process, as the batch worker runs it."""
    from django.db import connection

    from notifications.evaluation import patients_sweep

    connection.ensure_connection()
    profiler = cProfile.Profile() if profile else None
    with Timed(connection.connection.info.backend_pid) as timed:
        if profiler:
            profiler.enable()
        changed = patients_sweep(now=now)
        if profiler:
            profiler.disable()
    if profiler:
        pstats.Stats(profiler).sort_stats("cumulative").print_stats(30)
    return changed, timed


# --- alert latency through gunicorn and the worker ------------------------------------------------
def _history(days: int, end: datetime) -> list[dict]:
    from harness.payloads import walk_payload

    first = end - timedelta(days=days)
    return [walk_payload(started_at=(first + timedelta(days=d, hours=h)).isoformat())
            for d in range(days) for h in (9, 17)][-1000:]


def _rest_pain(at: datetime) -> dict:
    from harness.payloads import symptom_payload

    return symptom_payload(kind="rest_pain", occurred_at=at.isoformat(), locations=["foot"])


def _evaluated(patient_id: str, through: datetime) -> bool:
    from notifications.models import DetectorState

    return DetectorState.objects.filter(patient_id=patient_id,
                                        evaluated_through__gte=through).exists()


def alert_latency(stack: Stack, *, n_patients: int, days: int) -> list[float]:
    """Per patient: 180 days of walks and rest pain on two days, already judged; then the phone
    syncs today's walks and a third day of rest pain. Latency: from the start of that upload to
    the limb-threat alert in the clinician's GET /alerts/."""
    doctor, _, _ = stack.clinic_with_patient("Bench latency clinic")
    url = stack.base_url
    now = datetime.now(UTC)
    latencies = []
    for i in range(n_patients):
        email = f"latency{i}.{uuid.uuid4().hex[:6]}@bench.example"
        response = doctor.post(f"{url}/api/v1/patients/", json={
            "email": email, "password": "bench-patient-pass-1", "time_zone": "Europe/Paris"},
            timeout=10)
        assert response.status_code == 201, response.text
        patient_id = response.json()["id"]
        phone = stack.session_for(email, "bench-patient-pass-1")
        history = _history(days, now - timedelta(days=1))
        assert phone.post(f"{url}/api/v1/walks/sync/", json={"walks": history}, timeout=60).ok
        assert phone.post(f"{url}/api/v1/symptoms/sync/", json={"symptoms": [
            _rest_pain(now - timedelta(days=9)), _rest_pain(now - timedelta(days=5))]},
            timeout=30).ok
        wait_until(lambda pid=patient_id: _evaluated(pid, now - timedelta(days=5)), timeout_s=120,
                   what="the history to be judged", interval_s=0.1)
        today = [{**_history(1, now)[0], "started_at": (now - timedelta(hours=2)).isoformat()}]
        started = time.perf_counter()
        assert phone.post(f"{url}/api/v1/walks/sync/", json={"walks": today}, timeout=30).ok
        assert phone.post(f"{url}/api/v1/symptoms/sync/", json={
            "symptoms": [_rest_pain(now - timedelta(hours=1))]}, timeout=30).ok
        wait_until(lambda pid=patient_id: doctor.get(f"{url}/api/v1/alerts/", params={
            "patient": pid, "kind": "limb_threat"}, timeout=10).json()["results"],
            timeout_s=120, what="the limb-threat alert", interval_s=0.02)
        latencies.append(time.perf_counter() - started)
    return latencies


def _percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] if len(values) > 1 \
        else values[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--patients", type=int, default=10_000)
    parser.add_argument("--days", type=int, default=180)
    parser.add_argument("--walks-per-day", type=float, default=2)
    parser.add_argument("--latency-patients", type=int, default=30)
    parser.add_argument("--quick", action="store_true", help="300 patients, 60 days, 5 latencies")
    parser.add_argument("--cold", action="store_true",
                        help="also time a first sweep with no detector state (a full replay)")
    parser.add_argument("--profile", action="store_true", help="print the catch-up sweep's profile")
    args = parser.parse_args()
    if args.quick:
        args.patients, args.days, args.latency_patients = 300, 60, 5

    stack = Stack()
    stack.db_name, stack.logs = DB_NAME, Path(f"/tmp/{DB_NAME}")
    stack.env["DATABASE_URL"] = DB_URL
    shutil.rmtree(stack.logs, ignore_errors=True)  # the worker's "ready" line must be this run's
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{DB_NAME}" WITH (FORCE)')
    os.environ.update(DATABASE_URL=DB_URL, REDIS_URL=stack.env["REDIS_URL"],
                      DJANGO_SETTINGS_MODULE="config.settings", CELERY_LOG_LEVEL="WARNING")
    import logging

    import django

    django.setup()
    logging.getLogger("notifications").setLevel(logging.WARNING)  # one line per alert otherwise
    try:
        stack.start()
        end = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
        loaded = bulk_load(n_patients=args.patients, days=args.days,
                           walks_per_day=args.walks_per_day, end=end)
        print(f"loaded {loaded['patients']:,} patients and {loaded['walks']:,} walks "
              f"over {args.days} days with COPY in {loaded['load_s']:.1f} s")
        now = datetime.now(UTC)
        rows, sql = sql_pass()
        print(f"one SQL pass over the same rows: {rows:,} rows; {sql}")
        if args.cold:
            changed, cold = sweep(now)
            print(f"cold sweep (no detector state, replays up to 62 days each): {cold}; "
                  f"{changed} alerts changed; {cold.wall_s / sql.wall_s:.1f}x the SQL pass")
            from notifications.models import Alert, DetectorState

            Alert.objects.all().delete()
            DetectorState.objects.all().delete()
        # All but the last day was judged live: the sweep replays that day for every patient,
        # as after a day with the realtime worker down.
        detector_states_seed(through=end - timedelta(days=1))
        changed, catch_up = sweep(now, profile=args.profile)
        print(f"catch-up sweep ({args.patients:,} patients, one unjudged day each): {catch_up}; "
              f"{changed} alerts changed; {catch_up.wall_s / sql.wall_s:.1f}x the SQL pass")
        # The usual night: every upload was judged by the realtime worker; silence remains.
        changed, nightly = sweep(now)
        print(f"nightly sweep ({args.patients:,} patients, all judged live): {nightly}; "
              f"{changed} alerts changed; {nightly.wall_s / sql.wall_s:.1f}x the SQL pass "
              "(aim: within 3x)")
        latencies = alert_latency(stack, n_patients=args.latency_patients, days=args.days)
        print(f"upload to visible alert ({len(latencies)} patients, one at a time, 1 worker): "
              f"p50 {_percentile(latencies, 50):.2f} s, p95 {_percentile(latencies, 95):.2f} s, "
              f"max {max(latencies):.2f} s (aim: p95 under 2 s)")
    finally:
        from django.db import connections

        connections.close_all()
        stack.stop()


if __name__ == "__main__":
    main()
