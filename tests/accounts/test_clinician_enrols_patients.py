"""A clinician enrols a patient, who joins that clinician's care team and can then sign in."""

from accounts.models import PatientProfile, User
from tests.support.factories import CareTeamFactory, UserFactory


def enrol(client, **body):
    return client.post("/api/v1/patients/", body, format="json")


def test_enrolled_patient_joins_the_clinicians_team_and_can_sign_in(client_for, bob, alice, api):
    response = enrol(
        client_for(bob), email="New.Patient@Example.org", password="walk-every-day-42",
        date_of_birth="1950-03-02", sex="female", time_zone="Europe/Paris",
        suspected_cause="vascular", affected_side="left",
    )
    assert response.status_code == 201, response.content
    body = response.json()
    patient = User.objects.get(pk=body["id"])
    assert patient.email == "new.patient@example.org"
    assert patient.role == "patient" and patient.clinic == bob.clinic
    assert body["time_zone"] == "Europe/Paris" and body["suspected_cause"] == "vascular"
    assert patient.password.startswith(("argon2", "md5"))  # hashed, never stored as sent

    listed = {row["id"] for row in client_for(bob).get("/api/v1/patients/").json()["results"]}
    assert listed == {str(alice.pk), str(patient.pk)}

    login = api.post("/api/v1/auth/login/", {"email": "new.patient@example.org",
                                             "password": "walk-every-day-42"}, format="json")
    assert login.status_code == 200


def test_profile_fields_are_optional(client_for, bob, alice):
    response = enrol(client_for(bob), email="min@example.org", password="walk-every-day-42")
    assert response.status_code == 201
    profile = PatientProfile.objects.get(user_id=response.json()["id"])
    assert (profile.suspected_cause, profile.affected_side, profile.time_zone) == (
        "unknown", "unknown", "UTC")


def test_enrolment_errors_name_the_field(client_for, bob, alice):
    client = client_for(bob)
    cases = [
        ({"password": "walk-every-day-42"}, "email"),
        ({"email": "x@example.org"}, "password"),
        ({"email": "x@example.org", "password": "short"}, "password"),
        ({"email": alice.email, "password": "walk-every-day-42"}, "email"),
        ({"email": "x@example.org", "password": "walk-every-day-42", "time_zone": "Mars/Base"},
         "time_zone"),
        ({"email": "x@example.org", "password": "walk-every-day-42", "suspected_cause": "ghosts"},
         "suspected_cause"),
        ({"email": "x@example.org", "password": "walk-every-day-42", "date_of_birth": "2999-01-01"},
         "date_of_birth"),
    ]
    for body, field in cases:
        response = enrol(client, **body)
        assert response.status_code == 400, (body, response.content)
        assert field in response.json(), (body, response.json())
    assert not User.objects.filter(email="x@example.org").exists()


def test_a_clinician_cannot_enrol_into_a_team_that_is_not_theirs(client_for, bob, olga, alice):
    foreign_team = olga.patient_care_teams.get()
    response = enrol(client_for(bob), email="x@example.org", password="walk-every-day-42",
                     care_team=str(foreign_team.pk))
    assert response.status_code == 400 and "care_team" in response.json()


def test_a_clinician_without_a_team_gets_one(client_for, clinic):
    loner = UserFactory(email="loner@north.example", clinic=clinic, role="clinician")
    response = enrol(client_for(loner), email="y@example.org", password="walk-every-day-42")
    assert response.status_code == 201
    assert loner.care_teams.get().patients.filter(pk=response.json()["id"]).exists()


def test_chosen_team_is_used(client_for, bob, alice, clinic):
    second = CareTeamFactory(clinic=clinic, name="Bob's second team")
    second.members.add(bob)
    response = enrol(client_for(bob), email="z@example.org", password="walk-every-day-42",
                     care_team=str(second.pk))
    assert response.status_code == 201
    assert list(User.objects.get(pk=response.json()["id"]).patient_care_teams.all()) == [second]
