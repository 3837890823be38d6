"""GET /programs/{id}/progress/: each measure at the program's start and now, the change and its
MCID verdict, picked by the patient's local day; outsiders get 404 and carers' reads are logged."""

from datetime import date

from accounts.models import PatientProfile
from programs.models import ExerciseProgram, ProgressTest
from tests.support.audit import patient_events


def program_of(patient, carer, started_on=date(2026, 3, 2), ended_on=None):
    return ExerciseProgram.objects.create(patient=patient, entered_by=carer,
                                          started_on=started_on, ended_on=ended_on,
                                          sessions_per_week=3, minutes_per_session=45)


def treadmill(patient, carer, at, cot, pwt):
    return ProgressTest.objects.create(patient=patient, entered_by=carer, performed_at=at,
                                       kind="graded_treadmill", protocol="gardner",
                                       claudication_onset_s=cot, peak_walking_s=pwt)


def six_minute(patient, carer, at, distance_m, pain_onset_m=None):
    return ProgressTest.objects.create(patient=patient, entered_by=carer, performed_at=at,
                                       kind="six_minute_walk", distance_m=distance_m,
                                       pain_onset_m=pain_onset_m)


def progress(client, program):
    response = client.get(f"/api/v1/programs/{program.pk}/progress/")
    assert response.status_code == 200, response.content
    return {row["measure"]: row for row in response.json()["measures"]}


def test_week_12_against_the_start_earns_hand_computed_verdicts(client_for, alice, cora, bob):
    program = program_of(alice, cora)
    treadmill(alice, cora, "2026-02-20T10:00:00Z", 120, 300)  # older: not the baseline
    start = treadmill(alice, cora, "2026-02-27T10:00:00Z", 150, 330)
    treadmill(alice, cora, "2026-04-10T10:00:00Z", 200, 400)
    latest = treadmill(alice, cora, "2026-05-22T10:00:00Z", 240, 482)
    six_minute(alice, cora, "2026-03-09T10:00:00Z", 340, 120)  # 7 days in: the baseline
    six_minute(alice, cora, "2026-05-22T11:00:00Z", 359, 200)

    measures = progress(client_for(bob), program)
    cot, pwt, walk = (measures[m] for m in ("claudication_onset_s", "peak_walking_s",
                                            "six_minute_walk_m"))
    assert cot["baseline"]["test_id"] == str(start.pk)
    assert cot["latest"]["test_id"] == str(latest.pk)
    # COT 240 - 150 = +90 s: at least 87 (moderate), below 138 (large).
    assert (cot["change"], cot["verdict"]) == (90, "moderate")
    # PWT 482 - 330 = +152 s: exactly the large threshold.
    assert (pwt["change"], pwt["verdict"]) == (152, "large")
    # 6-minute walk 359 - 340 = +19 m: at least 8 (small), below 20 (large).
    assert (walk["change"], walk["verdict"]) == (19, "small")
    assert walk["mcid"] == {"small": 8, "moderate": None, "large": 20, "unit": "m",
                            "source": walk["mcid"]["source"]}
    assert "Vasc Med 2018" in cot["mcid"]["source"]
    assert ("bob@north.example", "alice@patients.example", "exerciseprogram.progress",
            "success") in patient_events()


def test_the_start_is_the_patients_local_day(client_for, alice, cora):
    # In Auckland (UTC+13 in March) 20:00 UTC is already 09:00 the next day: by UTC days the
    # second test would fall on the first day and become the baseline.
    PatientProfile.objects.update_or_create(user=alice, defaults={"time_zone": "Pacific/Auckland"})
    program = program_of(alice, cora, started_on=date(2026, 3, 1))
    first_day = treadmill(alice, cora, "2026-02-28T20:00:00Z", 100, 200)  # 1 March, 09:00 NZ
    treadmill(alice, cora, "2026-03-01T20:00:00Z", 110, 210)  # 2 March NZ: after the start
    measures = progress(client_for(cora), program)
    assert measures["peak_walking_s"]["baseline"]["test_id"] == str(first_day.pk)
    assert measures["peak_walking_s"]["change"] == 10


def test_no_test_near_the_start_means_no_verdict(client_for, alice, cora):
    program = program_of(alice, cora)
    treadmill(alice, cora, "2026-03-17T10:00:00Z", 100, 200)  # 15 days after: too late
    treadmill(alice, cora, "2026-05-20T10:00:00Z", 300, 500)
    measures = progress(client_for(cora), program)
    assert measures["peak_walking_s"]["baseline"] is None
    assert measures["peak_walking_s"]["verdict"] is None
    assert measures["six_minute_walk_m"]["latest"] is None


def test_a_claudication_free_test_is_a_lower_bound(client_for, alice, cora):
    program = program_of(alice, cora)
    treadmill(alice, cora, "2026-03-01T10:00:00Z", 200, 400)
    treadmill(alice, cora, "2026-05-20T10:00:00Z", None, 300)  # no claudication in 300 s
    cot = progress(client_for(cora), program)["claudication_onset_s"]
    # Onset at least 300 s: a change of at least +100 s, so at least moderate (87).
    assert cot["latest"] == {**cot["latest"], "value": 300, "censored": True}
    assert (cot["change"], cot["change_is_lower_bound"], cot["verdict"]) == (100, True,
                                                                            "moderate")

    other = program_of(alice, cora, started_on=date(2026, 6, 1))
    treadmill(alice, cora, "2026-06-01T10:00:00Z", None, 500)  # censored start: no bound
    treadmill(alice, cora, "2026-08-20T10:00:00Z", 450, 700)
    cot = progress(client_for(cora), other)["claudication_onset_s"]
    assert cot["baseline"]["censored"] is True
    assert (cot["change"], cot["verdict"]) == (None, None)


def test_tests_long_after_the_program_ended_are_not_its_result(client_for, alice, cora):
    program = program_of(alice, cora, ended_on=date(2026, 5, 24))
    treadmill(alice, cora, "2026-03-01T10:00:00Z", 100, 300)
    end = treadmill(alice, cora, "2026-06-05T10:00:00Z", 140, 340)  # 12 days after the end
    treadmill(alice, cora, "2026-09-01T10:00:00Z", 60, 200)
    pwt = progress(client_for(cora), program)["peak_walking_s"]
    assert pwt["latest"]["test_id"] == str(end.pk) and pwt["verdict"] == "small"


def test_deleted_programs_and_outsiders_get_404(client_for, alice, cora, eve, olga):
    program = program_of(alice, cora)
    assert client_for(eve).get(f"/api/v1/programs/{program.pk}/progress/").status_code == 404
    assert client_for(olga).get(f"/api/v1/programs/{program.pk}/progress/").status_code == 404
    assert client_for(alice).get(f"/api/v1/programs/{program.pk}/progress/").status_code == 200
    ExerciseProgram.objects.filter(pk=program.pk).update(deleted_at="2026-04-01T00:00:00Z")
    assert client_for(cora).get(f"/api/v1/programs/{program.pk}/progress/").status_code == 404
