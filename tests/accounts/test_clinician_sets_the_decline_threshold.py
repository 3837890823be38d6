"""A clinician sets a patient's decline alert threshold through the patient API; the detectors
then judge that patient by it."""

from datetime import UTC, datetime

from notifications.evaluation import PatientData, _pain_free_decline


def test_bob_sets_alices_threshold_and_can_clear_it(client_for, alice, bob):
    client = client_for(bob)
    url = f"/api/v1/patients/{alice.pk}/"
    assert client.get(url).json()["decline_threshold_pct"] is None

    response = client.patch(url, {"decline_threshold_pct": 25}, format="json")
    assert response.status_code == 200 and response.json()["decline_threshold_pct"] == 25
    alice.patient_profile.refresh_from_db()
    assert alice.patient_profile.decline_threshold_pct == 25

    response = client.patch(url, {"decline_threshold_pct": None}, format="json")
    assert response.status_code == 200 and response.json()["decline_threshold_pct"] is None


def test_a_threshold_out_of_range_is_refused_with_the_field_named(client_for, alice, bob):
    for value in (2, 90, "fifteen"):
        response = client_for(bob).patch(f"/api/v1/patients/{alice.pk}/",
                                         {"decline_threshold_pct": value}, format="json")
        assert response.status_code == 400 and "decline_threshold_pct" in response.json()
    alice.patient_profile.refresh_from_db()
    assert alice.patient_profile.decline_threshold_pct is None


def test_the_detector_reads_the_patients_threshold_before_the_clinics(client_for, alice, bob,
                                                                     clinic):
    clinic.decline_threshold_pct = 30
    clinic.save()
    client_for(bob).patch(f"/api/v1/patients/{alice.pk}/", {"decline_threshold_pct": 20},
                          format="json")
    alice.refresh_from_db()
    data = PatientData(patient=alice, time_zone="Europe/Paris", suspected_cause="vascular",
                       calibration_factor=1.0)
    conclusion = _pain_free_decline(data, datetime(2026, 5, 1, tzinfo=UTC))
    assert conclusion.met is None  # no walks yet; the threshold it would use is in the evidence
    assert (conclusion.evidence["threshold_pct"], conclusion.evidence["threshold_source"]) == (
        20, "patient")
