"""Censoring-aware estimates of walking distances.

A walk without pain shows only that the pain-free distance was *at least* ``distance_m``: it is a
right-censored observation. The Kaplan-Meier estimator uses it as such, neither dropping it nor
treating it as a value (Kaplan EL, Meier P. J Am Stat Assoc 1958;53:457-81). The same holds for the
maximal walking distance of a walk that ended for any reason other than pain.
"""

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from statistics import NormalDist
from typing import NamedTuple


class Observation(NamedTuple):
    """One walk's distance: ``observed`` when the event (pain, or a stop for pain) happened at
    ``distance_m``; otherwise censored, the true value being at least ``distance_m``.

    A named tuple: trends build tens of thousands of these per request."""

    distance_m: float
    observed: bool


@dataclass(frozen=True)
class CensoredMedian:
    """A Kaplan-Meier median. When fewer than half the walks reached the event, the median is
    not reached: ``value`` is then a lower bound (the longest distance walked) and ``reached``
    is False."""

    value: float | None
    reached: bool
    n: int
    n_censored: int


def km_survival(observations: Iterable[Observation]) -> list[tuple[float, float]]:
    """The Kaplan-Meier curve as ``(distance_m, survival after it)`` at each event distance.

    At equal distances, events count before censorings (the usual convention).
    """
    ordered = sorted(observations, key=lambda o: (o.distance_m, not o.observed))
    at_risk = len(ordered)
    survival = 1.0
    curve: list[tuple[float, float]] = []
    i = 0
    while i < len(ordered):
        distance = ordered[i].distance_m
        events = censored = 0
        while i < len(ordered) and ordered[i].distance_m == distance:
            if ordered[i].observed:
                events += 1
            else:
                censored += 1
            i += 1
        if events:
            survival *= 1 - events / at_risk
            curve.append((distance, survival))
        at_risk -= events + censored
    return curve


def km_quantile(observations: Iterable[Observation], p: float) -> CensoredMedian:
    """The distance by which a share ``p`` of walks reached the event (KM), e.g. 0.25, 0.5.

    Where the curve sits exactly at ``1 - p`` between two event distances, the value is their
    midpoint, as R's ``survfit`` does for the median; when the curve never falls below ``1 - p``
    the value is the longest distance walked and ``reached`` is False.
    """
    observations = list(observations)
    n = len(observations)
    n_censored = sum(not o.observed for o in observations)
    if n == 0:
        return CensoredMedian(None, False, 0, 0)
    target = 1 - p
    curve = km_survival(observations)
    eps = 1e-9
    for index, (distance, survival) in enumerate(curve):
        if abs(survival - target) <= eps:
            if index + 1 < len(curve):
                return CensoredMedian((distance + curve[index + 1][0]) / 2, True, n, n_censored)
            # The curve stays at 1 - p to the end of follow-up: the quantile lies beyond it.
            break
        if survival < target:
            return CensoredMedian(distance, True, n, n_censored)
    longest = max(o.distance_m for o in observations)
    return CensoredMedian(longest, False, n, n_censored)


def km_median(observations: Iterable[Observation]) -> CensoredMedian:
    """The Kaplan-Meier median distance to the event (``km_quantile`` at 0.5).

    With no censoring it equals the ordinary sample median, and with no event at all it is not
    reached: those cases, most days of a trend, skip the curve.
    """
    if not isinstance(observations, list):
        observations = list(observations)
    n = len(observations)
    if n == 1:
        only = observations[0]
        return CensoredMedian(only.distance_m, only.observed, 1, int(not only.observed))
    observed = [o.distance_m for o in observations if o.observed]
    if n and len(observed) == n:
        observed.sort()
        middle = n // 2
        value = observed[middle] if n % 2 else (observed[middle - 1] + observed[middle]) / 2
        return CensoredMedian(value, True, n, 0)
    if n and not observed:
        return CensoredMedian(max(o.distance_m for o in observations), False, n, n)
    return km_quantile(observations, 0.5)


def pain_free_observations(walks: Iterable) -> list[Observation]:
    """Pain-free distance of each walk: observed at ``pain_onset_m``, censored at ``distance_m``.

    ``walks`` are objects or rows with ``distance_m`` and ``pain_onset_m``; pass calibrated
    distances where a calibration factor applies.
    """
    return [
        Observation(w.pain_onset_m, True) if w.pain_onset_m is not None
        else Observation(w.distance_m, False)
        for w in walks
    ]


def max_walking_observations(walks: Iterable) -> list[Observation]:
    """Maximal walking distance: observed when the walk stopped for pain, else censored."""
    return [Observation(w.distance_m, w.stopped_because == "pain") for w in walks]


@dataclass(frozen=True)
class LogRank:
    """A log-rank comparison of group A against group B. ``z`` > 0 when A reaches the event
    sooner (at shorter distances) than B; ``p_one_sided`` is the chance of a ``z`` this large if
    both came from one curve."""

    z: float
    p_one_sided: float
    observed_a: int
    expected_a: float


def _logrank_sums(a: list[Observation], b: list[Observation]) -> tuple[int, float, float]:
    """Observed and expected events of A, and the variance, summed over event distances."""
    tagged_a = [(o.distance_m, not o.observed, 0) for o in a]
    tagged_b = [(o.distance_m, not o.observed, 1) for o in b]
    at_risk = [len(tagged_a), len(tagged_b)]
    tagged = sorted(tagged_a + tagged_b)
    observed_a, expected_a, variance = 0, 0.0, 0.0
    i, total = 0, len(tagged)
    while i < total:
        distance = tagged[i][0]
        events, removed = [0, 0], [0, 0]
        while i < total and tagged[i][0] == distance:
            _, censored, group = tagged[i]
            events[group] += not censored
            removed[group] += 1
            i += 1
        d, n = events[0] + events[1], at_risk[0] + at_risk[1]
        if d:
            observed_a += events[0]
            expected_a += d * at_risk[0] / n
            if n > 1:
                variance += d * (at_risk[0] / n) * (at_risk[1] / n) * (n - d) / (n - 1)
        at_risk[0] -= removed[0]
        at_risk[1] -= removed[1]
    return observed_a, expected_a, variance


def _logrank(observed_a: int, expected_a: float, variance: float) -> LogRank:
    if variance <= 0:
        return LogRank(0.0, 0.5, observed_a, expected_a)
    z = (observed_a - expected_a) / variance ** 0.5
    return LogRank(z, 1 - NormalDist().cdf(z), observed_a, expected_a)


def logrank_test_stratified(a: Iterable[tuple[Hashable, Observation]],
                            b: Iterable[tuple[Hashable, Observation]]) -> LogRank:
    """The log-rank test (Mantel 1966), stratified. Observations are ``(stratum, observation)``;
    A and B are compared within each stratum and the sums added, so strata with different
    distances (uphill against flat walks, say) are compared like with like. At each event
    distance a walk censored there is still at risk (events count first)."""
    groups: dict[Hashable, tuple[list[Observation], list[Observation]]] = {}
    for index, pairs in enumerate((a, b)):
        for stratum, observation in pairs:
            groups.setdefault(stratum, ([], []))[index].append(observation)
    totals = [0, 0.0, 0.0]
    for group_a, group_b in groups.values():
        for i, value in enumerate(_logrank_sums(group_a, group_b)):
            totals[i] += value
    return _logrank(*totals)
