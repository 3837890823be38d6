"""Clinicians enter pressures and tests; the service derives ABI, category, Fontaine stage,
posture effect and the phone's distance calibration, and keeps each earlier version."""

import pytest

from accounts.models import PatientProfile
from core.models import RecordRevision
from harness.payloads import walk_payload


@pytest.fixture
def bob_api(client_for, bob, alice):
    return client_for(bob)


def post(client, patient, segment, body):
    return client.post(f"/api/v1/patients/{patient.pk}/{segment}/", body, format="json")


def test_abi_uses_the_higher_ankle_and_arm_pressures(bob_api, alice):
    response = post(bob_api, alice, "abi", {
        "measured_at": "2026-03-02T09:00:00+01:00", "leg": "right",
        "brachial_left_mmhg": 130, "brachial_right_mmhg": 140,
        "dorsalis_pedis_mmhg": 98, "posterior_tibial_mmhg": 112,
    })
    assert response.status_code == 201, response.content
    body = response.json()
    # 112 / 140 = 0.80 -> PAD (<= 0.90)
    assert body["resting_abi"] == 0.8 and body["category"] == "pad"
    assert body["ankle_pressure_mmhg"] == 112
    assert body["interpretation"]["ankle_artery_used"] == "posterior_tibial"


def test_low_ankle_pressure_is_severe_even_with_a_moderate_abi(bob_api, alice):
    body = post(bob_api, alice, "abi", {
        "measured_at": "2026-03-02T09:00:00Z", "leg": "left", "brachial_left_mmhg": 95,
        "dorsalis_pedis_mmhg": 45,
    }).json()
    # 45 / 95 = 0.47: PAD by ratio, but an ankle pressure under 50 mmHg is limb-threatening.
    assert body["resting_abi"] == 0.47 and body["category"] == "severe"


def test_a_fall_after_exercise_means_pad_with_a_normal_resting_abi(bob_api, alice):
    body = post(bob_api, alice, "abi", {
        "measured_at": "2026-03-02T09:00:00Z", "leg": "left", "brachial_left_mmhg": 120,
        "dorsalis_pedis_mmhg": 125, "post_exercise_abi": 0.70, "abi_recovery_min": 8,
    }).json()
    # 125 / 120 = 1.04 normal at rest; 1.04 -> 0.70 is a 32.7 % fall (> 20 %): PAD on exercise.
    assert body["category"] == "normal"
    exercise = body["interpretation"]["exercise"]
    assert exercise["pad"] is True and exercise["abi_fall_percent"] == 32.7
    assert exercise["suggests_multilevel_disease"] is True


def test_missing_pressures_are_named(bob_api, alice):
    response = post(bob_api, alice, "abi", {"measured_at": "2026-03-02T09:00:00Z", "leg": "left"})
    assert response.status_code == 400
    assert {"brachial_left_mmhg", "dorsalis_pedis_mmhg"} <= set(response.json())
    response = post(bob_api, alice, "abi", {"measured_at": "2026-03-02T09:00:00Z", "leg": "left",
                                            "brachial_left_mmhg": 999, "dorsalis_pedis_mmhg": 90})
    assert response.status_code == 400 and "brachial_left_mmhg" in response.json()


def test_rutherford_history_shows_fontaine_beside_it(bob_api, alice):
    for when, category in (("2026-01-01T09:00:00Z", 2), ("2026-04-01T09:00:00Z", 4)):
        response = post(bob_api, alice, "rutherford", {"assessed_at": when, "category": category})
        assert response.status_code == 201
    history = bob_api.get(f"/api/v1/patients/{alice.pk}/rutherford/").json()
    assert [(r["category"], r["fontaine_stage"]) for r in history] == [(4, "III"), (2, "IIb")]
    assert post(bob_api, alice, "rutherford", {"assessed_at": "2026-04-01T09:00:00Z",
                                               "category": 7}).status_code == 400


def test_calibration_sets_the_patients_factor_from_the_median_of_recent_walks(bob_api, alice):
    for day, phone_m in ((1, 430.0), (2, 600.0), (3, 400.0)):
        post(bob_api, alice, "calibrations", {
            "recorded_at": f"2026-02-0{day}T10:00:00Z", "kind": "six_minute_walk",
            "measured_distance_m": 300.0, "phone_distance_m": phone_m,
        })
    # factors 0.698, 0.5, 0.75 -> median 0.698 (300 / 430)
    factor = PatientProfile.objects.get(user=alice).distance_calibration_factor
    assert factor == pytest.approx(300 / 430)


def test_posture_effect_in_percent(client_for, cora, alice):
    body = post(client_for(cora), alice, "posture-tests", {
        "performed_at": "2026-02-01T10:00:00Z", "kind": "shopping_cart", "measure": "distance_m",
        "upright_value": 120, "forward_value": 400,
    }).json()
    # (400 - 120) / 120 x 100 = 233.3 %
    assert body["effect_pct"] == pytest.approx(233.3)


def test_a_correction_keeps_the_previous_version_and_rederives(bob_api, alice, bob):
    record = post(bob_api, alice, "abi", {
        "measured_at": "2026-03-02T09:00:00Z", "leg": "left", "brachial_left_mmhg": 140,
        "dorsalis_pedis_mmhg": 140,
    }).json()
    url = f"/api/v1/patients/{alice.pk}/abi/{record['id']}/"
    corrected = bob_api.patch(url, {"dorsalis_pedis_mmhg": 112}, format="json").json()
    assert corrected["resting_abi"] == 0.8 and corrected["version"] == 2
    kept = RecordRevision.objects.get(record_id=record["id"])
    assert kept.snapshot["dorsalis_pedis_mmhg"] == 140 and kept.changed_by == bob


def test_walks_show_calibrated_distances_and_keep_the_raw_ones(bob_api, client_for, alice):
    patient_api = client_for(alice)
    walk = walk_payload(distance_m=860.0, pain_onset_m=430.0)
    patient_api.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
    before = patient_api.get(f"/api/v1/walks/{walk['id']}/").json()
    assert before["calibrated_distance_m"] == 860.0  # no calibration yet: factor 1

    post(bob_api, alice, "calibrations", {"recorded_at": "2026-02-01T10:00:00Z",
                                          "kind": "measured_course", "measured_distance_m": 300.0,
                                          "phone_distance_m": 430.0})
    listed = bob_api.get("/api/v1/walks/").json()["results"][0]
    assert listed["distance_m"] == 860.0 and listed["pain_onset_m"] == 430.0
    assert listed["calibrated_distance_m"] == 600.0 and listed["calibrated_pain_onset_m"] == 300.0
