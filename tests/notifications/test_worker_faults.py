"""Broker and worker faults with the real thing: gunicorn, Celery beat and workers, Redis and
PostgreSQL in their own processes (harness/stack.py). Only servers these tests started are
stopped: each stack has a Redis of its own, and the PostgreSQL test a cluster of its own
(harness/postgres.py); the machine's shared servers are never touched.

- A worker killed with SIGKILL while it sends an emergency: with the production settings (an
  hour's visibility timeout, a 30 s outbox lease, the relay every 10 s) the clinic has it within
  60 s of the kill, once.
- Redis stopped and started again (empty) while the phone uploads: nothing uploaded is lost, and
  every alert is delivered once Redis is back.
- PostgreSQL restarted under a task that is half done: the task fails, is retried on a new
  connection, and raises and delivers its alert once; the web processes reconnect as well.

Each test writes its timings to .ci/artifacts/worker_faults.txt.
"""

import json
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import psycopg
import pytest

from harness.payloads import symptom_payload, walk_payload
from harness.stack import Stack, wait_until

pytestmark = pytest.mark.e2e

ARTIFACT = Path(__file__).resolve().parents[2] / ".ci" / "artifacts" / "worker_faults.txt"
GATES = "tests.support.worker_gates"
# Within the evaluation task's retries (backoff 1, 2, 4... s, jittered); a longer outage that
# spends them is covered by the outbox lease (the relay publishes the evaluation again).
DATABASE_DOWN_S = 2


def record(line: str) -> None:
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    with ARTIFACT.open("a") as artifact:
        artifact.write(f"{datetime.now(UTC):%Y-%m-%d %H:%M} {line}\n")


@pytest.fixture
def stacks():
    """``stacks(**options)`` starts a Stack; every one is stopped after the test."""
    started = []

    def start(**options) -> Stack:
        stack = Stack(**options)
        started.append(stack)
        return stack.start()

    yield start
    for stack in started:
        stack.stop()


def query(stack, sql: str, *params) -> list[tuple]:
    with psycopg.connect(stack.env["DATABASE_URL"], connect_timeout=5) as conn:
        return conn.execute(sql, params).fetchall()


def with_webhook(stack, receiver, name: str):
    doctor, patient, patient_id = stack.clinic_with_patient(name)
    stack.manage("shell", "-c", (
        "from accounts.models import Clinic; from notifications.models import WebhookEndpoint; "
        f"WebhookEndpoint.objects.create(clinic=Clinic.objects.get(name='{name}'), "
        f"url='{receiver.url}')"))
    return doctor, patient, patient_id


def delivery_log(stack, patient_id) -> list[tuple]:
    return query(stack, "SELECT d.channel, d.status, d.attempts, count(a.id) FROM "
                 "notifications_delivery d JOIN notifications_alert al ON al.id = d.alert_id "
                 "LEFT JOIN notifications_deliveryattempt a ON a.delivery_id = d.id "
                 "WHERE al.patient_id = %s GROUP BY d.id ORDER BY d.id", patient_id)


def all_sent(stack, patient_id) -> list[tuple]:
    log = delivery_log(stack, patient_id)
    return log if log and all(row[1] == "sent" for row in log) else []


def webhook_changes(receiver) -> Counter:
    bodies = [json.loads(r.body) for r in receiver.requests]
    return Counter((body["alert_id"], body["revision"]) for body in bodies)


def test_an_emergency_reaches_the_clinic_within_60_s_of_its_worker_dying_mid_send(
        stacks, receivers, tmp_path):
    started = time.monotonic()
    stack = stacks(beat=True)  # the production lease, relay interval and visibility timeout
    receiver = receivers()
    doctor, patient, patient_id = with_webhook(stack, receiver, "E2E Emergency Clinic")
    stack.worker_kill()
    stack.worker_start(GATES, env={"STRIDE_TEST_GATE": "delivery",
                                   "STRIDE_TEST_GATE_DIR": str(tmp_path)})

    response = patient.post(f"{stack.base_url}/api/v1/symptoms/sync/", json={"symptoms": [
        symptom_payload(kind="back_pain", red_flags=["saddle_numbness"])]}, timeout=30)
    assert response.json()["results"][0]["severity"] == "emergency"
    wait_until(lambda: (tmp_path / "reached").exists(), timeout_s=30,
               what="the worker to stop as it sends the emergency")
    killed_at = time.monotonic()
    stack.worker_kill()
    stack.worker_start()

    wait_until(lambda: receiver.requests, timeout_s=60, interval_s=0.1,
               what="the emergency at the clinic within 60 s of the kill")
    delivered_s = time.monotonic() - killed_at
    wait_until(lambda: all_sent(stack, patient_id), timeout_s=10, what="the e-mail as well")
    time.sleep(2)

    (alert,) = doctor.get(f"{stack.base_url}/api/v1/alerts/", params={"patient": patient_id},
                          timeout=10).json()["results"]
    assert alert["severity"] == "emergency"
    assert webhook_changes(receiver) == {(alert["id"], 1): 1}
    # The clinic's webhook, the clinician's e-mail and the patient's push, each tried once.
    assert sorted(delivery_log(stack, patient_id)) == [
        ("email", "sent", 1, 1), ("push", "sent", 1, 1), ("webhook", "sent", 1, 1)]
    assert delivered_s < 60
    record(f"emergency after a worker kill: delivered {delivered_s:.1f} s after the kill "
           f"(lease 30 s, relay every 10 s, visibility timeout 3600 s); "
           f"test {time.monotonic() - started:.0f} s")


def walks_from(days_ago: int, count: int) -> list[dict]:
    start = datetime.now(UTC) - timedelta(days=days_ago)
    return [walk_payload(started_at=(start + timedelta(hours=12 * i)).isoformat())
            for i in range(count)]


def test_uploads_while_redis_is_down_are_kept_and_their_alerts_delivered_after_it_returns(
        stacks, receivers):
    started = time.monotonic()
    stack = stacks(outbox_lease_s=2, relay_interval_s=1, beat=True)
    receiver = receivers()
    doctor, patient, patient_id = with_webhook(stack, receiver, "E2E Broker Outage Clinic")

    def upload(path: str, items: list[dict]) -> None:
        response = patient.post(f"{stack.base_url}/api/v1/{path}/sync/", json={path: items},
                                timeout=30)
        assert response.status_code == 200, response.text
        assert {r["status"] for r in response.json()["results"]} == {"created"}

    upload("walks", walks_from(days_ago=10, count=6))
    stack.redis_stop()
    try:
        upload_started = time.monotonic()
        upload("walks", walks_from(days_ago=7, count=6))
        upload("symptoms", [symptom_payload(
            kind="rest_pain", occurred_at=(datetime.now(UTC) - timedelta(days=d)).isoformat())
            for d in (5, 3, 1)])
        upload("symptoms", [symptom_payload(kind="back_pain", red_flags=["saddle_numbness"])])
        upload_s = time.monotonic() - upload_started
    finally:
        restarted_at = time.monotonic()
        stack.redis_start()  # an empty Redis: whatever the broker held is gone
    # No upload after the return: only the relay (beat) can bring the work back.

    def alert_kinds():
        alerts = doctor.get(f"{stack.base_url}/api/v1/alerts/", params={"patient": patient_id},
                            timeout=10).json()["results"]
        kinds = {a["kind"] for a in alerts}
        return alerts if {"limb_threat"} <= kinds and len(kinds) >= 2 else None

    alerts = wait_until(alert_kinds, timeout_s=90, what="the alerts after Redis came back")
    wait_until(lambda: len(webhook_changes(receiver)) >= len(alerts)
               and all_sent(stack, patient_id), timeout_s=60,
               what="every alert at the clinic after Redis came back")
    delivered_s = time.monotonic() - restarted_at
    time.sleep(5)  # long enough for a second copy of any task to be published and run

    assert {a["severity"] for a in alerts} >= {"emergency", "urgent"}
    changes = webhook_changes(receiver)
    assert {alert_id for alert_id, _ in changes} == {a["id"] for a in alerts}
    assert set(changes.values()) == {1}, changes  # each change once
    walks = patient.get(f"{stack.base_url}/api/v1/walks/", params={"page_size": 100},
                        timeout=10).json()["results"]
    assert len(walks) == 12  # nothing uploaded was lost
    assert upload_s < 10, f"three uploads took {upload_s:.1f} s with the broker down"
    record(f"Redis stopped and restarted during uploads: 3 uploads in {upload_s:.1f} s while "
           f"down; {len(alerts)} alerts delivered {delivered_s:.1f} s after Redis came back "
           f"(lease 2 s, relay every 1 s); test {time.monotonic() - started:.0f} s")


def test_a_task_cut_off_by_a_postgresql_restart_is_retried_and_delivers_once(
        stacks, receivers, tmp_path):
    started = time.monotonic()
    # Connections kept across requests and tasks, as in production (CONN_MAX_AGE 60 s).
    stack = stacks(private_postgres=True, env={"CONN_MAX_AGE": "60"})
    receiver = receivers()
    doctor, patient, patient_id = with_webhook(stack, receiver, "E2E Database Restart Clinic")
    stack.worker_kill()
    stack.worker_start(GATES, env={"STRIDE_TEST_GATE": "evaluation",
                                   "STRIDE_TEST_GATE_RELEASE": "1",
                                   "STRIDE_TEST_GATE_DIR": str(tmp_path)})

    # A limb-threatening ABI (45 / 140 = 0.32): the evaluation task raises the alert.
    response = doctor.post(f"{stack.base_url}/api/v1/patients/{patient_id}/abi/", json={
        "measured_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "leg": "left", "brachial_left_mmhg": 140, "dorsalis_pedis_mmhg": 45,
        "posterior_tibial_mmhg": 40}, timeout=30)
    assert response.status_code == 201, response.text
    wait_until(lambda: (tmp_path / "reached").exists(), timeout_s=30,
               what="the worker to stop inside the evaluation's transaction")
    restart_started = time.monotonic()
    stack.postgres.stop()  # ends every connection: the task's, and gunicorn's kept ones
    (tmp_path / "release").touch()  # the task goes on, and fails, while the database is down
    time.sleep(DATABASE_DOWN_S)
    stack.postgres.start()
    restart_s = time.monotonic() - restart_started

    wait_until(lambda: all_sent(stack, patient_id), timeout_s=60,
               what="the alert delivered after the restart")
    recovered_s = time.monotonic() - restart_started
    time.sleep(2)
    alerts = doctor.get(f"{stack.base_url}/api/v1/alerts/", params={"patient": patient_id},
                        timeout=10)
    assert alerts.status_code == 200
    (alert,) = alerts.json()["results"]
    assert alert["kind"] == "limb_threat"
    assert webhook_changes(receiver) == {(alert["id"], 1): 1}
    assert delivery_log(stack, patient_id) == [("webhook", "sent", 1, 1), ("email", "sent", 1, 1)]
    worker_log = (stack.logs / "worker.log").read_text(errors="replace")
    assert "evaluate_patient" in worker_log and " retry: " in worker_log  # it was retried
    assert query(stack, "SELECT count(*) FROM notifications_taskfailure") == [(0,)]
    # Each gunicorn worker's kept connection died too: requests reconnect, none fails.
    for _ in range(6):
        assert doctor.get(f"{stack.base_url}/api/v1/patients/{patient_id}/",
                          timeout=10).status_code == 200
    sync = patient.post(f"{stack.base_url}/api/v1/walks/sync/",
                        json={"walks": walks_from(days_ago=3, count=2)}, timeout=30)
    assert sync.status_code == 200
    record(f"PostgreSQL stopped under a half-done task, started again {restart_s:.1f} s later; "
           f"alert delivered {recovered_s:.1f} s after the stop; "
           f"test {time.monotonic() - started:.0f} s")
