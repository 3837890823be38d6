"""A worker is killed in the middle of a task: the alert appears exactly once, and its message is
sent once. Real gunicorn, Redis, Celery beat and workers; the first worker is stopped at a known
point (tests/support/worker_gates.py), killed with SIGKILL with its pool, and a new worker takes
over. The broker keeps its production visibility timeout (an hour): the dead worker's task comes
back through the outbox lease, which this stack shortens to a few seconds to keep the test short
(tests/notifications/test_worker_faults.py times the production lease)."""

import json
import time
from datetime import UTC, datetime, timedelta

import psycopg
import pytest

from harness.stack import Stack, wait_until

pytestmark = pytest.mark.e2e

# A task not done within its lease is published again by the relay (beat, every second here).
OUTBOX_LEASE_S = 2
RELAY_INTERVAL_S = 1


@pytest.fixture(scope="module")
def stack():
    running = Stack(outbox_lease_s=OUTBOX_LEASE_S, relay_interval_s=RELAY_INTERVAL_S,
                    beat=True).start()
    try:
        yield running
    finally:
        running.stop()


@pytest.fixture
def receiver(receivers):
    return receivers()


def query(stack, sql: str, *params) -> list[tuple]:
    with psycopg.connect(stack.env["DATABASE_URL"]) as conn:
        return conn.execute(sql, params).fetchall()


@pytest.mark.parametrize("gate", ["evaluation", "after_evaluation", "delivery"])
def test_alert_and_message_once_when_the_worker_dies(stack, receiver, tmp_path, gate):
    clinic = f"E2E Kill Clinic {gate}"
    doctor, _, patient_id = stack.clinic_with_patient(clinic)
    stack.manage("shell", "-c", (
        "from accounts.models import Clinic; from notifications.models import WebhookEndpoint; "
        f"WebhookEndpoint.objects.create(clinic=Clinic.objects.get(name='{clinic}'), "
        f"url='{receiver.url}')"))
    stack.worker_kill()
    stack.worker_start("tests.support.worker_gates",
                       env={"STRIDE_TEST_GATE": gate, "STRIDE_TEST_GATE_DIR": str(tmp_path)})

    # A limb-threatening ABI (45 / 140 = 0.32): the evaluation task raises the alert.
    response = doctor.post(f"{stack.base_url}/api/v1/patients/{patient_id}/abi/", json={
        "measured_at": (datetime.now(UTC) - timedelta(hours=1)).isoformat(),
        "leg": "left", "brachial_left_mmhg": 140, "dorsalis_pedis_mmhg": 45,
        "posterior_tibial_mmhg": 40}, timeout=30)
    assert response.status_code == 201, response.text
    wait_until(lambda: (tmp_path / "reached").exists(), timeout_s=60,
               what=f"the worker to stop at the {gate} gate")
    stack.worker_kill()
    stack.worker_start()

    def alerts():
        return doctor.get(f"{stack.base_url}/api/v1/alerts/", params={
            "patient": patient_id, "kind": "limb_threat"}, timeout=10).json()["results"]

    def delivery_log():
        return query(stack, "SELECT d.channel, d.status, d.attempts, count(a.id) FROM "
                     "notifications_delivery d JOIN notifications_alert al ON al.id = d.alert_id "
                     "LEFT JOIN notifications_deliveryattempt a ON a.delivery_id = d.id "
                     "WHERE al.patient_id = %s GROUP BY d.id", patient_id)

    # The dead worker's task is published again once its lease has run out.
    wait_until(lambda: (log := delivery_log()) and all(row[1] == "sent" for row in log),
               timeout_s=60, what="every message of the alert sent after the restart")
    # Long enough for any second copy of a task to be published again and run.
    time.sleep((OUTBOX_LEASE_S + RELAY_INTERVAL_S) * 2)

    (alert,) = alerts()
    assert [json.loads(r.body)["alert_id"] for r in receiver.requests] == [alert["id"]]
    log = delivery_log()
    # One webhook to the clinic and one e-mail to the enrolling clinician, each tried once.
    assert sorted(log) == [("email", "sent", 1, 1), ("webhook", "sent", 1, 1)]
    assert query(stack, "SELECT count(*) FROM notifications_alert WHERE patient_id = %s",
                 patient_id) == [(1,)]
