"""Every read or change of a patient's data through the API by anyone but the patient leaves an
audit row, with who (role, clinic), the object, the route, the outcome, the client's address and
the request id; a refused attempt at someone else's patient is recorded as denied."""

import uuid

import pytest
from django.test import Client
from django.utils import timezone

from audit.models import AuditEvent
from notifications.red_flag_alerts import red_flag_alerts_raise
from records.models import AbiMeasurement
from records.serializers import AbiMeasurementSerializer
from records.services import clinic_record_create
from tests.support.audit import patient_events
from tests.support.factories import WalkFactory

ABI_BODY = {"measured_at": "2026-01-05T10:00:00Z", "leg": "left", "brachial_left_mmhg": 140,
            "brachial_right_mmhg": 136, "dorsalis_pedis_mmhg": 98, "posterior_tibial_mmhg": 105}


def red_flag_alert_of(patient):
    report = {"id": uuid.uuid4(), "kind": "back_pain", "red_flags": ["saddle_numbness"],
              "occurred_at": timezone.now()}
    (alert,) = red_flag_alerts_raise(patient_id=patient.pk, reports=[report])
    return alert


def abi_of(patient, clinician):
    data = AbiMeasurementSerializer(data=ABI_BODY)
    data.is_valid(raise_exception=True)
    return clinic_record_create(model=AbiMeasurement, patient=patient, entered_by=clinician,
                                data=data.validated_data)


@pytest.fixture
def bob_api(client_for, bob):
    return client_for(bob)


def test_reading_one_alert_is_recorded(alice, bob, bob_api):
    alert = red_flag_alert_of(alice)
    assert bob_api.get(f"/api/v1/alerts/{alert.pk}/").status_code == 200
    row = AuditEvent.objects.get(action="alert.read")
    assert (row.actor, row.actor_role, row.clinic_id, row.patient) == (
        bob, "clinician", bob.clinic_id, alice)
    assert (row.object_type, row.object_id) == ("notifications.alert", str(alert.pk))
    assert row.route == f"GET /api/v1/alerts/{alert.pk}/"
    assert row.outcome == "success" and row.remote_addr == "127.0.0.1"


def test_acknowledging_and_resolving_an_alert_are_recorded(alice, bob, bob_api):
    alert = red_flag_alert_of(alice)
    bob_api.post(f"/api/v1/alerts/{alert.pk}/acknowledge/")
    bob_api.post(f"/api/v1/alerts/{alert.pk}/resolve/", {"note": "Seen today."}, format="json")
    assert patient_events() == {
        (bob.email, alice.email, "alert.acknowledge", "success"),
        (bob.email, alice.email, "alert.resolve", "success"),
    }


def test_a_clinicians_create_correction_and_deletion_are_recorded(alice, bob, bob_api):
    base = f"/api/v1/patients/{alice.pk}/rutherford/"
    created = bob_api.post(base, {"assessed_at": "2026-01-05T10:00:00Z", "category": 2},
                           format="json")
    assert created.status_code == 201
    record_id = created.json()["id"]
    assert bob_api.patch(f"{base}{record_id}/", {"category": 3},
                         format="json").status_code == 200
    assert bob_api.delete(f"{base}{record_id}/").status_code == 204
    rows = AuditEvent.objects.filter(object_id=record_id).order_by("id")
    assert [(r.action, r.route.split()[0]) for r in rows] == [
        ("rutherfordassessment.create", "POST"), ("rutherfordassessment.update", "PATCH"),
        ("rutherfordassessment.delete", "DELETE")]
    assert {r.patient_id for r in rows} == {alice.pk}


def test_patching_a_patients_threshold_and_enrolling_are_recorded(alice, bob, bob_api):
    bob_api.patch(f"/api/v1/patients/{alice.pk}/", {"decline_threshold_pct": 20}, format="json")
    enrolled = bob_api.post("/api/v1/patients/", {"email": "nina@patients.example",
                                                  "password": "a-long-pass-phrase-1"},
                            format="json")
    assert enrolled.status_code == 201
    assert patient_events() == {(bob.email, alice.email, "patient.update", "success"),
                                (bob.email, "nina@patients.example", "patient.enrol", "success")}


def test_insight_reads_and_revisions_are_recorded(alice, bob, bob_api):
    walk = WalkFactory(patient=alice)
    abi = abi_of(alice, bob)
    for url in (f"/api/v1/patients/{alice.pk}/trends/", f"/api/v1/patients/{alice.pk}/summary/",
                f"/api/v1/patients/{alice.pk}/pattern/", "/api/v1/patients/?ordering=risk",
                f"/api/v1/walks/{walk.pk}/revisions/",
                f"/api/v1/patients/{alice.pk}/abi/{abi.pk}/"):
        assert bob_api.get(url).status_code == 200, url
    assert {action for _, _, action, _ in patient_events()} == {
        "patient.trends", "patient.summary", "patient.pattern", "patient.list",
        "walk.revisions", "abimeasurement.read"}
    assert AbiMeasurement.objects.count() == 1


def test_the_patients_own_reads_and_changes_are_not_recorded(alice, client_for):
    walk = WalkFactory(patient=alice)
    api = client_for(alice)
    api.get(f"/api/v1/walks/{walk.pk}/")
    api.patch(f"/api/v1/walks/{walk.pk}/", {"note": "my correction"}, format="json")
    api.get(f"/api/v1/patients/{alice.pk}/trends/")
    assert not patient_events()


def test_a_clinician_asking_for_another_clinics_patient_is_recorded_as_denied(
        alice, olga, eve, client_for):
    eve_api = client_for(eve)
    assert eve_api.get(f"/api/v1/patients/{alice.pk}/").status_code == 404
    assert eve_api.get(f"/api/v1/patients/{alice.pk}/abi/").status_code == 404
    walk = WalkFactory(patient=olga)
    assert eve_api.get(f"/api/v1/walks/{walk.pk}/").status_code == 404
    assert patient_events() == {(eve.email, alice.email, "patient-detail.get", "denied"),
                                (eve.email, alice.email, "abi-list.get", "denied")}
    walk_row = AuditEvent.objects.get(object_id=str(walk.pk))
    assert (walk_row.outcome, walk_row.patient, walk_row.actor) == ("denied", None, eve)


def test_a_clinician_opening_another_clinics_patient_on_the_dashboard_is_denied(
        alice, bob, eve, client_for):
    browser = Client()
    browser.force_login(eve)
    assert browser.get(f"/patients/{alice.pk}/").status_code == 404
    assert patient_events() == {(eve.email, alice.email, "dashboard:patient.get", "denied")}
    assert client_for(alice).get("/api/v1/me/access-log/").json()["results"] == []
    report = client_for(bob).get(f"/api/v1/patients/{alice.pk}/access-log/").json()["results"]
    assert report[-1]["action_description"] == "was refused: opened your record"


def test_a_care_team_member_refused_a_change_is_recorded_as_denied(alice, bob, bob_api):
    walk = WalkFactory(patient=alice)  # bob may read it, but only alice may correct it
    assert bob_api.patch(f"/api/v1/walks/{walk.pk}/", {"note": "x"},
                         format="json").status_code == 403
    row = AuditEvent.objects.get(outcome="denied")
    assert (row.action, row.object_id, row.actor) == ("walk-detail.patch", str(walk.pk), bob)


def test_the_callers_request_id_is_kept_and_echoed(alice, bob, bob_api):
    response = bob_api.get(f"/api/v1/patients/{alice.pk}/", HTTP_X_REQUEST_ID="phone-42.a:b")
    assert response["X-Request-ID"] == "phone-42.a:b"
    assert AuditEvent.objects.get(action="patient.read").request_id == "phone-42.a:b"


@pytest.mark.parametrize("bad", ["x" * 65, "<script>", "two words", "é"])
def test_a_malformed_request_id_is_replaced_by_a_new_one(alice, bob, bob_api, bad):
    response = bob_api.get(f"/api/v1/patients/{alice.pk}/", HTTP_X_REQUEST_ID=bad)
    generated = response["X-Request-ID"]
    assert generated != bad and uuid.UUID(generated)
    assert AuditEvent.objects.get(action="patient.read").request_id == generated


def test_without_a_request_id_each_request_gets_its_own(alice, bob, bob_api):
    first = bob_api.get(f"/api/v1/patients/{alice.pk}/")["X-Request-ID"]
    second = bob_api.get(f"/api/v1/patients/{alice.pk}/")["X-Request-ID"]
    assert first != second
    assert set(AuditEvent.objects.filter(action="patient.read")
               .values_list("request_id", flat=True)) == {first, second}
