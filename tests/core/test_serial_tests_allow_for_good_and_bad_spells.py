"""The day-series tests behind decline detection: censored distances as log-rank scores, and
variances widened when one day is like the next (``core.stats.serial``)."""

import random

import pytest

from core.stats.censored import Observation
from core.stats.serial import logrank_scores, long_run_variance_factor, shift_test, trend_test


def test_logrank_scores_against_a_hand_worked_example():
    # Distances 100 (event), 200 (censored), 300 (event), 400 (event); at risk 4, -, 2, 1.
    # Nelson-Aalen: H(100) = 1/4, H(200) = 1/4, H(300) = 1/4 + 1/2, H(400) = 1/4 + 1/2 + 1.
    observations = [Observation(300, True), Observation(100, True), Observation(400, True),
                    Observation(200, False)]
    assert logrank_scores(observations) == pytest.approx([0.25, 0.75, -0.75, -0.25])
    assert sum(logrank_scores(observations)) == pytest.approx(0)


def test_a_censored_walk_at_the_same_distance_as_an_event_is_still_at_risk_there():
    scores = logrank_scores([Observation(100, False), Observation(100, True)])
    # One event with both at risk: H = 1/2; the event scores 1/2, the censoring -1/2.
    assert scores == pytest.approx([-0.5, 0.5])


def spells(days, seed=1):
    """A series in runs of four like days: bad and good spells."""
    rng = random.Random(seed)
    values = []
    while len(values) < days:
        values += [rng.gauss(0, 1)] * 4
    return list(enumerate(values[:days]))


def test_spells_of_like_days_widen_the_variance_and_independent_days_do_not():
    assert long_run_variance_factor(spells(70)) > 2
    rng = random.Random(2)
    assert long_run_variance_factor([(d, rng.gauss(0, 1)) for d in range(70)]) < 1.3


def test_days_apart_on_the_calendar_are_not_taken_as_neighbours():
    # The same spells, with the walking days spread one week apart: no two days are within the
    # three-day lag window, so nothing is widened.
    series = [(day * 7, value) for day, value in spells(40)]
    assert long_run_variance_factor(series) == 1.0


def test_a_bad_spell_at_the_end_is_weaker_evidence_than_the_same_days_taken_one_by_one():
    # Eight weeks of spells, then a fortnight whose mean is one spell-sized step higher.
    series = [(d, v, False) for d, v in spells(56)] + [
        (d, v + 1.0, True) for d, v in spells(70, seed=3)[56:]]
    widened, naive = shift_test(series), shift_test(series, long_run=False)
    assert widened.variance_factor > 1.5 and naive.variance_factor == 1.0
    assert widened.z < naive.z and widened.p_one_sided > naive.p_one_sided


def test_a_steady_rise_is_a_trend_and_a_flat_series_is_not():
    rng = random.Random(4)
    rising = [(d, 0.05 * d + rng.gauss(0, 0.5)) for d in range(70)]
    flat = [(d, rng.gauss(0, 0.5)) for d in range(70)]
    assert trend_test(rising).p_one_sided < 0.001
    assert trend_test(flat).p_one_sided > 0.01


def test_too_short_a_series_gives_no_evidence():
    assert shift_test([(0, 1.0, False), (1, 2.0, True)]).p_one_sided == 0.5
    assert trend_test([(0, 1.0), (1, 2.0)]).p_one_sided == 0.5
