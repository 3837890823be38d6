"""A whole Stride in subprocesses for end-to-end tests: its own PostgreSQL database, its own
Redis on a free port, gunicorn and a Celery worker. Only 127.0.0.1 is used, and everything it
starts is stopped at the end."""

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import psycopg
import requests

from harness.postgres import PrivatePostgres

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ADMIN_URL = "postgres://root@127.0.0.1:5432/postgres"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(check, *, timeout_s: float, what: str, interval_s: float = 0.2):
    """Poll ``check`` until it returns something truthy; fail with ``what`` after the timeout."""
    deadline = time.monotonic() + timeout_s
    last_error = None
    while time.monotonic() < deadline:
        try:
            result = check()
            if result:
                return result
        except Exception as exc:  # the service may not be up yet
            last_error = exc
        time.sleep(interval_s)
    raise AssertionError(f"timed out after {timeout_s} s waiting for {what} ({last_error})")


class Stack:
    """Start with ``start()``; ``stop()`` ends every process and drops the database."""

    def __init__(self, *, visibility_timeout_s: int = 3600, outbox_lease_s: float | None = None,
                 relay_interval_s: float | None = None, beat: bool = False,
                 private_postgres: bool = False, env: dict | None = None):
        """``beat`` also runs Celery beat (the outbox relay every ``relay_interval_s``);
        ``private_postgres`` puts the database on a cluster of its own (harness.postgres), which
        a fault test may stop: the machine's shared server is never stopped."""
        self.db_name = f"stride_e2e_{uuid.uuid4().hex[:10]}"
        self.redis_port = free_port()
        self.web_port = free_port()
        self.queue_suffix = uuid.uuid4().hex[:6]
        self.postgres = PrivatePostgres(port=free_port()) if private_postgres else None
        self.admin_url = self.postgres.admin_url if self.postgres else ADMIN_URL
        pg_host = self.admin_url.rsplit("/", 1)[0]
        self.env = {
            **{k: v for k, v in os.environ.items()
               if k not in {"STRIDE_ENV", "DJANGO_SETTINGS_MODULE"}},
            "DATABASE_URL": f"{pg_host}/{self.db_name}",
            "REDIS_URL": f"redis://127.0.0.1:{self.redis_port}/0",
            "CELERY_VISIBILITY_TIMEOUT_S": str(visibility_timeout_s),
            "LOGIN_THROTTLE_RATE": "1000/min",
            "LOGIN_ACCOUNT_THROTTLE_RATE": "1000/min",  # benchmarks sign one patient in often
            "CELERY_LOG_LEVEL": "INFO",  # the worker's "ready" line tells us it has started
            "PYTHONUNBUFFERED": "1",
            **({"OUTBOX_LEASE_S": str(outbox_lease_s)} if outbox_lease_s else {}),
            **({"OUTBOX_RELAY_INTERVAL_S": str(relay_interval_s)} if relay_interval_s else {}),
            **(env or {}),
        }
        self.with_beat = beat
        self.redis = self.web = self.worker = self.beat = None
        self.base_url = f"http://127.0.0.1:{self.web_port}"
        self.logs = Path(f"/tmp/{self.db_name}")

    # --- processes ------------------------------------------------------------------------
    def _spawn(self, name: str, args: list[str], env: dict | None = None) -> subprocess.Popen:
        self.logs.mkdir(exist_ok=True)
        log = open(self.logs / f"{name}.log", "ab")
        return subprocess.Popen(args, cwd=ROOT, env={**self.env, **(env or {})}, stdout=log,
                                stderr=subprocess.STDOUT, start_new_session=True)

    def manage(self, *args: str, stdin: str | None = None) -> str:
        result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env,
                                input=stdin, capture_output=True, text=True, timeout=120)
        assert result.returncode == 0, result.stdout + result.stderr
        return result.stdout

    def redis_start(self) -> None:
        self.redis = self._spawn("redis", [
            "redis-server", "--port", str(self.redis_port), "--bind", "127.0.0.1", "--save", "",
            "--appendonly", "no"])
        wait_until(
            lambda: socket.create_connection(("127.0.0.1", self.redis_port), 1).close() or True,
            timeout_s=10, what="redis")

    def redis_stop(self) -> None:
        self._end(self.redis)
        self.redis = None

    def _worker_ready_count(self) -> int:
        log = self.logs / "worker.log"
        return log.read_text(errors="replace").count(" ready.") if log.exists() else 0

    def worker_start(self, app: str = "config", env: dict | None = None) -> None:
        """Start a worker of ``app`` (tests.worker_gates for fault tests) with ``env`` added."""
        ready_before = self._worker_ready_count()
        self.worker = self._spawn("worker", [
            str(VENV_BIN / "celery"), "-A", app, "worker", "--queues", "realtime,batch",
            "--concurrency", "1", "--pool", "prefork", "--loglevel", "INFO",
            "--without-gossip", "--without-mingle", "--without-heartbeat"], env=env)
        wait_until(lambda: self._worker_ready_count() > ready_before,
                   timeout_s=30, what="the Celery worker")

    def worker_kill(self) -> None:
        """Kill the worker and its pool at once, as a crash or OOM kill would."""
        if self.worker is not None:
            os.killpg(self.worker.pid, signal.SIGKILL)
            self.worker.wait(timeout=10)
            self.worker = None

    def beat_start(self) -> None:
        """Celery beat with the project's database schedule: the outbox relay and the sweep."""
        self.beat = self._spawn("beat", [
            str(VENV_BIN / "celery"), "-A", "config", "beat", "--loglevel", "INFO",
            "--pidfile=", "-s", str(self.logs / "beat-schedule")])

    def start(self) -> "Stack":
        if self.postgres is not None:
            self.postgres.start()
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.db_name}"')
        self.manage("migrate", "--no-input", "-v0")
        self.redis_start()
        self.web = self._spawn("web", [
            str(VENV_BIN / "gunicorn"), "config.wsgi:application", "--bind",
            f"127.0.0.1:{self.web_port}", "--workers", "2", "--timeout", "60"])
        wait_until(lambda: requests.get(f"{self.base_url}/api/v1/schema/", timeout=2).ok,
                   timeout_s=30, what="gunicorn")
        self.worker_start()
        if self.with_beat:
            self.beat_start()
        return self

    @staticmethod
    def _end(process: subprocess.Popen | None) -> None:
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            process.wait(timeout=10)

    def stop(self) -> None:
        for process in (self.beat, self.worker, self.web, self.redis):
            self._end(process)
        if self.postgres is not None:
            self.postgres.remove()
            return
        with psycopg.connect(self.admin_url, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{self.db_name}" WITH (FORCE)')

    # --- API helpers ----------------------------------------------------------------------
    def session_for(self, email: str, password: str) -> requests.Session:
        session = requests.Session()
        response = session.post(f"{self.base_url}/api/v1/auth/login/",
                                json={"email": email, "password": password}, timeout=10)
        assert response.status_code == 200, response.text
        session.headers["Authorization"] = f"Bearer {response.json()['access']}"
        return session

    def clinic_with_patient(self, name: str) -> tuple[requests.Session, requests.Session, str]:
        """A clinician and an enrolled patient, signed in; returns both sessions and the patient
        id."""
        password = "e2e-clinician-pass-1"
        email = f"doctor.{uuid.uuid4().hex[:6]}@e2e.example"
        self.manage("onboard_clinic", "--name", name, "--clinician-email", email,
                    "--password-stdin", stdin=password + "\n")
        doctor = self.session_for(email, password)
        patient_email = f"patient.{uuid.uuid4().hex[:6]}@e2e.example"
        response = doctor.post(f"{self.base_url}/api/v1/patients/", json={
            "email": patient_email, "password": "e2e-patient-pass-1", "time_zone": "Europe/Paris"},
            timeout=10)
        assert response.status_code == 201, response.text
        return doctor, self.session_for(patient_email, "e2e-patient-pass-1"), response.json()["id"]
