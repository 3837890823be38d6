"""A clinician's one-call summary of a patient: latest values, red flags, walks; its query count
does not grow with the patient's history."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harness.payloads import questionnaire_payload
from questionnaires.services import questionnaire_score, questionnaires_sync
from records.models import AbiMeasurement, PostureTest, RutherfordAssessment
from records.services import clinic_record_create
from tests.support.factories import SymptomReportFactory, WalkFactory


def add_history(patient, clinician, days):
    now = timezone.now()
    for day in range(days):
        when = now - timedelta(days=days - day)
        for leg, ankle in (("left", 100 + day), ("right", 130)):
            clinic_record_create(model=AbiMeasurement, patient=patient, entered_by=clinician, data={
                "measured_at": when, "leg": leg, "brachial_left_mmhg": 140,
                "dorsalis_pedis_mmhg": ankle})
        clinic_record_create(model=RutherfordAssessment, patient=patient, entered_by=clinician,
                             data={"assessed_at": when, "category": 1 + day % 3})
        clinic_record_create(model=PostureTest, patient=patient, entered_by=clinician, data={
            "performed_at": when, "kind": "bicycle", "measure": "time_s",
            "upright_value": 100, "forward_value": 100 + 10 * day})
        WalkFactory(patient=patient, started_at=when)
        SymptomReportFactory(patient=patient, occurred_at=when,
                             red_flags=["cold_limb"] if day % 2 else [])
        item = questionnaire_payload(answered_at=when)
        item["scores"] = questionnaire_score(instrument="odi", answers=item["answers"])
        item["answered_at"] = when
        questionnaires_sync(patient=patient, responses=[item])


def summary(client, patient):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(f"/api/v1/patients/{patient.pk}/summary/")
    assert response.status_code == 200, response.content
    return response.json(), len(ctx.captured_queries)


def test_summary_shows_the_latest_of_each_and_recent_red_flags(client_for, bob, alice):
    add_history(alice, bob, days=4)
    body, _ = summary(client_for(bob), alice)
    assert set(body["abi"]) == {"left", "right"}
    assert body["abi"]["left"]["resting_abi"] == round(103 / 140, 2)  # the newest left leg
    assert body["rutherford"]["category"] == 1 and body["rutherford"]["fontaine_stage"] == "IIa"
    assert body["questionnaires"]["odi"]["scores"]["percent"] == 40.0
    assert body["posture_tests"]["bicycle"]["effect_pct"] == 30.0
    assert [flag["red_flags"] for flag in body["red_flags_90_days"]] == [["cold_limb"]] * 2
    assert {flag["severity"] for flag in body["red_flags_90_days"]} == {"urgent"}
    assert body["walks"]["total"] == 4 and body["walks"]["last_30_days"] == 4


def test_old_red_flags_are_left_out(client_for, bob, alice):
    SymptomReportFactory(patient=alice, occurred_at=timezone.now() - timedelta(days=91),
                         red_flags=["foot_drop"])
    body, _ = summary(client_for(bob), alice)
    assert body["red_flags_90_days"] == []
    assert body["rutherford"] is None and body["abi"] == {}


def test_query_count_does_not_grow_with_history(client_for, bob, alice, olga):
    add_history(alice, bob, days=2)
    client = client_for(bob)
    _, small = summary(client, alice)
    add_history(alice, bob, days=25)
    _, large = summary(client, alice)
    assert small == large
