"""A symptomatic patient whose resting ABI is normal or borderline is offered an exercise ABI
(2024 ACC/AHA PAD guideline), until one is recorded for that measurement."""

from accounts.models import PatientProfile
from records.models import AbiMeasurement
from records.services import clinic_record_create, clinic_record_update
from tests.support.factories import WalkFactory


def abi(patient, clinician, *, ankle, leg="left", day=2, **extra):
    return clinic_record_create(model=AbiMeasurement, patient=patient, entered_by=clinician,
                                data={"measured_at": f"2026-03-{day:02d}T09:00:00+01:00",
                                      "leg": leg,
                                      "brachial_left_mmhg": 140, "dorsalis_pedis_mmhg": ankle,
                                      **extra})


def summary(client, patient):
    response = client.get(f"/api/v1/patients/{patient.pk}/summary/")
    assert response.status_code == 200, response.content
    return response.json()


def test_a_patient_with_painful_walks_and_a_normal_abi_is_offered_an_exercise_abi(
        client_for, bob, alice):
    WalkFactory(patient=alice)  # the factory's walks end in pain
    abi(alice, bob, ankle=150)  # ABI 1.07, normal
    body = summary(client_for(bob), alice)
    [suggestion] = body["exercise_abi_suggested"]
    assert suggestion["leg"] == "left" and suggestion["resting_abi"] == 1.07
    assert "exercise" in suggestion["reason"]
    assert body["abi"]["left"]["wifi_ischaemia_grade"] == 0


def test_the_prompt_goes_once_a_post_exercise_abi_is_recorded(client_for, bob, alice):
    PatientProfile.objects.filter(user=alice).update(suspected_cause="vascular")
    measurement = abi(alice, bob, ankle=130)  # ABI 0.93, borderline
    client = client_for(bob)
    assert [s["leg"] for s in summary(client, alice)["exercise_abi_suggested"]] == ["left"]
    clinic_record_update(record=measurement, changed_by=bob, data={"post_exercise_abi": 0.70})
    assert summary(client, alice)["exercise_abi_suggested"] == []
    # A later resting ABI without its own exercise test asks again.
    abi(alice, bob, ankle=132, day=20)
    assert [s["leg"] for s in summary(client, alice)["exercise_abi_suggested"]] == ["left"]


def test_no_prompt_for_pad_or_for_a_patient_without_symptoms(client_for, bob, alice):
    client = client_for(bob)
    abi(alice, bob, ankle=150)
    assert summary(client, alice)["exercise_abi_suggested"] == []  # no painful walk, cause unknown
    WalkFactory(patient=alice)
    abi(alice, bob, ankle=110, day=9)  # ABI 0.79, PAD already shown at rest
    assert summary(client, alice)["exercise_abi_suggested"] == []


def test_the_dashboard_shows_the_wifi_grade_and_the_prompt(client, bob, alice):
    WalkFactory(patient=alice)
    abi(alice, bob, ankle=150, toe_pressure_mmhg=45)
    client.force_login(bob)
    page = client.get(f"/patients/{alice.pk}/").content.decode()
    assert "Grade 1" in page and "by toe pressure" in page
    assert "Exercise ABI suggested, left leg" in page
    printed = client.get(f"/patients/{alice.pk}/summary/").content.decode()
    assert "Exercise ABI suggested, left leg" in printed
