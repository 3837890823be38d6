"""The trends API's numbers, worked by hand: censoring-aware medians, local-day buckets across
midnight, the baseline band and the change against it and against an exercise program."""

import random
from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import PatientProfile
from core.stats.censored import Observation, km_median, km_quantile
from core.versioning import record_delete
from insights.trends import patient_trends
from notifications.models import Alert
from programs.models import ExerciseProgram, ProgramPause
from records.models import AbiMeasurement
from records.services import clinic_record_create
from tests.support.factories import WalkFactory

PARIS = ZoneInfo("Europe/Paris")  # UTC+1 in winter


def walk(patient, at, *, distance, onset, stop="pain", nrs=None):
    return WalkFactory(patient=patient, started_at=at, distance_m=distance, pain_onset_m=onset,
                       stopped_because=stop, pain_nrs=nrs)


def paris(*args):
    return datetime(*args, tzinfo=PARIS)


def trends(client, patient, **params):
    response = client.get(f"/api/v1/patients/{patient.pk}/trends/", params)
    assert response.status_code == 200, response.content
    return response.json()


def the_five_walks(patient, day):
    """The example of test_censored_median_counts_walks_without_pain, as walks on one day.

    Pain-free: 100, 150+, 200, 300, 400+ -> S(100)=4/5, S(200)=8/15, S(300)=4/15: median 300.
    Maximal: 150+, 200, 400, 400+, 500 -> S(200)=3/4, S(400)=1/2 exactly: median (400+500)/2.
    """
    walk(patient, paris(*day, 9), distance=200, onset=100, nrs=4)
    walk(patient, paris(*day, 10), distance=150, onset=None, stop="goal_reached")
    walk(patient, paris(*day, 11), distance=400, onset=200, nrs=6)
    walk(patient, paris(*day, 12), distance=500, onset=300, nrs=8)
    walk(patient, paris(*day, 13), distance=400, onset=None, stop="fatigue")


def test_a_day_of_walks_with_and_without_pain(client_for, bob, alice):
    the_five_walks(alice, (2026, 1, 7))
    body = trends(client_for(bob), alice, **{"from": "2026-01-07", "to": "2026-01-07",
                                             "bucket": "day"})
    (day,) = body["buckets"]
    assert day["start"] == day["end"] == "2026-01-07"
    assert day["walks"] == 5 and day["walks_without_pain"] == 2
    # Dropping the pain-free walks, or counting them as values, would both give 200.
    assert day["pain_free_distance_m"] == {"value": 300, "censored": False}
    assert day["max_walking_distance_m"] == {"value": 450, "censored": False}
    assert day["total_distance_m"] == 1650
    assert day["mean_pain_nrs"] == 6.0


def test_mostly_pain_free_walks_give_a_flagged_lower_bound(client_for, bob, alice):
    walk(alice, paris(2026, 1, 8, 9), distance=500, onset=None, stop="goal_reached")
    walk(alice, paris(2026, 1, 8, 10), distance=800, onset=None, stop="goal_reached")
    walk(alice, paris(2026, 1, 8, 11), distance=400, onset=300)
    body = trends(client_for(bob), alice, **{"from": "2026-01-08", "to": "2026-01-08",
                                             "bucket": "day"})
    assert body["buckets"][0]["pain_free_distance_m"] == {"value": 800, "censored": True}


def test_days_are_the_patients_local_days_across_midnight(client_for, bob, alice):
    # 23:30 UTC on Sunday 11 January is 00:30 on Monday 12 in Paris: the next local day and week.
    walk(alice, datetime(2026, 1, 11, 23, 30, tzinfo=ZoneInfo("UTC")), distance=600, onset=300)
    # 22:30 UTC on Sunday is 23:30 on Sunday in Paris.
    walk(alice, datetime(2026, 1, 11, 22, 30, tzinfo=ZoneInfo("UTC")), distance=300, onset=100)
    client = client_for(bob)
    days = trends(client, alice, **{"from": "2026-01-11", "to": "2026-01-12", "bucket": "day"})
    assert [(b["start"], b["walks"], b["total_distance_m"]) for b in days["buckets"]] == [
        ("2026-01-11", 1, 300), ("2026-01-12", 1, 600)]
    weeks = trends(client, alice, **{"from": "2026-01-11", "to": "2026-01-12", "bucket": "week"})
    assert [(b["start"], b["end"], b["walks"]) for b in weeks["buckets"]] == [
        ("2026-01-05", "2026-01-11", 1), ("2026-01-12", "2026-01-18", 1)]


def test_months_follow_the_calendar(client_for, bob, alice):
    walk(alice, paris(2026, 1, 31, 23, 50), distance=300, onset=100)
    walk(alice, paris(2026, 2, 1, 0, 10), distance=500, onset=200)
    body = trends(client_for(bob), alice, **{"from": "2026-01-15", "to": "2026-02-03",
                                             "bucket": "month"})
    assert [(b["start"], b["end"], b["total_distance_m"]) for b in body["buckets"]] == [
        ("2026-01-01", "2026-01-31", 300), ("2026-02-01", "2026-02-28", 500)]


@pytest.fixture
def history(alice, bob):
    """Baseline weeks, a week before the program, a week of program (all pain at onset)."""
    for day, onset in ((5, 100), (6, 200), (13, 300), (14, 400)):
        walk(alice, paris(2026, 1, day, 10), distance=onset + 200, onset=onset)
    walk(alice, paris(2026, 2, 3, 10), distance=600, onset=300)
    walk(alice, paris(2026, 2, 4, 10), distance=250, onset=None, stop="goal_reached")
    walk(alice, paris(2026, 2, 10, 10), distance=700, onset=450)
    walk(alice, paris(2026, 2, 11, 10), distance=700, onset=450)
    return ExerciseProgram.objects.create(
        patient=alice, entered_by=bob, started_on=date(2026, 2, 9), sessions_per_week=3,
        minutes_per_session=45)


def test_baseline_band_and_changes_against_baseline_and_program(client_for, bob, alice, history):
    body = trends(client_for(bob), alice, **{"from": "2026-02-02", "to": "2026-02-15",
                                             "bucket": "week"})
    # First 28 days: 100, 200 (Jan 5-6), 300, 400 (Jan 13-14), all with pain. S = .75, .5, .25, 0;
    # where S sits exactly on the level the quantile is the midpoint of two events.
    band = body["baseline"]
    assert (band["from"], band["to"], band["walks"]) == ("2026-01-05", "2026-02-01", 4)
    assert band["pain_free_distance_m"] == {
        "median": {"value": 250, "censored": False},
        "q25": {"value": 150, "censored": False},
        "q75": {"value": 350, "censored": False},
    }
    # The 28 days before 9 February: 300, 400, 300 and 250 without pain. After the censored 250,
    # three at risk; two events at 300 leave S = 1/3: the median is 300.
    program = body["program"]
    assert program["started_on"] == "2026-02-09" and program["reference"]["walks"] == 4
    assert program["reference"]["pain_free_distance_m"] == {"value": 300, "censored": False}

    before, during = body["buckets"]
    # Week of 2 Feb: 250 without pain, then 300 with: median 300, +20 % on 250; before the program.
    assert before["pain_free_distance_m"] == {"value": 300, "censored": False}
    assert before["walks_without_pain"] == 1
    assert before["change_vs_baseline_pct"] == {"value": 20.0, "censored": False}
    assert before["change_vs_program_start_pct"] is None
    # Week of 9 Feb: 450 twice: +80 % on the baseline, +50 % since the program started.
    assert during["change_vs_baseline_pct"] == {"value": 80.0, "censored": False}
    assert during["change_vs_program_start_pct"] == {"value": 50.0, "censored": False}
    assert [(a["date"], a["kind"]) for a in body["annotations"]] == [
        ("2026-02-09", "program_start")]


def test_a_lower_bound_gives_a_lower_bound_change(client_for, bob, alice, history):
    walk(alice, paris(2026, 2, 17, 10), distance=500, onset=None, stop="goal_reached")
    body = trends(client_for(bob), alice, **{"from": "2026-02-17", "to": "2026-02-17",
                                             "bucket": "day"})
    (day,) = body["buckets"]
    assert day["pain_free_distance_m"] == {"value": 500, "censored": True}
    assert day["change_vs_baseline_pct"] == {"value": 100.0, "censored": True}


def test_trends_use_calibrated_distances(client_for, bob, alice):
    PatientProfile.objects.filter(user=alice).update(distance_calibration_factor=0.8)
    walk(alice, paris(2026, 1, 7, 10), distance=500, onset=300)
    body = trends(client_for(bob), alice, **{"from": "2026-01-07", "to": "2026-01-07",
                                             "bucket": "day"})
    (day,) = body["buckets"]
    assert day["pain_free_distance_m"]["value"] == 240
    assert day["total_distance_m"] == 400
    assert body["baseline"]["pain_free_distance_m"]["median"]["value"] == 240


def test_annotations_on_local_days_and_internal_alerts_only_for_carers(
        client_for, bob, alice, history):
    clinic_record_create(model=AbiMeasurement, patient=alice, entered_by=bob, data={
        "measured_at": datetime(2026, 2, 3, 23, 30, tzinfo=ZoneInfo("UTC")), "leg": "left",
        "brachial_left_mmhg": 140, "dorsalis_pedis_mmhg": 98})
    for kind, message in (("silence", ""), ("limb_threat", "Please call the clinic.")):
        Alert.objects.create(patient=alice, kind=kind, severity="warning", severity_rank=1,
                             title=f"{kind} title", patient_message=message,
                             as_of=paris(2026, 2, 5, 8))
    params = {"from": "2026-02-02", "to": "2026-02-08", "bucket": "week"}
    carer = trends(client_for(bob), alice, **params)["annotations"]
    assert [(a["date"], a["kind"], a.get("measurement")) for a in carer] == [
        ("2026-02-04", "measurement", "abi"), ("2026-02-05", "alert", None),
        ("2026-02-05", "alert", None)]
    mine = trends(client_for(alice), alice, **params)["annotations"]
    alerts = [a for a in mine if a["kind"] == "alert"]
    assert [a["label"] for a in alerts] == ["Please call the clinic."]


@pytest.mark.parametrize(("params", "field"), [
    ({"from": "2026-02-02", "to": "2026-01-02"}, "from"),
    ({"from": "2010-01-01", "to": "2026-01-02"}, "from"),
    ({"from": "1900-01-01"}, "from"),
    ({"to": "2026-01-02", "bucket": "day"}, None),
    ({"bucket": "year"}, "bucket"),
    ({"from": "02/01/2026"}, "from"),
])
def test_parameters_are_checked_and_bad_ones_answer_400_naming_the_field(
        client_for, bob, alice, params, field):
    response = client_for(bob).get(f"/api/v1/patients/{alice.pk}/trends/", params)
    if field is None:  # 'to' alone: the 90 days before it
        assert response.status_code == 200 and response.json()["from"] == "2025-10-05"
        return
    assert response.status_code == 400
    assert field in response.json()


def test_patients_read_their_own_trends_and_nobody_elses(client_for, alice, olga, eve):
    assert client_for(alice).get(f"/api/v1/patients/{alice.pk}/trends/").status_code == 200
    assert client_for(olga).get(f"/api/v1/patients/{alice.pk}/trends/").status_code == 404
    assert client_for(eve).get(f"/api/v1/patients/{alice.pk}/trends/").status_code == 404


def test_empty_buckets_are_kept_for_drawing(alice):
    body = patient_trends(patient=alice, start=date(2026, 1, 1), end=date(2026, 1, 3),
                          bucket="day")
    assert [b["walks"] for b in body["buckets"]] == [0, 0, 0]
    assert body["buckets"][0]["pain_free_distance_m"] is None and body["baseline"] is None


def test_km_quantiles_agree_with_the_median_and_flag_bounds():
    walks = [Observation(100, True), Observation(150, False), Observation(200, True),
             Observation(300, True), Observation(400, False)]
    assert km_quantile(walks, 0.5) == km_median(walks)
    assert km_quantile(walks, 0.25).value == 200  # S(100) = .8 > .75, S(200) = .53
    upper = km_quantile(walks, 0.75)  # S never falls below .25 -> lower bound
    assert upper.value == 400 and not upper.reached


def test_median_shortcuts_agree_with_the_kaplan_meier_curve():
    # km_median skips the curve for days with one walk, no censoring or no event at all.

    rng = random.Random(11)
    for _ in range(2000):
        event_share = rng.choice((0, 0.5, 1))  # buckets with no event, mixed, only events
        walks = [Observation(float(rng.randint(1, 6) * 100), rng.random() < event_share)
                 for _ in range(rng.randint(1, 8))]
        assert km_median(walks) == km_quantile(walks, 0.5), walks


def test_planned_pauses_are_annotated_with_their_span(client_for, bob, cora, alice, history):
    # history's program starts on Monday 9 February; one pause before the window, one across its
    # start, one inside, and one deleted.
    def pause(starts, ends, reason="holiday"):
        return ProgramPause.objects.create(program=history, patient=alice, entered_by=cora,
                                           starts_on=starts, ends_on=ends, reason=reason)

    pause(date(2026, 1, 20), date(2026, 1, 25))
    across = pause(date(2026, 2, 5), date(2026, 2, 11), "illness")
    inside = pause(date(2026, 2, 20), date(2026, 2, 22))
    record_delete(record=pause(date(2026, 2, 21), date(2026, 2, 21)), changed_by=cora)
    body = trends(client_for(bob), alice, **{"from": "2026-02-09", "to": "2026-02-22",
                                             "bucket": "week"})
    pauses = [a for a in body["annotations"] if a["kind"] == "program_pause"]
    assert [(a["id"], a["date"], a["starts_on"], a["ends_on"], a["reason"]) for a in pauses] == [
        (str(across.pk), "2026-02-05", "2026-02-05", "2026-02-11", "illness"),
        (str(inside.pk), "2026-02-20", "2026-02-20", "2026-02-22", "holiday"),
    ]
    assert all(a["program_id"] == str(history.pk) for a in pauses)
    assert pauses[0]["label"] == "Exercise program paused (illness), 2026-02-05 to 2026-02-11"
    # Annotations stay in date order: the pause that began before the window comes first.
    assert [a["kind"] for a in body["annotations"]] == [
        "program_pause", "program_start", "program_pause"]


def test_pauses_cost_one_query_whatever_their_number(client_for, bob, cora, alice, history):
    client = client_for(bob)
    params = {"from": "2026-02-02", "to": "2026-03-01", "bucket": "week"}

    def queries() -> int:
        with CaptureQueriesContext(connection) as ctx:
            trends(client, alice, **params)
        return len(ctx.captured_queries)

    without = queries()
    second = ExerciseProgram.objects.create(
        patient=alice, entered_by=bob, started_on=date(2026, 2, 16), sessions_per_week=3,
        minutes_per_session=30)
    for program in (history, second):
        for day in (17, 24):
            ProgramPause.objects.create(program=program, patient=alice, entered_by=cora,
                                        starts_on=date(2026, 2, day),
                                        ends_on=date(2026, 2, day + 1), reason="illness")
    assert queries() == without
