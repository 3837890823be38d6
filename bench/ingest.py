"""Ingest benchmark: walks per second through the real HTTP API against PostgreSQL's own COPY.

    .venv/bin/python bench/ingest.py [--walks N] [--clients C] [--workers W] [--profile]

Starts gunicorn (deploy/gunicorn.conf.py, production settings) on a PostgreSQL database of its
own and a Redis of its own, both on 127.0.0.1; C client processes, each a different patient with
its own token, post N walks to POST /api/v1/walks/sync/ in requests of 1,000. Then, with the web
server stopped, it times COPY ... FROM STDIN of the very rows the API stored, and prints both
rates and their ratio. Everything it started is stopped, and the database dropped, at the end,
also on Ctrl-C. See bench/README.md.
"""

import argparse
import json
import multiprocessing as mp
import random
import secrets
import signal
import statistics
import subprocess
import sys
import threading
import time
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import requests
from psycopg import sql

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.measure import process_cpu_s  # noqa: E402
from harness.stack import ADMIN_URL, Stack, wait_until  # noqa: E402

DB_NAME = "stride_bench_ingest"
BATCH_SIZE = 1000
WARMUP_WALKS = 20
PASSWORD = "bench-ingest-pass-1"


# --- the service ----------------------------------------------------------------------------
class IngestStack(Stack):
    """gunicorn with the production settings and deploy/gunicorn.conf.py, its own database and
    Redis, and no Celery worker: an upload only writes the outbox and publishes to Redis."""

    def __init__(self, *, workers: int):
        super().__init__()
        self.db_name = DB_NAME
        self.logs = Path(f"/tmp/{DB_NAME}")
        self.db_url = f"postgres://root@127.0.0.1:5432/{DB_NAME}"
        self.env.update({
            "DATABASE_URL": self.db_url,
            "STRIDE_ENV": "production",
            "SECRET_KEY": secrets.token_urlsafe(64),
            "ALLOWED_HOSTS": "127.0.0.1,testserver",
            "SECURE_SSL_REDIRECT": "false",  # plain HTTP on the loopback, no TLS proxy in front
            "LOG_LEVEL": "WARNING",
            "GUNICORN_BIND": f"127.0.0.1:{self.web_port}",
            "GUNICORN_WORKERS": str(workers),
            "GUNICORN_TIMEOUT": "120",
        })

    def start(self) -> "IngestStack":
        with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        self.manage("migrate", "--no-input", "-v0")
        self.redis_start()
        self.web = self._spawn("web", [
            str(Path(sys.executable).parent / "gunicorn"), "config.wsgi:application",
            "-c", str(ROOT / "deploy" / "gunicorn.conf.py")])
        wait_until(lambda: requests.get(f"{self.base_url}/api/v1/schema/", timeout=5).ok,
                   timeout_s=60, what="gunicorn")
        return self

    def web_stop(self) -> None:
        self._end(self.web)
        self.web = None

    def patients_enrol(self, count: int) -> list[str]:
        """A clinic, its clinician and ``count`` patients; returns one access token per patient."""
        clinician_email = f"doctor.{uuid.uuid4().hex[:6]}@bench.example"
        self.manage("onboard_clinic", "--name", "Bench Clinic", "--clinician-email",
                    clinician_email, "--password-stdin", stdin=PASSWORD + "\n")
        doctor = self.session_for(clinician_email, PASSWORD)
        tokens = []
        for number in range(count):
            email = f"patient{number}.{uuid.uuid4().hex[:6]}@bench.example"
            response = doctor.post(f"{self.base_url}/api/v1/patients/", timeout=30, json={
                "email": email, "password": PASSWORD, "time_zone": "Europe/Paris"})
            assert response.status_code == 201, response.text
            session = self.session_for(email, PASSWORD)
            tokens.append(session.headers["Authorization"])
        return tokens


# --- realistic walks --------------------------------------------------------------------------
def walk_make(rng: random.Random, started_at: datetime) -> dict:
    """One walk as a phone sends it: about 60 % stopped or slowed by pain, the rest pain-free."""
    duration_s = rng.randint(300, 2400)
    distance_m = round(duration_s * rng.uniform(0.5, 1.3), 1)
    walk = {
        "id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "started_at": started_at.isoformat(),
        "duration_s": duration_s,
        "distance_m": distance_m,
        "terrain": rng.choice(["flat", "flat", "flat", "uphill", "mixed", "downhill"]),
        "walking_aid": rng.choice(["none", "none", "none", "cane", "rollator", "shopping_cart"]),
        "source": rng.choice(["phone", "phone", "phone", "pedometer", "manual"]),
    }
    if rng.random() < 0.6:
        walk.update({
            "pain_onset_m": round(distance_m * rng.uniform(0.2, 0.9), 1),
            "stopped_because": "pain" if rng.random() < 0.8 else "fatigue",
            "pain_locations": rng.sample(["calf", "thigh", "buttock", "back", "foot"],
                                         rng.randint(1, 2)),
            "pain_side": rng.choice(["left", "right", "both"]),
            "pain_qualities": rng.sample(["cramping", "aching", "heaviness", "tingling"],
                                         rng.randint(1, 2)),
            "pain_nrs": rng.randint(2, 8),
            "relief_posture": rng.choice(["standing_still", "sitting", "bending_forward"]),
            "relief_s": rng.randint(30, 600),
        })
    else:
        walk.update({"pain_onset_m": None,
                     "stopped_because": rng.choice(["goal_reached", "fatigue", "other"])})
    if rng.random() < 0.1:
        walk["note"] = rng.choice(["Windy.", "Walked the dog.", "Felt better after the rest."])
    return walk


def bodies_make(*, walks: int, seed: int) -> list[bytes]:
    """One patient's history, newest first, as JSON bodies of up to 1,000 walks each."""
    rng = random.Random(seed)
    latest = datetime.now(UTC) - timedelta(hours=1)
    history = [walk_make(rng, latest - timedelta(hours=3 * number)) for number in range(walks)]
    return [json.dumps({"walks": history[start:start + BATCH_SIZE]}).encode()
            for start in range(0, walks, BATCH_SIZE)]


# --- CPU time, which the other work on a shared machine does not inflate ------------------------
def server_cpu_s(stack: "IngestStack") -> dict[str, dict[int, float]]:
    """CPU seconds so far of each gunicorn worker and each PostgreSQL backend of the database."""
    children = Path(f"/proc/{stack.web.pid}/task/{stack.web.pid}/children").read_text().split()
    with psycopg.connect(ADMIN_URL, autocommit=True) as conn:
        backends = [row[0] for row in conn.execute(
            "SELECT pid FROM pg_stat_activity WHERE datname = %s", [DB_NAME])]
    return {"web": {int(pid): process_cpu_s(int(pid)) for pid in children},
            "db": {pid: process_cpu_s(pid) for pid in backends}}


def cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds used between two snapshots; a process that appeared counts from zero."""
    return sum(seconds - before.get(pid, 0.0) for pid, seconds in after.items())


# --- clients ----------------------------------------------------------------------------------
def client_run(url: str, token: str, warmup: bytes, bodies: list[bytes], ready, go,
               results) -> None:
    """Post a warm-up batch, wait for every client, then post ``bodies`` one after another."""
    session = requests.Session()
    session.headers.update({"Authorization": token, "Content-Type": "application/json"})
    timings = []
    try:
        session.post(url, data=warmup, timeout=120).raise_for_status()
        ready.wait(timeout=600)
        go.wait(timeout=600)
        for body in bodies:
            began = time.monotonic()
            response = session.post(url, data=body, timeout=300)
            ended = time.monotonic()
            results_ = response.json()["results"] if response.ok else []
            statuses = [item["status"] for item in results_]
            timings.append((began, ended, response.status_code, statuses.count("created"),
                            len(statuses)))
    except Exception as exc:  # reported by the parent, which then stops everything
        timings.append((0.0, 0.0, repr(exc), 0, 0))
    results.put(timings)


def api_run(stack: IngestStack, tokens: list[str], per_client: list[list[bytes]]) -> dict:
    """Post every body from one process per client; returns counts and times."""
    url = f"{stack.base_url}/api/v1/walks/sync/"
    context = mp.get_context("fork")
    # Clients and this process meet twice: once warmed up, then to start after the CPU snapshot.
    ready, go = context.Barrier(len(tokens) + 1), context.Barrier(len(tokens) + 1)
    results = context.Queue()
    processes = [
        context.Process(target=client_run, daemon=True, args=(
            url, token, bodies_make(walks=WARMUP_WALKS, seed=10_000 + number)[0], bodies, ready,
            go, results))
        for number, (token, bodies) in enumerate(zip(tokens, per_client, strict=True))
    ]
    try:
        for process in processes:
            process.start()
        ready.wait(timeout=600)
        cpu_before = server_cpu_s(stack)
        go.wait(timeout=600)
        timings = [row for _ in processes for row in results.get(timeout=3600)]
        cpu_after = server_cpu_s(stack)
        for process in processes:
            process.join(timeout=30)
    finally:
        for process in processes:
            if process.is_alive():
                process.terminate()
    failed = [row for row in timings if row[2] != 200 or row[3] != row[4]]
    if failed:
        raise SystemExit(f"{len(failed)} requests failed or stored less than sent: {failed[:3]}")
    return {
        "requests": len(timings),
        "walks": sum(row[3] for row in timings),
        "wall_s": max(row[1] for row in timings) - min(row[0] for row in timings),
        "latencies_s": sorted(row[1] - row[0] for row in timings),
        "cpu_web_s": cpu_used(cpu_before["web"], cpu_after["web"]),
        "cpu_db_s": cpu_used(cpu_before["db"], cpu_after["db"]),
    }


# --- what one request costs, measured inside Django --------------------------------------------
IN_PROCESS = """
import cProfile, io, json, pstats, sys, time
import django
django.setup()
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient
token, warmup, body = sys.argv[1], open(sys.argv[2], "rb").read(), open(sys.argv[3], "rb").read()
profile = sys.argv[4] == "1"
client = APIClient()
client.credentials(HTTP_AUTHORIZATION=token)
def post(data=body):
    return client.post("/api/v1/walks/sync/", data=data, content_type="application/json")
assert post(warmup).status_code == 200  # imports and first connection are not what we measure
profiler = cProfile.Profile() if profile else None
with CaptureQueriesContext(connection) as queries:
    began = time.perf_counter()
    if profiler:
        profiler.enable()
    response = post()
    if profiler:
        profiler.disable()
    elapsed = time.perf_counter() - began
created = [r["status"] for r in response.json()["results"]].count("created")
print(json.dumps({"queries": len(queries), "created": created, "elapsed_s": elapsed}))
if profiler:
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(40)
    pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(30)
    print(out.getvalue(), file=sys.stderr)
"""


def request_cost(stack: IngestStack, token: str, *, profile: bool) -> dict:
    """Queries (and optionally a cProfile) of one more 1,000-walk sync, run in-process."""
    warmup_path, body_path = stack.logs / "warmup.json", stack.logs / "one_batch.json"
    warmup_path.write_bytes(bodies_make(walks=WARMUP_WALKS, seed=99_998)[0])
    body_path.write_bytes(bodies_make(walks=BATCH_SIZE, seed=99_999)[0])
    result = subprocess.run(
        [sys.executable, "-c", IN_PROCESS, token, str(warmup_path), str(body_path),
         "1" if profile else "0"],
        cwd=ROOT, env={**stack.env, "DJANGO_SETTINGS_MODULE": "config.settings"},
        capture_output=True, text=True, timeout=300)
    if result.returncode != 0:
        raise SystemExit(result.stderr)
    if profile:
        print(result.stderr)
    return json.loads(result.stdout.strip().splitlines()[-1])


# --- PostgreSQL's COPY of the same rows --------------------------------------------------------
def copy_floor(db_url: str, streams: int) -> list[tuple[int, int, float, float]]:
    """Copy the stored walks out, then time COPY FROM STDIN of them back into the emptied table,
    first as one stream, then as ``streams`` parallel streams (one per patient, as the clients).

    Returns ``(streams, rows, seconds, PostgreSQL CPU seconds)`` for each run.
    """
    with psycopg.connect(db_url, autocommit=True) as conn:
        columns = [row[0] for row in conn.execute(
            "SELECT column_name FROM information_schema.columns "
            "WHERE table_name = 'tracker_walk' ORDER BY ordinal_position")]
        patients = [row[0] for row in conn.execute(
            "SELECT patient_id FROM tracker_walk GROUP BY patient_id ORDER BY patient_id")]
        column_list = sql.SQL(", ").join(map(sql.Identifier, columns))
        chunks: dict = {}
        for patient in patients:
            query = sql.SQL("COPY (SELECT {} FROM tracker_walk WHERE patient_id = {}) TO STDOUT")
            query = query.format(column_list, sql.Literal(patient))
            with conn.cursor().copy(query) as copy:
                chunks[patient] = b"".join(bytes(data) for data in copy)
    copy_in = sql.SQL("COPY tracker_walk ({}) FROM STDIN").format(column_list)
    rows = sum(chunk.count(b"\n") for chunk in chunks.values())

    def load(data: list[bytes], cpu_s: list[float]) -> None:
        with psycopg.connect(db_url) as conn:  # one transaction per stream
            backend_cpu_s = process_cpu_s(conn.info.backend_pid)
            with conn.cursor().copy(copy_in) as copy:
                for piece in data:
                    copy.write(piece)
            conn.commit()
            cpu_s.append(process_cpu_s(conn.info.backend_pid) - backend_cpu_s)

    runs = []
    for parts in ([list(chunks.values())],
                  [[chunk] for chunk in chunks.values()]):
        with psycopg.connect(db_url, autocommit=True) as conn:
            conn.execute("TRUNCATE tracker_walk")
            conn.execute("CHECKPOINT")
        cpu_s: list[float] = []
        threads = [threading.Thread(target=load, args=(part, cpu_s)) for part in parts]
        began = time.perf_counter()
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        runs.append((len(parts), rows, time.perf_counter() - began, sum(cpu_s)))
    with psycopg.connect(db_url, autocommit=True) as conn:
        assert conn.execute("SELECT count(*) FROM tracker_walk").fetchone()[0] == rows
    return runs


# --- main -------------------------------------------------------------------------------------
def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--walks", type=int, default=40_000, help="walks to post (default 40,000)")
    parser.add_argument("--clients", type=int, default=4, help="client processes (default 4)")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--profile", action="store_true",
                        help="also print a cProfile of one 1,000-walk sync run in-process")
    args = parser.parse_args()
    # Ctrl-C and SIGTERM both end in the finally below, which stops everything.
    signal.signal(signal.SIGTERM, signal.default_int_handler)

    per_patient = [args.walks // args.clients + (number < args.walks % args.clients)
                   for number in range(args.clients)]
    per_client = [bodies_make(walks=count, seed=number) for number, count in enumerate(per_patient)]

    stack = IngestStack(workers=args.workers)
    try:
        print(f"starting gunicorn ({args.workers} workers) on database {DB_NAME} ...", flush=True)
        stack.start()
        tokens = stack.patients_enrol(args.clients)
        api = api_run(stack, tokens, per_client)
        cost = request_cost(stack, tokens[0], profile=args.profile)
        stack.web_stop()
        copies = copy_floor(stack.db_url, args.clients)
    finally:
        stack.stop()

    walks_s = api["walks"] / api["wall_s"]
    latencies = api["latencies_s"]
    print(f"walks posted         {api['walks']:,} in {api['requests']} requests of up to "
          f"{BATCH_SIZE:,}, from {args.clients} clients (one patient each)")
    print(f"gunicorn workers     {args.workers}")
    print(f"wall time            {api['wall_s']:.1f} s")
    print(f"request time         median {statistics.median(latencies):.2f} s, "
          f"max {latencies[-1]:.2f} s")
    print(f"queries per request  {cost['queries']} for a 1,000-walk sync "
          f"({cost['elapsed_s']:.2f} s in-process, one request alone)")
    print(f"API                  {walks_s:,.0f} walks/s")
    for streams, rows, seconds, _ in copies:
        label = f"COPY, {streams} stream{'s' if streams > 1 else ''}"
        print(f"{label:21s}{rows / seconds:,.0f} rows/s "
              f"({rows:,} rows in {seconds:.2f} s)")
    floor = max(rows / seconds for _, rows, seconds, _ in copies)
    print(f"ratio                {walks_s / floor:.3f} of the faster COPY (aim: at least 0.20)")
    # CPU per 1,000 rows is what a busy shared machine changes least; on idle cores the rates
    # would stand in about the inverse ratio of these costs.
    api_cpu_ms = 1e6 * (api["cpu_web_s"] + api["cpu_db_s"]) / api["walks"]
    copy_cpu_ms = min(1e6 * cpu_s / rows for _, rows, _, cpu_s in copies)
    print(f"CPU per 1,000 walks  API {api_cpu_ms:.0f} ms (gunicorn "
          f"{1e6 * api['cpu_web_s'] / api['walks']:.0f} + PostgreSQL "
          f"{1e6 * api['cpu_db_s'] / api['walks']:.0f}); COPY {copy_cpu_ms:.0f} ms (PostgreSQL)")
    print(f"CPU ratio            {copy_cpu_ms / api_cpu_ms:.3f} (COPY's CPU per row over the API's"
          ")")


if __name__ == "__main__":
    main()
