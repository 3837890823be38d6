"""Enrolling an address that already has an account elsewhere answers like any new address: the
clinician learns nothing, the person gets an invitation e-mail, and no data is linked or shown."""

import pytest

from accounts.models import ClinicInvitation, User
from tests.support.factories import PASSWORD

PROFILE = {"full_name": "Pat Walker", "date_of_birth": "1948-06-01", "sex": "male",
           "time_zone": "Europe/London", "suspected_cause": "vascular", "affected_side": "left"}


def enrol(client, email, **extra):
    return client.post("/api/v1/patients/", {"email": email, "password": "walk-every-day-42",
                                             **PROFILE, **extra}, format="json")


def observable(response):
    """What an attacker can compare: status, headers that matter, body keys and values except
    the generated id, the enrolment time and the address sent."""
    body = response.json()
    return (response.status_code, response["Content-Type"], sorted(body),
            {k: v for k, v in body.items() if k not in {"id", "date_joined", "email"}})


@pytest.fixture
def bob_client(client_for, bob, alice):
    return client_for(bob)


def test_an_address_of_another_clinics_patient_is_answered_like_a_new_one(bob_client, pete):
    new = enrol(bob_client, "brand.new@patients.example")
    taken = enrol(bob_client, "PETE@patients.example")
    assert new.status_code == 201, new.content
    assert observable(taken) == observable(new)
    assert taken.json()["email"] == "pete@patients.example"
    assert taken.json()["id"] != str(pete.pk)


def test_enrolling_the_same_address_again_answers_like_a_second_enrolment(bob_client, pete):
    new = [enrol(bob_client, "brand.new@patients.example") for _ in range(2)]
    taken = [enrol(bob_client, pete.email) for _ in range(2)]
    assert [r.status_code for r in new] == [r.status_code for r in taken] == [201, 400]
    assert new[1].json() == taken[1].json()


def test_the_same_holds_for_a_patient_of_another_team_in_the_same_clinic(bob_client, olga):
    assert observable(enrol(bob_client, olga.email)) == observable(
        enrol(bob_client, "another.new@patients.example"))


def test_bad_input_gets_the_same_error_for_a_taken_and_a_new_address(bob_client, pete):
    for extra in ({"password": "short"}, {"time_zone": "Mars/Base"}):
        new = enrol(bob_client, "third.new@patients.example", **extra)
        taken = enrol(bob_client, pete.email, **extra)
        assert new.status_code == taken.status_code == 400
        assert new.json() == taken.json()


def test_the_other_clinics_patient_gets_an_invitation_naming_only_the_inviting_clinic(
        bob_client, bob, pete, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrol(bob_client, pete.email)
        enrol(bob_client, pete.email)  # one invitation per clinician, not one per try
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [pete.email] and mail.reply_to == [bob.email]
    assert bob.clinic.name in mail.subject
    assert pete.clinic.name not in mail.subject + mail.body
    assert "Nothing from your account has been shared" in mail.body
    assert ClinicInvitation.objects.get().emailed_at is not None


def test_a_new_address_gets_no_invitation(bob_client, mailoutbox,
                                          django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrol(bob_client, "brand.new@patients.example")
    assert mailoutbox == [] and not ClinicInvitation.objects.exists()


def test_the_enrolling_clinician_cannot_reach_the_other_patient(bob_client, pete, api):
    answered = enrol(bob_client, pete.email).json()
    assert bob_client.get(f"/api/v1/patients/{answered['id']}/").status_code == 404
    assert bob_client.get(f"/api/v1/patients/{pete.pk}/").status_code == 404
    walks = bob_client.get(f"/api/v1/walks/?patient={pete.pk}")
    assert walks.status_code == 400 and "patient" in walks.json()  # not one of bob's patients
    listed = {row["email"] for row in bob_client.get("/api/v1/patients/").json()["results"]}
    assert pete.email not in listed
    # Pete's account is untouched: same clinic, same password, no team of bob's.
    pete.refresh_from_db()
    assert pete.clinic.name == "South Spine Centre"
    assert not pete.patient_care_teams.filter(clinic__name="North Vascular Clinic").exists()
    assert api.post("/api/v1/auth/login/", {"email": pete.email, "password": PASSWORD},
                    format="json").status_code == 200
    assert api.post("/api/v1/auth/login/", {"email": pete.email, "password": "walk-every-day-42"},
                    format="json").status_code == 401
    assert User.objects.filter(email__iexact=pete.email).count() == 1


def test_a_patient_the_clinician_already_sees_is_still_named_as_a_duplicate(bob_client, alice):
    response = enrol(bob_client, alice.email)
    assert response.status_code == 400 and "email" in response.json()
