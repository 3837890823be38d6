"""GET /programs/{id}/progress/ beyond the progress tests: the walking distances of the patient's
walks against the typical gains of supervised exercise (said plainly not to be MCIDs), and the
questionnaires for the patient's cause, each verdict checked against values worked out by hand."""

from datetime import date

from accounts.models import PatientProfile
from programs.models import ExerciseProgram
from questionnaires.models import QuestionnaireResponse
from questionnaires.services import questionnaire_score
from tests.support.factories import WalkFactory

START = date(2026, 3, 2)
END = date(2026, 5, 24)  # 12 weeks: the last 14 days are 11-24 May


def program_of(patient, carer, started_on=START, ended_on=END):
    return ExerciseProgram.objects.create(patient=patient, entered_by=carer, started_on=started_on,
                                          ended_on=ended_on, sessions_per_week=3,
                                          minutes_per_session=30, weeks=12)


def walk(patient, day, distance_m, pain_onset_m, stopped_because="pain"):
    WalkFactory(patient=patient, started_at=f"{day}T10:00:00Z", distance_m=distance_m,
                pain_onset_m=pain_onset_m, stopped_because=stopped_because)


def answered(patient, instrument, at, answers):
    import uuid

    return QuestionnaireResponse.objects.create(
        id=uuid.uuid4(), patient=patient, instrument=instrument, answered_at=at, answers=answers,
        scores=questionnaire_score(instrument=instrument, answers=answers))


def progress(client, program):
    response = client.get(f"/api/v1/programs/{program.pk}/progress/")
    assert response.status_code == 200, response.content
    return response.json()


def by_measure(rows):
    return {row["measure"]: row for row in rows}


def test_walking_distances_are_set_against_the_typical_set_gains_not_mcids(client_for, alice,
                                                                           cora):
    program = program_of(alice, cora)
    # Before: pain at 100, 120, 140 m, every walk stopped by pain at 300, 320, 340 m.
    for day, onset, distance in (("2026-02-10", 100, 300), ("2026-02-17", 120, 320),
                                 ("2026-02-24", 140, 340)):
        walk(alice, day, distance, onset)
    walk(alice, "2026-01-20", 900, 800)  # 41 days before the start: outside the reference
    # The program's last 14 days: pain at 200, 210, 220 m, stopped at 480, 500, 520 m.
    for day, onset, distance in (("2026-05-12", 200, 480), ("2026-05-16", 210, 500),
                                 ("2026-05-20", 220, 520)):
        walk(alice, day, distance, onset)
    walk(alice, "2026-06-15", 2000, 1500)  # after the program ended: not its result

    body = progress(client_for(cora), program)
    walking = by_measure(body["walking"])
    pain_free, maximal = walking["pain_free_distance_m"], walking["max_walking_distance_m"]
    # Medians 120 -> 210 m: +90 m, at least the typical +81 m.
    assert (pain_free["reference"]["value"], pain_free["current"]["value"]) == (120, 210)
    assert pain_free["reference_from"] == "before_program"
    assert (pain_free["reference"]["from"], pain_free["current"]["to"]) == ("2026-02-02",
                                                                            "2026-05-24")
    assert (pain_free["change"], pain_free["typical_gain"]["reached"]) == (90, True)
    # Medians 320 -> 500 m: +180 m, at least the typical +156 m.
    assert (maximal["change"], maximal["typical_gain"]["reached"]) == (180, True)
    assert pain_free["typical_gain"]["is_mcid"] is False
    assert "Not an MCID" in pain_free["typical_gain"]["source"]
    # The progress tests keep their shape next to the new measures.
    assert {m["measure"] for m in body["measures"]} == {
        "claudication_onset_s", "peak_walking_s", "six_minute_walk_m"}


def test_calibration_and_censoring_change_the_walking_verdict(client_for, alice, cora):
    PatientProfile.objects.filter(user=alice).update(distance_calibration_factor=0.5)
    program = program_of(alice, cora)
    # No walk before the program: its first 14 days are the reference (2-15 March).
    walk(alice, "2026-03-03", 300, 100)
    walk(alice, "2026-03-05", 320, 120)
    walk(alice, "2026-03-09", 340, 140)
    # At the end, pain at 200, 210, 220 phone metres, but the walks stopped from fatigue.
    walk(alice, "2026-05-12", 480, 200, "fatigue")
    walk(alice, "2026-05-16", 500, 210, "fatigue")
    walk(alice, "2026-05-20", 520, 220, "fatigue")

    walking = by_measure(progress(client_for(cora), program)["walking"])
    pain_free, maximal = walking["pain_free_distance_m"], walking["max_walking_distance_m"]
    assert pain_free["reference_from"] == "program_first_weeks"
    # Calibrated x 0.5: 60 -> 105 m, +45 m, short of +81 m.
    assert (pain_free["reference"]["value"], pain_free["current"]["value"]) == (60, 105)
    assert (pain_free["change"], pain_free["typical_gain"]["reached"]) == (45, False)
    # Maximal: 160 m before; at the end no walk stopped for pain, so the median is only "at
    # least 260 m" (the longest walk): a change of at least +100 m, which cannot say whether
    # +156 m was reached.
    assert maximal["current"] == {**maximal["current"], "value": 260, "censored": True}
    assert (maximal["change"], maximal["change_is_lower_bound"]) == (100, True)
    assert maximal["typical_gain"]["reached"] is None


WIQ_DISTANCE = ("distance_indoors", "distance_50ft", "distance_150ft", "distance_300ft",
                "distance_600ft", "distance_900ft", "distance_1500ft")
WIQ_SPEED = ("speed_1_5mph", "speed_2mph", "speed_3mph", "speed_5mph")
WIQ_STAIRS = ("stairs_1_flight", "stairs_2_flights", "stairs_3_flights")


def wiq(distance, speed, stairs):
    return {**dict(zip(WIQ_DISTANCE, distance, strict=True)),
            **dict(zip(WIQ_SPEED, speed, strict=True)),
            **dict(zip(WIQ_STAIRS, stairs, strict=True))}


def vascuqol6(*items):
    return {f"item_{n}": value for n, value in enumerate(items, start=1)}


def test_a_vascular_patient_gets_wiq_and_vascuqol6_verdicts(client_for, alice, cora):
    PatientProfile.objects.filter(user=alice).update(suspected_cause="vascular")
    program = program_of(alice, cora)
    answered(alice, "wiq", "2025-10-01T09:00:00Z", wiq([4] * 7, [4] * 4, [4] * 3))  # > 90 days
    answered(alice, "wiq", "2026-02-25T09:00:00Z", wiq([2] * 7, [1] * 4, [2] * 3))
    answered(alice, "wiq", "2026-05-20T09:00:00Z", wiq([3] * 7, [3, 1, 1, 1], [4, 3, 2]))
    answered(alice, "wiq", "2026-07-01T09:00:00Z", wiq([0] * 7, [0] * 4, [0] * 3))  # long after
    answered(alice, "vascuqol6", "2026-03-05T09:00:00Z", vascuqol6(2, 2, 2, 3, 3, 2))  # 14
    answered(alice, "vascuqol6", "2026-05-21T09:00:00Z", vascuqol6(3, 3, 3, 3, 3, 2))  # 17
    answered(alice, "odi", "2026-03-01T09:00:00Z", dict.fromkeys(
        ("pain_intensity", "personal_care", "lifting", "walking", "sitting", "standing",
         "sleeping", "sex_life", "social_life", "travelling"), 2))

    scores = by_measure(progress(client_for(cora), program)["questionnaires"])
    assert set(scores) == {"wiq_distance", "wiq_speed", "wiq_stairs", "vascuqol6"}
    # Distance: every item 2 -> 3 of 4: 50.0 -> 75.0, +25 >= 21: large.
    assert (scores["wiq_distance"]["baseline"]["value"], scores["wiq_distance"]["latest"]["value"],
            scores["wiq_distance"]["verdict"]) == (50.0, 75.0, None)
    # Speed: 25.0 -> (1.5 x 3 + 2 + 3 + 5) / 46 = 31.5: +6.5, at least 5, below 13: small.
    assert (scores["wiq_speed"]["change"], scores["wiq_speed"]["verdict"]) == (6.5, None)
    # Stairs: 50.0 -> (4 + 2 x 3 + 3 x 2) / 24 = 66.7: +16.7, at least 13, below 21: moderate.
    assert (scores["wiq_stairs"]["change"], scores["wiq_stairs"]["verdict"]) == (16.7, None)
    # The WIQ's published MCIDs are not checked yet: the change is shown, no verdict is made up.
    assert scores["wiq_distance"]["mcid"]["large"] is None
    assert "no verified MCID" in scores["wiq_distance"]["mcid"]["rule"]
    # VascuQoL-6 14 -> 17 (baseline 3 days in): +3, at least the MID 2, below the SCB 4: small.
    assert (scores["vascuqol6"]["change"], scores["vascuqol6"]["verdict"]) == (3, "small")
    assert scores["vascuqol6"]["mcid"]["large"] == 4


def odi(total_sections):
    """Ten ODI sections whose answers add up to ``total_sections``."""
    sections = ("pain_intensity", "personal_care", "lifting", "walking", "sitting", "standing",
                "sleeping", "sex_life", "social_life", "travelling")
    answers, left = {}, total_sections
    for section in sections:
        answers[section] = min(5, left)
        left -= answers[section]
    return answers


def zcq(symptoms, function):
    answers = {f"symptom_{n}": value for n, value in enumerate(symptoms, start=1)}
    answers.update({f"function_{n}": value for n, value in enumerate(function, start=1)})
    return answers


def test_a_spinal_patient_gets_odi_and_zcq_verdicts_where_lower_is_better(client_for, alice,
                                                                          cora):
    PatientProfile.objects.filter(user=alice).update(suspected_cause="neurogenic")
    program = program_of(alice, cora)
    answered(alice, "odi", "2026-02-20T09:00:00Z", odi(20))  # 20 of 50: 40.0 %
    answered(alice, "odi", "2026-05-22T09:00:00Z", odi(16))  # 32.0 %
    answered(alice, "zcq", "2026-02-28T09:00:00Z", zcq([3] * 7, [3] * 5))
    answered(alice, "zcq", "2026-05-22T09:00:00Z", zcq([2] * 6 + [3], [3, 3, 3, 3, 2]))

    scores = by_measure(progress(client_for(cora), program)["questionnaires"])
    assert set(scores) == {"odi_pct", "zcq_symptom_severity", "zcq_physical_function"}
    odi_row = scores["odi_pct"]
    # 40 -> 32 %: 8 points better, under 10 points and under 30 % of 40 (12): not reached.
    assert (odi_row["change"], odi_row["improvement"], odi_row["verdict"]) == (-8, 8,
                                                                              "not_reached")
    assert odi_row["higher_is_better"] is False
    # Symptom severity 3.00 -> (6 x 2 + 3) / 7 = 2.14: 0.86 better, at least 0.5: reached.
    severity = scores["zcq_symptom_severity"]
    assert (severity["change"], severity["improvement"], severity["verdict"]) == (
        -0.86, 0.86, "reached")
    # Physical function 3.00 -> 14 / 5 = 2.80: 0.2 better, under 0.5: not reached.
    function = scores["zcq_physical_function"]
    assert (function["improvement"], function["verdict"]) == (0.2, "not_reached")
    assert "Spine 2024" in severity["mcid"]["source"]


def test_a_worse_odi_is_not_reached_and_an_unscored_response_is_skipped(client_for, alice, cora):
    PatientProfile.objects.filter(user=alice).update(suspected_cause="neurogenic")
    program = program_of(alice, cora)
    answered(alice, "odi", "2026-02-20T09:00:00Z", odi(10))  # 20.0 %
    answered(alice, "odi", "2026-05-01T09:00:00Z", odi(20))  # 40.0 %: worse
    # A response the scorer could not score (stored before scoring): no value, so not "latest".
    QuestionnaireResponse.objects.create(
        id="00000000-0000-0000-0000-000000000001", patient=alice, instrument="odi",
        answered_at="2026-05-20T09:00:00Z", answers={}, scores={})
    odi_row = by_measure(progress(client_for(cora), program)["questionnaires"])["odi_pct"]
    assert (odi_row["latest"]["value"], odi_row["improvement"], odi_row["verdict"]) == (
        40.0, -20.0, "not_reached")


def test_without_any_walk_or_score_nothing_is_judged(client_for, alice, cora):
    program = program_of(alice, cora, ended_on=None)
    body = progress(client_for(cora), program)
    assert body["cause"] is None  # unknown cause: every questionnaire is listed
    assert len(body["questionnaires"]) == 7
    assert all(row["verdict"] is None for row in body["questionnaires"])
    assert all(row["change"] is None and row["typical_gain"]["reached"] is None
               for row in body["walking"])
