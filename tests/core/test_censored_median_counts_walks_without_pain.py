"""The Kaplan-Meier median treats a walk without pain as 'at least this far', worked by hand."""

from types import SimpleNamespace

from core.stats.censored import Observation, km_median, km_survival, pain_free_observations


def test_without_censoring_it_is_the_ordinary_median():
    result = km_median([Observation(d, True) for d in (400, 100, 300, 200)])
    assert result.reached and result.value == 250 and result.n_censored == 0


def test_walks_without_pain_pull_the_median_up_instead_of_being_dropped():
    # At risk 5: S(100)=4/5; 150 censored leaves 3 at risk; S(200)=4/5*2/3=0.533; S(300)=0.267.
    walks = [Observation(100, True), Observation(150, False), Observation(200, True),
             Observation(300, True), Observation(400, False)]
    curve = km_survival(walks)
    assert [d for d, _ in curve] == [100, 200, 300]
    assert abs(curve[1][1] - 8 / 15) < 1e-9
    result = km_median(walks)
    # Dropping the pain-free walks, or counting them as values, would both give 200.
    assert result.value == 300 and result.reached and result.n == 5 and result.n_censored == 2


def test_mostly_pain_free_walks_give_a_lower_bound_not_a_value():
    walks = [Observation(500, False), Observation(800, False), Observation(300, True)]
    result = km_median(walks)
    assert not result.reached and result.value == 800


def test_no_walks_no_median():
    assert km_median([]).value is None


def test_walk_rows_become_observations():
    rows = [SimpleNamespace(distance_m=900, pain_onset_m=None),
            SimpleNamespace(distance_m=900, pain_onset_m=250.0)]
    assert pain_free_observations(rows) == [Observation(900, False), Observation(250.0, True)]
