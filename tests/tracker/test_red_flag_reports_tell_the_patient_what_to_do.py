"""A symptom report with a red flag answers, at once, what the patient must do."""

import pytest

from harness.payloads import symptom_payload
from tracker.models import SymptomReport


def sync(client, reports):
    response = client.post("/api/v1/symptoms/sync/", {"symptoms": reports}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


@pytest.mark.parametrize("flag", ["bladder_bowel_loss", "saddle_numbness"])
def test_cauda_equina_signs_say_get_emergency_care_now(client_for, alice, flag):
    result = sync(client_for(alice), [symptom_payload(kind="back_pain", red_flags=[flag])])[0]
    assert result["status"] == "created"
    assert result["severity"] == "emergency" and result["same_day"] is True
    text = result["instruction"].lower()
    assert "emergency" in text and "now" in text and "do not wait" in text


@pytest.mark.parametrize("flag", ["foot_drop", "sudden_weakness"])
def test_nerve_root_signs_say_today(client_for, alice, flag):
    result = sync(client_for(alice), [symptom_payload(kind="weakness", red_flags=[flag])])[0]
    assert result["severity"] == "urgent" and result["same_day"] is True
    assert "today" in result["instruction"]


@pytest.mark.parametrize("flag", ["non_healing_sore", "colour_change", "cold_limb"])
def test_limb_threat_signs_are_urgent_but_less_drastic(client_for, alice, flag):
    result = sync(client_for(alice), [symptom_payload(red_flags=[flag])])[0]
    assert result["severity"] == "urgent" and result["same_day"] is False
    assert "within 24 hours" in result["instruction"]


def test_rest_pain_is_a_limb_threat_sign_even_without_a_flag(client_for, alice):
    result = sync(client_for(alice), [symptom_payload(kind="rest_pain")])[0]
    assert result["severity"] == "urgent"


@pytest.mark.parametrize("flag", ["fever", "fever_weight_loss"])
def test_fever_with_back_pain_is_seen_the_same_day(client_for, alice, flag):
    # The older combined flag is still accepted, and judged as the more serious sign, fever.
    result = sync(client_for(alice), [symptom_payload(kind="back_pain", red_flags=[flag])])[0]
    assert result["status"] == "created"
    assert result["severity"] == "urgent" and result["same_day"] is True
    assert "today" in result["instruction"]


def test_weight_loss_with_back_pain_is_a_warning(client_for, alice):
    result = sync(client_for(alice), [symptom_payload(kind="back_pain",
                                                      red_flags=["weight_loss"])])[0]
    assert result["severity"] == "warning" and "few days" in result["instruction"]


def test_the_most_serious_flag_decides(client_for, alice):
    result = sync(
        client_for(alice), [symptom_payload(red_flags=["cold_limb", "saddle_numbness"])]
    )[0]
    assert result["severity"] == "emergency"


def test_no_flag_means_no_instruction(client_for, alice):
    result = sync(client_for(alice), [symptom_payload()])[0]
    assert (result["severity"], result["instruction"]) == (None, None)


def test_an_emergency_still_reaches_the_patient_when_the_rest_of_the_report_is_bad(
    client_for, alice
):
    bad = symptom_payload(nrs=42, red_flags=["bladder_bowel_loss", "made_up_flag"])
    result = sync(client_for(alice), [bad])[0]
    assert result["status"] == "invalid"
    assert set(result["errors"]) == {"nrs", "red_flags"}
    assert result["severity"] == "emergency" and "emergency" in result["instruction"].lower()


def test_a_resent_report_is_stored_once_and_repeats_its_instruction(client_for, alice):
    client = client_for(alice)
    report = symptom_payload(red_flags=["foot_drop"])
    for expected in ("created", "duplicate", "duplicate"):
        result = sync(client, [report])[0]
        assert result["status"] == expected and result["severity"] == "urgent"
    assert SymptomReport.objects.filter(patient=alice).count() == 1


def test_good_reports_are_kept_beside_bad_ones(client_for, alice):
    good = symptom_payload()
    results = sync(
        client_for(alice), [symptom_payload(kind="itch"), good, symptom_payload(kind="note")]
    )
    assert [r["status"] for r in results] == ["invalid", "created", "invalid"]
    assert "kind" in results[0]["errors"] and "note" in results[2]["errors"]
    assert list(SymptomReport.objects.values_list("id", flat=True).order_by()) == [
        __import__("uuid").UUID(good["id"])
    ]


def test_clinician_sees_the_red_flag_with_its_severity(client_for, alice, bob):
    sync(client_for(alice), [symptom_payload(red_flags=["saddle_numbness"])])
    listed = client_for(bob).get("/api/v1/symptoms/", {"patient": str(alice.pk)}).json()["results"]
    assert listed[0]["red_flags"] == ["saddle_numbness"] and listed[0]["severity"] == "emergency"


def test_correcting_a_report_keeps_the_previous_version(client_for, alice):
    client = client_for(alice)
    report = symptom_payload(nrs=5)
    sync(client, [report])
    assert client.patch(
        f"/api/v1/symptoms/{report['id']}/", {"nrs": 7}, format="json"
    ).json()["nrs"] == 7
    revisions = client.get(f"/api/v1/symptoms/{report['id']}/revisions/").json()
    assert [(r["version"], r["snapshot"]["nrs"]) for r in revisions] == [(1, 5)]
