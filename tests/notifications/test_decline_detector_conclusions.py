"""What the distance decline detectors conclude, on plain data: censored walks, too little data,
thresholds, severity, and the same answer whenever a day is judged."""

from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest

from core.stats.censored import Observation, logrank_test_stratified
from notifications.detectors.decline import (
    MAX_P_SHIFT,
    MAX_WALKING,
    PAIN_FREE,
    DeclineWalk,
    decline_title,
    distance_decline,
    threshold_effective,
)

DAY0 = datetime(2026, 2, 2, 10, 0, tzinfo=UTC)  # baseline from here, recent from day 56
# Day-to-day variation: the factors cycle, so every two weeks cover the same spread (CV ~15 %).
SPREAD = (0.8, 1.1, 0.95, 1.2, 0.85, 1.05, 0.9, 1.15, 1.0, 0.75, 1.25)


def walks_with_pain(level_m, days, *, prefix="w", hour=10):
    return [DeclineWalk(f"{prefix}{day}", DAY0 + timedelta(days=day, hours=hour - 10),
                        round(level_m * SPREAD[day % len(SPREAD)] * 1.4, 1),
                        round(level_m * SPREAD[day % len(SPREAD)], 1), "pain")
            for day in days]


def pain_free_walks(distance_m, days, *, prefix="c", hour=15):
    return [DeclineWalk(f"{prefix}{day}", DAY0 + timedelta(days=day, hours=hour - 10), distance_m,
                        None, "goal_reached") for day in days]


BASELINE = walks_with_pain(400, range(56))
END = DAY0 + timedelta(days=69, hours=12)  # the 14th day of the recent window


def judge(walks, measure=PAIN_FREE, as_of=END, **kwargs):
    return distance_decline(sorted(walks, key=lambda w: w.started_at), measure=measure,
                            as_of=as_of, **kwargs)


def test_a_sustained_drop_is_a_decline_with_its_evidence():
    recent = walks_with_pain(250, range(56, 70), prefix="r")
    result = judge(BASELINE + recent)
    assert result.met is True and result.severity == "urgent"  # about 36 % >= twice 15 %
    evidence = result.evidence
    # The spread cycles over 11 days, so 14 days' median sits a little off the level.
    assert evidence["baseline"]["median_m"] == 400 and evidence["recent"]["median_m"] == 256.2
    assert evidence["drop_pct"] == 35.9 and evidence["threshold_source"] == "default"
    assert evidence["windows"] == {"baseline": ["2026-02-02", "2026-03-29"],
                                   "recent": ["2026-03-30", "2026-04-12"]}
    assert evidence["recent"]["walk_ids"] == [w.walk_id for w in recent]
    assert evidence["shift_p_one_sided"] < MAX_P_SHIFT and evidence["baseline"]["walks"] == 56
    assert decline_title(result).startswith("Pain-free walking distance down 36 %: median 256 m")


def test_day_to_day_variation_around_a_stable_level_is_not_a_decline():
    result = judge(walks_with_pain(400, range(70)))
    assert result.met is False and abs(result.drop_pct) < 7.5


def test_a_drop_past_the_threshold_that_could_be_noise_is_undecided():
    # The recent median is 20 % down, but the walks spread far beyond the baseline's range.
    onsets_m = [120, 180, 240, 290, 320, 330, 520, 600, 650, 700]
    recent = [DeclineWalk(f"r{i}", DAY0 + timedelta(days=58 + i), onset * 1.4, onset, "pain")
              for i, onset in enumerate(onsets_m)]
    result = judge(BASELINE + recent)
    assert result.drop_pct >= 15 and result.evidence["shift_p_one_sided"] >= MAX_P_SHIFT
    assert result.met is None  # leaves an episode as it was: no alert, and no clearing either


def test_pain_free_walks_count_as_at_least_their_distance():
    # Recent: ten walks with pain at ~280 m and twelve long walks without pain. Most recent walks
    # went further than 280 m without pain: the median is not reached and there is no decline.
    painful = walks_with_pain(280, range(56, 66), prefix="r")
    long_pain_free = pain_free_walks(700, range(56, 68))
    result = judge(BASELINE + painful + long_pain_free)
    assert result.met is False and result.evidence["recent"]["median_reached"] is False
    assert result.evidence["recent"]["censored"] == 12
    # Dropping the pain-free walks would have seen a decline.
    assert judge(BASELINE + painful).met is True


def test_short_pain_free_walks_are_not_taken_as_short_pain_free_distances():
    # Recent: pain at the usual ~400 m, and errands of 150 m that ended before pain came.
    usual = walks_with_pain(400, range(56, 70), prefix="r")
    errands = (pain_free_walks(150, range(56, 70))
               + pain_free_walks(150, range(56, 70), prefix="e", hour=17))
    assert judge(BASELINE + usual + errands).met is False
    # Taking each errand as a pain-free distance of 150 m would have seen a steep decline.
    as_values = [replace(w, pain_onset_m=w.distance_m, stopped_because="pain") for w in errands]
    assert judge(BASELINE + usual + as_values).met is True


@pytest.mark.parametrize("walks, window", [
    # One week of baseline: seven walks.
    (BASELINE[-7:] + walks_with_pain(250, range(56, 70), prefix="r"), "baseline"),
    # Seven walks in the recent two weeks.
    (BASELINE + walks_with_pain(250, range(56, 70, 2), prefix="r"), "recent"),
    # Enough walks, but most without pain: too few with the event to judge.
    (BASELINE + walks_with_pain(250, range(56, 60), prefix="r")
     + pain_free_walks(100, range(60, 70)), "recent"),
])
def test_too_little_data_gives_no_conclusion(walks, window):
    result = judge(walks)
    assert result.met is None and f"not enough data in the {window} window" in result.reason


def test_threshold_and_severity_follow_the_size_of_the_drop():
    walks = BASELINE + walks_with_pain(260, range(56, 70), prefix="r")  # 35 % down
    assert judge(walks).severity == "urgent"
    by_clinic = judge(walks, threshold_pct=20, threshold_source="clinic")
    assert by_clinic.severity == "warning" and by_clinic.evidence["threshold_source"] == "clinic"
    assert judge(walks, threshold_pct=40).met is None  # past half the threshold: undecided
    assert judge(walks, threshold_pct=75).met is False


def test_the_threshold_is_the_patients_else_the_clinics_else_15_percent():
    assert threshold_effective(25, 10) == (25.0, "patient")
    assert threshold_effective(None, 10) == (10.0, "clinic")
    assert threshold_effective(None, None) == (15.0, "default")


def test_maximal_walking_distance_counts_walks_not_stopped_by_pain_as_censored():
    recent = [replace(w, distance_m=w.distance_m * 0.6)
              for w in walks_with_pain(400, range(56, 70), prefix="r")]
    assert judge(BASELINE + recent, measure=MAX_WALKING).met is True
    # The same short walks ended by fatigue say nothing about the distance pain would stop them.
    tired = [replace(w, stopped_because="fatigue") for w in recent]
    result = judge(BASELINE + tired, measure=MAX_WALKING)
    assert result.met is None and "not enough data in the recent window" in result.reason


def test_a_day_judged_at_its_end_is_dated_at_the_walk_that_tipped_it():
    # Live, the day is judged after each walk; synced late, once at the end of the day.
    recent = walks_with_pain(250, range(56, 69), prefix="r")
    tipping_day = next(day for day in range(56, 69)
                       if judge(BASELINE + recent, as_of=DAY0 + timedelta(days=day, hours=1)).met)
    morning = DAY0 + timedelta(days=tipping_day)
    extra = walks_with_pain(250, [tipping_day], prefix="late", hour=17)
    live = judge(BASELINE + recent + extra, as_of=morning)
    late = judge(BASELINE + recent + extra, as_of=DAY0 + timedelta(days=tipping_day, hours=13))
    assert live.met and late.met and live.as_of == late.as_of == morning


def test_pain_from_the_first_step_has_no_distance_to_lose():
    at_once = [replace(w, pain_onset_m=0.0) for w in BASELINE + walks_with_pain(250, range(56, 70))]
    result = judge(at_once)
    assert result.met is False and result.reason == "baseline median is 0 m"


def test_walks_after_the_judgement_time_are_ignored():
    recent = walks_with_pain(250, range(56, 70), prefix="r")
    assert not judge(BASELINE + recent, as_of=DAY0 + timedelta(days=55, hours=12)).met


def test_logrank_in_one_stratum_against_a_hand_worked_example():
    # A: events at 100 and 300; B: events at 200 and 400, censored at 250.
    # O_A = 2; E_A = 2/5 + 1/4 + 1/2 = 1.15; V = 0.24 + 0.1875 + 0.25 = 0.6775.
    a = [Observation(100, True), Observation(300, True)]
    b = [Observation(200, True), Observation(250, False), Observation(400, True)]
    test = logrank_test_stratified([("flat", o) for o in a], [("flat", o) for o in b])
    assert test.observed_a == 2 and abs(test.expected_a - 1.15) < 1e-9
    assert abs(test.z - 0.85 / 0.6775 ** 0.5) < 1e-9 and 0.14 < test.p_one_sided < 0.16


def test_a_steady_fall_is_found_before_the_medians_are_a_threshold_apart():
    # 3 % a week from day 14 on: ten weeks later the recent median is about 13 % below the
    # baseline one, under the 15 % threshold, but the slope over the ten weeks is clear.
    def level(day):
        return 400 * (1 - 0.03 / 7 * max(0, day - 14))

    walks = [DeclineWalk(f"g{day}", DAY0 + timedelta(days=day),
                         round(level(day) * SPREAD[day % len(SPREAD)] * 1.4, 1),
                         round(level(day) * SPREAD[day % len(SPREAD)], 1), "pain")
             for day in range(70)]
    result = judge(walks)
    assert result.met is True and result.reason == "declining steadily"
    assert result.drop_pct < 15 and result.evidence["trend_p_one_sided"] < 0.001
    # The same walks in a shuffled order of days show no trend and no alert.
    shuffled = [replace(w, started_at=DAY0 + timedelta(days=(day * 29) % 70))
                for day, w in enumerate(walks)]
    assert not judge(shuffled).met


def test_both_distances_are_tested_together_where_both_have_the_data():
    recent = walks_with_pain(300, range(56, 70), prefix="r")  # 25 % down, both distances
    both = judge(BASELINE + recent)
    assert both.evidence["measures_tested"] == [PAIN_FREE, MAX_WALKING]
    # Without a maximal distance (every walk stopped for fatigue) only the pain-free one counts.
    tired = [replace(w, stopped_because="fatigue") for w in BASELINE + recent]
    alone = judge(tired)
    assert alone.evidence["measures_tested"] == [PAIN_FREE]
    assert both.met is True and both.evidence["shift_z"] >= alone.evidence["shift_z"]

