"""Decline of the pain-free distance and of the maximal walking distance.

How it judges, and why:

- **Two windows of local days.** *Recent* is the 14 local days ending on the judgement day;
  *baseline* the 56 local days before it. Windows are whole local days, so a walk falls in the same
  window whether the day was judged live, late or in a replay.
- **Censored walks count.** Each window's distance is a Kaplan-Meier median
  (``core.stats.censored``): a walk without pain says the pain-free distance was *at least* its
  distance, a walk that did not end for pain says the same of the maximal walking distance. They
  are neither dropped (which would bias towards the short, painful walks) nor taken as values
  (which would pull the median down to the length of short errands).
- **Enough data first.** Each window needs ``MIN_WALKS`` walks of which ``MIN_EVENTS`` reached
  the event; otherwise the answer is "not enough data" (``met`` None), not "no decline".
- **A drop and evidence that it is not noise.** Met when the recent median is at least the
  threshold below the baseline median (15 % by default, the figure a commercial app uses; set per
  clinic and per patient) *and* the recent days reach the event sooner than the baseline days
  (one-sided p < ``MAX_P_SHIFT``), or when the ten weeks show a steady fall (below).
- **Days, not walks, and days that hang together.** Each local day is one observation, the
  Kaplan-Meier median of its walks (censored when not reached), because walks of one day share
  its weather, health and route. The shift test is a log-rank test of recent against baseline
  days within strata of terrain and walking aid (an uphill walk brings pain sooner in arterial
  disease, a downhill one in stenosis, and a trolley delays it). Its z is divided by the square
  root of the long-run variance factor of the days' log-rank scores (``core.stats.serial``),
  because good and bad spells make one day like the next. On the synthetic cohort (default
  seed) patients with a false alarm fell from 30 to 7 of 160, and detected declines from 39 to
  35 of 56 (README).
- **Gradual decline.** A least-squares slope of the day scores over the whole ten weeks, with the
  same widened variance, finds a steady fall (1.5-3 % a week in the synthetic cohort) once the
  recent median is half the threshold down, before the two windows' medians are a full threshold
  apart.
- **Both distances.** Where the other distance has enough data in both windows, each test is
  also run on both together: the shift as Stouffer's sum of the two z, scaled by the correlation
  of their day scores, the slope on the mean of the two day scores. The same walks tell both,
  and the maximal walking distance is the more reproducible (ICC 0.93 against 0.68, Chaudhry H
  et al. Angiology 1997;48(6):525-31; within-patient CV about 13 % against 15 %, Int Angiol
  2012). The better of the two answers counts, its p doubled (Bonferroni). The size of the drop
  is always the alert's own distance.
- **Strict p cut-offs**, because the tests are repeated every day with data: at 0.01 a third of
  the stable synthetic patients alarmed within five months. With day-to-day variation near 25 %, one
  walk below 85 % of the mean happens on about three walks in ten of a stable patient, so the
  naive rule alarms almost everyone. The price is delay: the detector needs a week or two of the
  lower distances. The synthetic cohort
  (``tests/notifications/test_decline_beats_naive_rule_on_synthetic_cohort.py``) prints both.
- **A recent median that is not reached** (most recent walks pain-free) is only a lower bound:
  it cannot show a decline, so the condition is cleared. A baseline median not reached is a lower
  bound too; a drop from it understates the true drop, so it may still show a decline.
- **Dead band.** The condition clears only when the drop is under half the threshold (or the
  recent median is not reached); in between the answer is None, which keeps the state as it
  was, so a decline hovering at the threshold gives one alert, not one a day.
- **Severity** grows with the drop: a warning from the threshold, urgent from twice it.
- **First met.** Within the judgement day, the finding is dated at the first walk with which
  the condition held, so a day judged live walk by walk and a day synced late agree.
- **No patient message.** A falling distance is a reason for the care team to look (terrain,
  weather, an intercurrent illness and a real progression all look alike in the numbers); the
  clinician, not an automatic text, tells the patient what it means.
"""

from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import NormalDist
from zoneinfo import ZoneInfo

from core.stats.censored import (
    CensoredMedian,
    Observation,
    km_median,
    logrank_test_stratified,
    max_walking_observations,
    pain_free_observations,
)
from core.stats.serial import SerialTest, logrank_scores, shift_test, trend_test

RECENT_DAYS = 14
BASELINE_DAYS = 56
MIN_WALKS = 8  # per window
MIN_EVENTS = 5  # walks that reached the event (pain, or a stop for pain), per window
# One-sided, and judged every day for months, so far stricter than 0.05. Chosen on the synthetic
# cohort (seeds 20260501 and 7, 160 patients each): false alarms in about one stable patient in
# twenty over five months.
MAX_P_SHIFT = 0.0001
MAX_P_TREND = 0.001
DEFAULT_THRESHOLD_PCT = 15.0
URGENT_FACTOR = 2.0

PAIN_FREE, MAX_WALKING = "pain_free", "max_walking"


@dataclass(frozen=True)
class DeclineWalk:
    """One walk as the decline detectors read it, distances already calibrated."""

    walk_id: str
    started_at: datetime
    distance_m: float
    pain_onset_m: float | None
    stopped_because: str
    stratum: str = ""  # walks are compared within strata: terrain and walking aid


@dataclass(frozen=True)
class DeclineResult:
    """``met``: True (declined), False (cleared) or None (not enough data, or undecided)."""

    met: bool | None
    severity: str | None = None
    drop_pct: float | None = None
    as_of: datetime | None = None
    reason: str = ""
    evidence: dict = field(default_factory=dict)


def threshold_effective(patient_pct: float | None, clinic_pct: float | None) -> tuple[float, str]:
    """The alert threshold in per cent and where it came from: the patient's, else the clinic's,
    else the default."""
    if patient_pct is not None:
        return float(patient_pct), "patient"
    if clinic_pct is not None:
        return float(clinic_pct), "clinic"
    return DEFAULT_THRESHOLD_PCT, "default"


def _observations(measure: str) -> Callable[[Sequence[DeclineWalk]], list[Observation]]:
    builders = {PAIN_FREE: pain_free_observations, MAX_WALKING: max_walking_observations}
    if measure not in builders:
        raise ValueError(f"unknown measure {measure!r}")
    return builders[measure]


def _median_json(median: CensoredMedian) -> dict:
    return {"median_m": None if median.value is None else round(median.value, 1),
            "median_reached": median.reached, "walks": median.n,
            "censored": median.n_censored, "events": median.n - median.n_censored}


def _daily(walks: Sequence[DeclineWalk], to_observations, zone: ZoneInfo
           ) -> dict[date, tuple[str, Observation]]:
    """One observation per local day, the Kaplan-Meier median of its walks (censored when not
    reached), in the stratum of most of its walks. Walks of one day share its weather, health and
    route, so they are not independent; counted one by one they overstate the evidence."""
    by_day: dict[date, list[DeclineWalk]] = {}
    for walk in walks:
        by_day.setdefault(walk.started_at.astimezone(zone).date(), []).append(walk)
    days = {}
    for local_day, group in by_day.items():
        median = km_median(to_observations(group))
        stratum = Counter(walk.stratum for walk in group).most_common(1)[0][0]
        days[local_day] = (stratum, Observation(median.value, median.reached))
    return days


def _day_scores(walks: Sequence[DeclineWalk], measure: str, zone: ZoneInfo) -> dict[date, float]:
    """Each local day's log-rank score for ``measure``, within its stratum, scaled to unit root
    mean square so that two measures weigh the same when averaged. Higher: a shorter distance."""
    by_stratum: dict[str, list[tuple[date, Observation]]] = {}
    for local_day, (stratum, observation) in _daily(walks, _observations(measure), zone).items():
        by_stratum.setdefault(stratum, []).append((local_day, observation))
    scores: dict[date, float] = {}
    for items in by_stratum.values():
        for (local_day, _), score in zip(items, logrank_scores([o for _, o in items]),
                                         strict=True):
            scores[local_day] = score
    scale = (sum(v * v for v in scores.values()) / len(scores)) ** 0.5 if scores else 0.0
    return {d: v / scale for d, v in scores.items()} if scale > 0 else {}


def _score_series(scores: dict[str, dict[date, float]], measures: tuple[str, ...],
                  baseline_from: date, recent_from: date) -> list[tuple[int, float, bool]]:
    """``(day number, mean day score of measures, in the recent window)`` in day order."""
    series = []
    for local_day in sorted(set().union(*(scores[m] for m in measures))):
        values = [scores[m][local_day] for m in measures if local_day in scores[m]]
        series.append(((local_day - baseline_from).days, sum(values) / len(values),
                       local_day >= recent_from))
    return series


def _logrank(recent, baseline, measure: str, zone: ZoneInfo):
    to_observations = _observations(measure)
    return logrank_test_stratified(list(_daily(recent, to_observations, zone).values()),
                                   list(_daily(baseline, to_observations, zone).values()))


def _combined_sd(scores: dict[str, dict[date, float]], measures: tuple[str, ...]) -> float:
    """The standard deviation of a sum of the measures' z, from the correlation of their day
    scores (Stouffer's combination of correlated tests): 1 for one measure."""
    if len(measures) == 1:
        return 1.0
    first, second = (scores[m] for m in measures)
    common = [d for d in first if d in second]
    rho = (sum(first[d] * second[d] for d in common) / len(common)) if common else 1.0
    return (2 + 2 * max(-1.0, min(1.0, rho))) ** 0.5


def _enough(median: CensoredMedian) -> bool:
    return median.n >= MIN_WALKS and median.n - median.n_censored >= MIN_EVENTS


def _judge(walks: Sequence[DeclineWalk], *, measure: str, as_of: datetime, zone: ZoneInfo,
           threshold_pct: float, threshold_source: str) -> DeclineResult:
    """The decline condition with the walks started at or before ``as_of``."""
    day = as_of.astimezone(zone).date()
    recent_from = day - timedelta(days=RECENT_DAYS - 1)
    baseline_from = recent_from - timedelta(days=BASELINE_DAYS)
    to_observations = _observations(measure)
    recent, baseline = [], []
    # A cheap bound first: converting every walk to a local date is most of the cost.
    earliest = as_of - timedelta(days=RECENT_DAYS + BASELINE_DAYS + 1)
    for walk in walks:
        if walk.started_at > as_of or walk.started_at < earliest:
            continue
        walk_day = walk.started_at.astimezone(zone).date()
        if recent_from <= walk_day <= day:
            recent.append(walk)
        elif baseline_from <= walk_day < recent_from:
            baseline.append(walk)
    recent_median = km_median(to_observations(recent))
    baseline_median = km_median(to_observations(baseline))
    evidence = {
        "measure": measure,
        "windows": {
            "baseline": [baseline_from.isoformat(), (recent_from - timedelta(days=1)).isoformat()],
            "recent": [recent_from.isoformat(), day.isoformat()],
        },
        "baseline": _median_json(baseline_median),
        # The walk ids sit inside "recent": an alert's top-level lists accumulate across updates.
        "recent": {**_median_json(recent_median), "walk_ids": [w.walk_id for w in recent]},
        "threshold_pct": threshold_pct,
        "threshold_source": threshold_source,
    }
    for name, median in (("baseline", baseline_median), ("recent", recent_median)):
        events = median.n - median.n_censored
        if not _enough(median):
            return DeclineResult(None, reason=f"not enough data in the {name} window ({median.n} "
                                 f"walks, {events} with the event; {MIN_WALKS} and {MIN_EVENTS} "
                                 "needed)", evidence=evidence)
    if not recent_median.reached:
        return DeclineResult(False, reason="recent median not reached: most recent walks ended "
                             "before the event, a lower bound that cannot show a decline",
                             evidence=evidence)
    if baseline_median.value <= 0:  # pain from the first step: no distance left to lose
        return DeclineResult(False, reason="baseline median is 0 m", evidence=evidence)
    drop_pct = 100.0 * (1 - recent_median.value / baseline_median.value)
    evidence["drop_pct"] = round(drop_pct, 1)
    if drop_pct < threshold_pct / 2:
        return DeclineResult(False, drop_pct=drop_pct, reason="no decline", evidence=evidence)

    # The evidence that the drop is not noise. Shift: the day log-rank test of this distance,
    # its z widened for spells of like days. Trend: the slope of the day scores over the ten
    # weeks. Where the other distance has enough data in both windows, each test is also run on
    # both distances together (the same walks tell both, and the maximal distance is the more
    # reproducible, Chaudhry 1997): the better answer counts, its p multiplied by the number of
    # tries (Bonferroni), so a fall in one distance alone is still found, one in both sooner.
    measures = [measure]
    other = MAX_WALKING if measure == PAIN_FREE else PAIN_FREE
    other_observations = _observations(other)
    if (_enough(km_median(other_observations(recent)))
            and _enough(km_median(other_observations(baseline)))):
        measures.append(other)
    scores = {m: _day_scores(baseline + recent, m, zone) for m in measures}
    logrank_z = {m: _logrank(recent, baseline, m, zone).z for m in measures}
    shifts, trends = [], []
    for combination in [(measure,)] + ([tuple(measures)] if len(measures) == 2 else []):
        series = _score_series(scores, combination, baseline_from, recent_from)
        spread = shift_test(series)  # for its long-run variance factor
        z = sum(logrank_z[m] for m in combination) / _combined_sd(scores, combination)
        z /= spread.variance_factor ** 0.5
        shifts.append(SerialTest(z, 1 - NormalDist().cdf(z), spread.variance_factor,
                                 spread.days))
        trends.append(trend_test([(number, value) for number, value, _ in series]))
    shift = min(shifts, key=lambda t: t.p_one_sided)
    trend = min(trends, key=lambda t: t.p_one_sided)
    shift_p = min(1.0, shift.p_one_sided * len(shifts))
    trend_p = min(1.0, trend.p_one_sided * len(trends))
    evidence.update(measures_tested=measures, test_unit="local day",
                    test_strata="terrain and walking aid",
                    shift_z=round(shift.z, 2), shift_p_one_sided=round(shift_p, 6),
                    trend_z=round(trend.z, 2), trend_p_one_sided=round(trend_p, 6),
                    variance_factor=round(max(shift.variance_factor, trend.variance_factor), 2),
                    max_p_shift=MAX_P_SHIFT, max_p_trend=MAX_P_TREND)
    severity = "urgent" if drop_pct >= URGENT_FACTOR * threshold_pct else "warning"
    if drop_pct >= threshold_pct and shift_p < MAX_P_SHIFT:
        return DeclineResult(True, severity, drop_pct, as_of, "declined", evidence)
    if trend_p < MAX_P_TREND:
        # A steady fall over the ten weeks: found before the two medians are a threshold apart.
        return DeclineResult(True, severity, drop_pct, as_of, "declining steadily", evidence)
    return DeclineResult(None, drop_pct=drop_pct, reason="undecided: drop near the threshold or "
                         "not distinguishable from day-to-day variation", evidence=evidence)


def distance_decline(
    walks: Sequence[DeclineWalk], *, measure: str, as_of: datetime, time_zone: str = "UTC",
    threshold_pct: float = DEFAULT_THRESHOLD_PCT, threshold_source: str = "default",
) -> DeclineResult:
    """Judge the decline of ``measure`` (``PAIN_FREE`` or ``MAX_WALKING``) at ``as_of``.

    When met, ``as_of`` of the result is the first walk of that local day with which it held.
    """
    zone = ZoneInfo(time_zone)
    kwargs = dict(measure=measure, zone=zone, threshold_pct=threshold_pct,
                  threshold_source=threshold_source)
    result = _judge(walks, as_of=as_of, **kwargs)
    if not result.met:
        return result
    day: date = as_of.astimezone(zone).date()
    todays = sorted(w.started_at for w in walks
                    if w.started_at <= as_of and w.started_at.astimezone(zone).date() == day)
    for started_at in todays[:-1]:
        earlier = _judge(walks, as_of=started_at, **kwargs)
        if earlier.met:
            return DeclineResult(True, result.severity, result.drop_pct, started_at, result.reason,
                                 result.evidence)
    return DeclineResult(True, result.severity, result.drop_pct,
                         todays[-1] if todays else as_of, result.reason, result.evidence)


MEASURE_NAMES = {PAIN_FREE: "Pain-free walking distance", MAX_WALKING: "Maximal walking distance"}


def decline_title(result: DeclineResult) -> str:
    """A one-line title with the numbers, for a met result."""
    evidence = result.evidence
    baseline, recent = evidence["baseline"], evidence["recent"]
    at_least = "" if baseline["median_reached"] else "at least "
    return (f"{MEASURE_NAMES[evidence['measure']]} down {result.drop_pct:.0f} %: median "
            f"{recent['median_m']:.0f} m over the last {RECENT_DAYS} days, {at_least}"
            f"{baseline['median_m']:.0f} m in the {BASELINE_DAYS // 7} weeks before "
            f"(threshold {evidence['threshold_pct']:g} %)")


def decline_walks(walks, calibration_factor: float) -> list[DeclineWalk]:
    """Stored walks (oldest first) as the detector reads them, with calibrated distances."""
    return [
        DeclineWalk(str(w.id), w.started_at, w.distance_m * calibration_factor,
                    None if w.pain_onset_m is None else w.pain_onset_m * calibration_factor,
                    w.stopped_because, f"{w.terrain or 'unknown'}/{w.walking_aid or 'unknown'}")
        for w in walks
    ]
