"""A clinic keeps program templates (two standard ones to start); a coordinator or clinician of
the patient's care team enrols the patient from one and may adjust it."""

from programs.models import ExerciseProgram, ProgramTemplate
from programs.services import program_templates_seed
from tests.support.audit import patient_events


def templates_of(clinic):
    return {t.name: t for t in program_templates_seed(clinic=clinic)}


def enrol(client, patient, body):
    return client.post(f"/api/v1/patients/{patient.pk}/programs/", body, format="json")


def test_a_clinic_starts_with_vascular_set_and_the_neurogenic_home_program(client_for, cora,
                                                                            alice, clinic):
    templates_of(clinic)
    program_templates_seed(clinic=clinic)  # seeding again adds nothing
    response = client_for(cora).get("/api/v1/program-templates/")
    assert response.status_code == 200
    by_name = {t["name"]: t for t in response.json()}
    assert set(by_name) == {"Vascular SET", "Neurogenic home program"}
    vascular = by_name["Vascular SET"]
    assert (vascular["weeks"], vascular["sessions_per_week"], vascular["minutes_per_session"],
            vascular["minutes_per_session_final"]) == (12, 3, 30, 45)
    assert (vascular["target_pain_min"], vascular["target_pain_max"]) == (3, 4)
    assert vascular["mode"] == "supervised" and "Circulation 2017;135:e726" in vascular["evidence"]
    home = by_name["Neurogenic home program"]
    assert home["mode"] == "home" and home["days_of_week"] == [1, 2, 3, 4, 5, 6, 7]
    assert any("Cycling 20 minutes" in line for line in home["exercises"])


def test_coordinator_enrols_from_a_template_and_adjusts_the_days(client_for, cora, alice,
                                                                 clinic):
    vascular = templates_of(clinic)["Vascular SET"]
    response = enrol(client_for(cora), alice, {
        "template": str(vascular.pk), "started_on": "2026-03-02", "days_of_week": [2, 4, 6],
        "mode": "mixed"})
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["template"] == str(vascular.pk)
    assert (body["weeks"], body["sessions_per_week"], body["minutes_per_session"],
            body["minutes_per_session_final"]) == (12, 3, 30, 45)
    assert body["days_of_week"] == [2, 4, 6] and body["mode"] == "mixed"
    assert ("cora@north.example", "alice@patients.example", "exerciseprogram.create",
            "success") in patient_events()


def test_a_template_of_another_clinic_cannot_be_used(client_for, bob, alice, other_clinic):
    foreign = templates_of(other_clinic)["Vascular SET"]
    response = enrol(client_for(bob), alice, {"template": str(foreign.pk),
                                             "started_on": "2026-03-02"})
    assert response.status_code == 400 and "template" in response.json()
    assert not ExerciseProgram.objects.exists()


def test_without_a_template_the_dose_is_required_and_the_days_must_match_it(client_for, bob,
                                                                          alice):
    client = client_for(bob)
    missing = enrol(client, alice, {"started_on": "2026-03-02"})
    assert missing.status_code == 400
    assert set(missing.json()) >= {"sessions_per_week", "minutes_per_session"}
    wrong_days = enrol(client, alice, {"started_on": "2026-03-02", "sessions_per_week": 3,
                                       "minutes_per_session": 30, "days_of_week": [1, 2]})
    assert wrong_days.status_code == 400 and "days_of_week" in wrong_days.json()
    bad_day = enrol(client, alice, {"started_on": "2026-03-02", "sessions_per_week": 1,
                                    "minutes_per_session": 30, "days_of_week": [8]})
    assert bad_day.status_code == 400 and "days_of_week" in bad_day.json()


def test_a_patient_cannot_enrol_and_cannot_read_templates(client_for, alice, clinic):
    vascular = templates_of(clinic)["Vascular SET"]
    client = client_for(alice)
    assert enrol(client, alice, {"template": str(vascular.pk),
                                 "started_on": "2026-03-02"}).status_code == 403
    assert client.get("/api/v1/program-templates/").status_code == 403


def test_a_clinic_adds_its_own_template_once_per_name(client_for, bob, eve, clinic):
    body = {"name": "Hospital walking group", "sessions_per_week": 2, "minutes_per_session": 40,
            "weeks": 8, "days_of_week": [2, 4]}
    created = client_for(bob).post("/api/v1/program-templates/", body, format="json")
    assert created.status_code == 201, created.content
    again = client_for(bob).post("/api/v1/program-templates/", body, format="json")
    assert again.status_code == 400 and "name" in again.json()
    # Another clinic neither sees it nor reads it.
    assert client_for(eve).get(f"/api/v1/program-templates/{created.json()['id']}/"
                               ).status_code == 404
    assert ProgramTemplate.objects.filter(clinic=clinic, name=body["name"]).count() == 1
