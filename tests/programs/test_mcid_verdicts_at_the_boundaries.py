"""MCID verdicts against hand-computed changes, at and around each published threshold."""

import pytest

from programs.mcid import (
    CLAUDICATION_ONSET_MCID,
    PEAK_WALKING_MCID,
    SIX_MINUTE_WALK_MCID,
    VASCUQOL6_MCID,
    ZCQ_MCID_POINTS,
    mcid_verdict,
    odi_verdict,
    threshold_verdict,
)


@pytest.mark.parametrize(
    ("change", "verdict"),
    [(-40, "not_reached"), (0, "not_reached"), (34, "not_reached"), (35, "small"),
     (86, "small"), (87, "moderate"), (137, "moderate"), (138, "large"), (600, "large")],
)
def test_claudication_onset_time_small_35_moderate_87_large_138_s(change, verdict):
    assert mcid_verdict(change=change, mcid=CLAUDICATION_ONSET_MCID) == verdict


@pytest.mark.parametrize(
    ("before_s", "after_s", "verdict"),
    # 300 -> 337: +37 s, below 38; 300 -> 338: +38 small; 300 -> 395: +95 moderate;
    # 300 -> 451: +151 moderate; 300 -> 452: +152 large.
    [(300, 337, "not_reached"), (300, 338, "small"), (300, 394, "small"),
     (300, 395, "moderate"), (300, 451, "moderate"), (300, 452, "large")],
)
def test_peak_walking_time_small_38_moderate_95_large_152_s(before_s, after_s, verdict):
    assert mcid_verdict(change=after_s - before_s, mcid=PEAK_WALKING_MCID) == verdict


@pytest.mark.parametrize(
    ("change", "verdict"),
    # No moderate threshold is published for the 6-minute walk: 8 m small, 20 m large.
    [(7, "not_reached"), (7.9, "not_reached"), (8, "small"), (19.9, "small"), (20, "large")],
)
def test_six_minute_walk_small_8_large_20_m(change, verdict):
    assert mcid_verdict(change=change, mcid=SIX_MINUTE_WALK_MCID) == verdict


def test_no_change_to_judge_has_no_verdict():
    assert mcid_verdict(change=None, mcid=PEAK_WALKING_MCID) is None
    assert odi_verdict(before=None, after=20) is None


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    [
        (50, 40.1, "not_reached"),  # 9.9 points, 19.8 % of 50
        (50, 40, "reached"),  # 10 points
        (20, 14, "reached"),  # 6 points but 30 % of 20
        (20, 14.1, "not_reached"),  # 5.9 points, 29.5 %
        (30, 21, "reached"),  # 9 points = 30 % of 30
        (30, 21.2, "not_reached"),  # 8.8 points, 29.3 %
        (0, 0, "not_reached"),
        (40, 52, "not_reached"),  # worse
    ],
)
def test_odi_minimal_change_is_10_points_or_30_percent(before, after, verdict):
    assert odi_verdict(before=before, after=after) == verdict


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    # Whole-point sums: +1 below the MID, +2 and +3 small, +4 reaches the SCB (3.7): large.
    [(14, 15, "not_reached"), (14, 16, "small"), (14, 17, "small"), (14, 18, "large"),
     (18, 14, "not_reached")],
)
def test_vascuqol6_small_at_the_mid_2_large_at_the_scb_4_points(before, after, verdict):
    assert mcid_verdict(change=after - before, mcid=VASCUQOL6_MCID) == verdict


@pytest.mark.parametrize(
    ("before", "after", "verdict"),
    # ZCQ: lower is better; a fall of 0.5 points reaches it (3.00 -> 2.50), 0.49 does not.
    [(3.0, 2.5, "reached"), (3.0, 2.51, "not_reached"), (2.14, 3.0, "not_reached"),
     (4.43, 2.86, "reached")],
)
def test_zcq_subscale_is_reached_by_a_fall_of_half_a_point(before, after, verdict):
    improvement = round(before - after, 2)
    assert threshold_verdict(improvement=improvement, threshold=ZCQ_MCID_POINTS) == verdict
    assert threshold_verdict(improvement=None, threshold=ZCQ_MCID_POINTS) is None
