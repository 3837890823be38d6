"""The real thing: gunicorn, a Celery worker and Redis in their own processes. Data uploaded over
HTTP reaches the detectors through the worker, and survives the broker being down."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import requests

from harness.payloads import symptom_payload, walk_payload
from harness.stack import Stack, wait_until

pytestmark = pytest.mark.e2e


@pytest.fixture(scope="module")
def stack():
    running = Stack().start()
    try:
        yield running
    finally:
        running.stop()


def rest_pain_on_three_days():
    start = datetime.now(UTC) - timedelta(days=6)
    return [symptom_payload(kind="rest_pain",
                            occurred_at=(start + timedelta(days=2 * d)).isoformat())
            for d in range(3)]


def walks_for_a_week():
    start = datetime.now(UTC) - timedelta(days=7)
    return [walk_payload(started_at=(start + timedelta(days=d)).isoformat()) for d in range(7)]


def doctor_email(stack, doctor):
    return doctor.get(f"{stack.base_url}/api/v1/auth/me/", timeout=10).json()["email"]


def limb_threat_alerts(stack, doctor, patient_id):
    response = doctor.get(f"{stack.base_url}/api/v1/alerts/",
                          params={"patient": patient_id, "kind": "limb_threat"}, timeout=10)
    assert response.status_code == 200, response.text
    return response.json()["results"]


def test_uploads_reach_the_detectors_through_the_worker(stack):
    doctor, patient, patient_id = stack.clinic_with_patient("E2E Worker Clinic")
    walks = patient.post(f"{stack.base_url}/api/v1/walks/sync/", json={"walks": walks_for_a_week()},
                         timeout=30)
    assert {r["status"] for r in walks.json()["results"]} == {"created"}
    symptoms = patient.post(f"{stack.base_url}/api/v1/symptoms/sync/",
                            json={"symptoms": rest_pain_on_three_days()}, timeout=30)
    assert symptoms.status_code == 200

    alerts = wait_until(lambda: limb_threat_alerts(stack, doctor, patient_id), timeout_s=30,
                        what="the limb-threat alert from the worker")
    assert len(alerts) == 1 and alerts[0]["severity"] == "urgent"
    assert "rest pain on 3 days" in alerts[0]["title"]


def test_uploads_succeed_while_the_broker_is_down_and_alerts_follow_its_return(stack):
    doctor, patient, patient_id = stack.clinic_with_patient("E2E Outage Clinic")
    stack.redis_stop()
    try:
        for path, body in (("walks", {"walks": walks_for_a_week()}),
                           ("symptoms", {"symptoms": rest_pain_on_three_days()})):
            started = time.monotonic()
            response = patient.post(f"{stack.base_url}/api/v1/{path}/sync/", json=body, timeout=30)
            elapsed_s = time.monotonic() - started
            assert response.status_code == 200, response.text
            assert {r["status"] for r in response.json()["results"]} == {"created"}
            assert elapsed_s < 5, f"upload took {elapsed_s:.1f} s with the broker down"
        time.sleep(1)
        assert limb_threat_alerts(stack, doctor, patient_id) == []
        # Signing in does not depend on Redis either (its throttle fails open; lockout is in SQL).
        assert stack.session_for(doctor_email(stack, doctor), "e2e-clinician-pass-1")
    finally:
        stack.redis_start()
    # The evaluation waited in PostgreSQL; the relay (beat, or this command) publishes it.
    assert "Published" in stack.manage("relay_outbox", "--now")
    alerts = wait_until(lambda: limb_threat_alerts(stack, doctor, patient_id), timeout_s=60,
                        what="the alert after the broker came back")
    assert len(alerts) == 1


def test_red_flags_reach_the_inbox_even_with_no_broker_at_all(stack):
    doctor, patient, patient_id = stack.clinic_with_patient("E2E Red Flag Clinic")
    stack.redis_stop()
    try:
        result = patient.post(f"{stack.base_url}/api/v1/symptoms/sync/", json={"symptoms": [
            symptom_payload(kind="back_pain", red_flags=["saddle_numbness"])]}, timeout=30).json()
        assert result["results"][0]["severity"] == "emergency"
        inbox = doctor.get(f"{stack.base_url}/api/v1/alerts/", params={"patient": patient_id},
                           timeout=10).json()["results"]
        assert [a["severity"] for a in inbox] == ["emergency"]
    finally:
        stack.redis_start()


def test_the_stack_is_served_on_loopback_only(stack):
    assert stack.base_url.startswith("http://127.0.0.1:")
    assert requests.get(f"{stack.base_url}/api/v1/alerts/", timeout=5).status_code == 401
