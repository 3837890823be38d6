"""A coordinator records supervised sessions on a tablet; a stop for chest pain, breathlessness
or dizziness reaches the clinician as an urgent alert the same day."""

import pytest

from notifications.evidence_text import evidence_sentences
from notifications.models import Alert, AlertKind, AlertStatus
from programs.models import SupervisedSession
from programs.services import exercise_program_create
from tests.support.audit import patient_events

SESSION = {
    "performed_on": "2026-03-04", "minutes": 36, "max_pain": 4, "heart_rate_bpm": 112,
    "systolic_mmhg": 148, "diastolic_mmhg": 84, "note": "Good effort.",
    "bouts": [
        {"speed_kmh": 3.2, "grade_pct": 4, "onset_s": 140, "chosen_pain_s": 260, "rest_s": 150},
        {"speed_kmh": 3.2, "grade_pct": 4, "onset_s": 120, "chosen_pain_s": 230, "rest_s": 180},
    ],
}


@pytest.fixture
def program(alice, bob):
    return exercise_program_create(patient=alice, entered_by=bob, data={
        "started_on": "2026-03-02", "sessions_per_week": 3, "minutes_per_session": 30,
        "weeks": 12, "days_of_week": [1, 3, 5]})


def url(program, session=None):
    base = f"/api/v1/programs/{program.pk}/supervised-sessions/"
    return f"{base}{session}/" if session else base


def test_coordinator_records_a_session_with_its_bouts_and_it_is_audited(client_for, cora,
                                                                        program):
    response = client_for(cora).post(url(program), SESSION, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["entered_by"] == str(cora.pk) and body["program"] == str(program.pk)
    assert [b["chosen_pain_s"] for b in body["bouts"]] == [260, 230]
    assert body["stopped_early"] is False and body["stop_reason"] == ""
    listed = client_for(cora).get(url(program)).json()
    assert [s["id"] for s in listed] == [body["id"]]
    events = patient_events()
    assert ("cora@north.example", "alice@patients.example", "supervisedsession.create",
            "success") in events
    assert ("cora@north.example", "alice@patients.example", "supervisedsession.list",
            "success") in events
    assert not Alert.objects.exists()


def test_a_correction_keeps_the_old_version(client_for, cora, program):
    client = client_for(cora)
    session_id = client.post(url(program), SESSION, format="json").json()["id"]
    corrected = client.patch(url(program, session_id), {"minutes": 40}, format="json")
    assert corrected.status_code == 200, corrected.content
    assert corrected.json()["minutes"] == 40 and corrected.json()["version"] == 2
    assert len(corrected.json()["bouts"]) == 2
    early = client.patch(url(program, session_id), {"performed_on": "2026-02-27"}, format="json")
    assert early.status_code == 400 and "performed_on" in early.json()


@pytest.mark.parametrize("reason", ["chest_pain", "breathlessness", "dizziness"])
def test_a_stop_for_a_cardiac_sign_raises_an_urgent_alert_for_the_clinician(client_for, cora,
                                                                            program, reason):
    body = {**SESSION, "stopped_early": True, "stop_reason": reason, "minutes": 12}
    response = client_for(cora).post(url(program), body, format="json")
    assert response.status_code == 201, response.content
    (alert,) = Alert.objects.all()
    assert alert.kind == AlertKind.EXERCISE_SESSION_RED_FLAG and alert.severity == "urgent"
    assert alert.status == AlertStatus.OPEN and alert.patient_id == program.patient_id
    assert alert.evidence["supervised_session_ids"] == [response.json()["id"]]
    assert alert.evidence["stop_reasons"] == [reason] and alert.evidence["same_day"] is True
    (sentence,) = evidence_sentences(alert.kind, alert.evidence)
    assert sentence.startswith(f"Supervised exercise stopped early for {reason.replace('_', ' ')}")


def test_a_second_cardiac_stop_adds_to_the_open_alert(client_for, cora, program):
    client = client_for(cora)
    first = client.post(url(program), {**SESSION, "stopped_early": True,
                                       "stop_reason": "chest_pain"}, format="json").json()
    second = client.post(url(program), {**SESSION, "performed_on": "2026-03-06",
                                        "stopped_early": True, "stop_reason": "dizziness"},
                         format="json").json()
    (alert,) = Alert.objects.all()
    assert alert.evidence["supervised_session_ids"] == [first["id"], second["id"]]
    assert alert.evidence["stop_reasons"] == ["chest_pain", "dizziness"]


def test_stopping_for_leg_pain_raises_no_alert(client_for, cora, program):
    body = {**SESSION, "stopped_early": True, "stop_reason": "leg_pain"}
    assert client_for(cora).post(url(program), body, format="json").status_code == 201
    assert not Alert.objects.exists()


@pytest.mark.parametrize(("change", "field"), [
    ({"stopped_early": True}, "stop_reason"),
    ({"stop_reason": "fatigue"}, "stop_reason"),
    ({"max_pain": 6}, "max_pain"),
    ({"max_pain": 0}, "max_pain"),
    ({"minutes": "36"}, "minutes"),
    ({"systolic_mmhg": None}, "systolic_mmhg"),
    ({"diastolic_mmhg": 150}, "diastolic_mmhg"),
    ({"bouts": [{"onset_s": 200, "chosen_pain_s": 100}]}, "bouts"),
    ({"bouts": [{"speed_kmh": -1}]}, "bouts"),
    ({"performed_on": "03/04/2026"}, "performed_on"),
    ({"performed_on": "2026-03-01"}, "performed_on"),  # before the program started
    ({"performed_on": "2030-01-01"}, "performed_on"),  # in the future
])
def test_bad_input_names_the_field(client_for, cora, program, change, field):
    response = client_for(cora).post(url(program), {**SESSION, **change}, format="json")
    assert response.status_code == 400 and field in response.json(), response.content
    assert not SupervisedSession.objects.exists()


def test_a_patient_cannot_record_a_supervised_session_and_an_outsider_gets_404(
        client_for, alice, olga, program):
    assert client_for(alice).post(url(program), SESSION, format="json").status_code == 403
    assert client_for(olga).post(url(program), SESSION, format="json").status_code == 404
    assert client_for(olga).get(url(program)).status_code == 404
