"""A clinician records a procedure (a revascularisation, a spinal decompression or fusion, an
epidural injection); the trends then judge walking against the walks after it, once it has
settled, and mark it on the chart."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.support.factories import WalkFactory

PARIS = ZoneInfo("Europe/Paris")
REVASCULARISATION = {"performed_at": "2026-03-02T09:00:00+01:00",
                     "kind": "endovascular_revascularisation", "side": "left",
                     "arterial_level": "femoropopliteal"}


def procedures_url(patient):
    return f"/api/v1/patients/{patient.pk}/procedures/"


def test_a_clinician_records_a_revascularisation_that_settles_in_two_weeks(client_for, bob,
                                                                           alice):
    response = client_for(bob).post(procedures_url(alice), REVASCULARISATION, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["entered_by"] == str(bob.pk) and body["kind"] == REVASCULARISATION["kind"]
    assert datetime.fromisoformat(body["settles_at"]) == datetime(2026, 3, 16, 9, 0, tzinfo=PARIS)
    listed = client_for(alice).get(procedures_url(alice)).json()
    assert [p["id"] for p in listed] == [body["id"]]


@pytest.mark.parametrize(("body", "field"), [
    ({**REVASCULARISATION, "side": ""}, "side"),
    ({k: v for k, v in REVASCULARISATION.items() if k != "arterial_level"}, "arterial_level"),
    ({**REVASCULARISATION, "spinal_levels": "L4-L5"}, "spinal_levels"),
    ({"performed_at": "2026-03-02T09:00:00Z", "kind": "decompression",
      "arterial_level": "aortoiliac"}, "arterial_level"),
    ({"performed_at": "2026-03-02T09:00:00Z", "kind": "fusion", "spinal_levels": "L9"},
     "spinal_levels"),
    ({**REVASCULARISATION, "kind": "stent"}, "kind"),
])
def test_a_procedure_that_breaks_a_rule_names_the_field(client_for, bob, alice, body, field):
    response = client_for(bob).post(procedures_url(alice), body, format="json")
    assert response.status_code == 400 and field in response.json()


def test_only_a_clinician_records_a_procedure(client_for, cora, alice):
    response = client_for(cora).post(procedures_url(alice), REVASCULARISATION, format="json")
    assert response.status_code == 403


def walks(patient, first_day, days, pain_free_m):
    for day in range(days):
        WalkFactory(patient=patient, started_at=first_day + timedelta(days=day),
                    distance_m=pain_free_m * 2, pain_onset_m=pain_free_m, duration_s=1200)


def test_the_baseline_restarts_after_the_procedure_has_settled(client_for, bob, alice):
    alice.patient_profile.time_zone = "Europe/Paris"
    alice.patient_profile.save()
    start = datetime(2026, 1, 5, 10, 0, tzinfo=PARIS)
    walks(alice, start, 50, pain_free_m=150)  # before: 150 m pain-free
    client_for(bob).post(procedures_url(alice), {**REVASCULARISATION,
                                                 "performed_at": "2026-02-25T09:00:00+01:00"},
                         format="json")
    walks(alice, datetime(2026, 2, 27, 10, 0, tzinfo=PARIS), 10, pain_free_m=60)  # wound pain
    walks(alice, datetime(2026, 3, 12, 10, 0, tzinfo=PARIS), 30, pain_free_m=420)  # settled

    trend = client_for(bob).get(f"/api/v1/patients/{alice.pk}/trends/",
                                {"from": "2026-01-01", "to": "2026-04-10", "bucket": "week"})
    baseline = trend.json()["baseline"]
    assert baseline["restarted_after"]["kind"] == "procedure"
    assert baseline["restarted_after"]["settles_on"] == "2026-03-11"
    assert baseline["from"] == "2026-03-12"
    assert baseline["pain_free_distance_m"]["median"] == {"value": 420.0, "censored": False}
    (note,) = [n for n in trend.json()["annotations"] if n["kind"] == "procedure"]
    assert note["date"] == "2026-02-25"
    assert note["label"] == "Endovascular revascularisation, left femoro-popliteal"


def test_without_a_procedure_the_baseline_is_the_first_four_weeks(client_for, bob, alice):
    walks(alice, datetime(2026, 1, 5, 10, 0, tzinfo=PARIS), 40, pain_free_m=150)
    baseline = client_for(bob).get(f"/api/v1/patients/{alice.pk}/trends/", {
        "from": "2026-01-01", "to": "2026-02-20"}).json()["baseline"]
    assert baseline["restarted_after"] is None
    assert baseline["pain_free_distance_m"]["median"]["value"] == 150.0
