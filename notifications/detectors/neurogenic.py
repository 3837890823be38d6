"""Neurogenic pattern: do the patient's walks look like spinal stenosis or like arterial disease?

An evidence score in the naive-Bayes form. Each sign below is read as a pattern over the walks of
the last ``WINDOW_DAYS`` local days of data time (a sign counts once, not once per walk) and
multiplies the odds of a neurogenic cause by its likelihood ratio (LR). The prior is even odds, so
the walks alone decide; the recorded suspected cause is what the result is compared with, never an
input. The signs are treated as independent, which they are not (a patient relieved by bending
forward also tends to show the shopping-cart sign), so the posterior overstates certainty: the
classes are coarse on purpose, and an alert asks a clinician to look again. It is not a diagnosis.

Where each LR comes from (``SOURCES`` holds the citations; each sign's evidence names its key):

- Relief by sitting, LR 3.3 ("improve when seated", Katz 1995), or by bending forward, LR 6.4
  ("improvement when bending forward", Konno 2007), both as pooled in Suri 2010, Table 3.
  Bilateral buttock or leg pain, LR 6.3, and its absence, LR 0.54: Suri 2010, Table 3. These LRs
  are for lumbar spinal stenosis among older adults with leg pain of any cause, not specifically
  against arterial disease.
- Calf pain relieved by standing still: LR 20 for vascular (1/20 for neurogenic), Nadeau 2013, a
  two-symptom constellation in 53 patients with stenosis or arterial disease.
- The shopping-cart sign. Secondary summaries quote "LR 13" for it; in Nadeau 2013, 13 is the LR
  of a four-symptom constellation (cart sign, symptoms above the knee, triggered by standing
  alone, relieved by sitting). Walk records cannot show "triggered by standing alone", so 13 is not
  used. The cart sign is forward flexion relieving symptoms while walking, so it takes the LR of
  "improvement when bending forward", 6.4 (Konno 2007 via Suri 2010).
- Project assumptions, modest weights, no published LR found: relief by standing still without
  calf pain (1/3; Nadeau 2013 found single relief postures weak), neurogenic pain qualities (2, or
  0.5 when none), back pain (1.5; buttock pain is uninformative, Suri 2010: gluteal LR 0.88, and
  iliac disease hurts there too), downhill worse than uphill (2, or 0.5 the other way round),
  variable onset distance (1.5, or 0.67 when reproducible), the bicycle posture test of van
  Gelderen (2, or 0.67 with no posture effect; no LR found), and no cart sign when tested (0.75).

Distances are compared as ratios of Kaplan-Meier medians (``core.stats.censored``): walks without
pain count as censored, and the phone's calibration factor cancels out.
"""

import math
import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from core.stats.censored import CensoredMedian, km_median, pain_free_observations

NEUROGENIC_LIKE, VASCULAR_LIKE, MIXED = "neurogenic_like", "vascular_like", "mixed"
CLASS_LABELS = {NEUROGENIC_LIKE: "neurogenic-like", VASCULAR_LIKE: "vascular-like", MIXED: "mixed"}
DISAGREES_WITH_RECORDED_CAUSE, CLASS_CHANGED = "disagrees_with_recorded_cause", "class_changed"
# Which class contradicts which recorded cause. "mixed" and "unknown" recorded causes have nothing
# to contradict, and a mixed class contradicts nothing: neither raises a disagreement.
CONTRADICTS = {"vascular": NEUROGENIC_LIKE, "neurogenic": VASCULAR_LIKE}

WINDOW_DAYS = 56  # eight weeks of local days, ending on the day judged
PRIOR_NEUROGENIC = 0.5
NEUROGENIC_AT_LEAST, VASCULAR_AT_MOST = 0.8, 0.2  # posterior bounds of the two clear classes
MIN_PAINFUL_WALKS_WITH_RELIEF = 5  # fewer: not enough data, no class
PATTERN_SHARE = 0.6  # a relief or calf pattern holds in at least this share of walks
BENDING_SHARE = 0.3  # bending forward recurs: the stronger of the two flexion LRs applies
MIN_WALKS_PER_ARM = 3  # walks in each group of a distance comparison (with/without aid, up/down)
MIN_WALKS_FOR_SHARE, MIN_ONSETS_FOR_SPREAD = 3, 6
# Pain-free distance with a forward-leaning aid over without: the sign, and no sign.
CART_EFFECT_RATIO, NO_CART_EFFECT_RATIO = 1.5, 1.15
POSTURE_EFFECT_PCT, NO_POSTURE_EFFECT_PCT = 50.0, 15.0  # clinic tests, same thresholds as ratios
TERRAIN_RATIO = 0.8  # downhill median below 80 % of uphill (or the other way round)
SPREAD_HIGH, SPREAD_LOW = 0.3, 0.15  # quartile coefficient of dispersion of the onset distance

FORWARD_LEANING_AIDS = frozenset({"shopping_cart", "rollator"})
FLEXION_RELIEF = frozenset({"sitting", "bending_forward"})
NEUROGENIC_QUALITIES = frozenset({"tingling", "numbness", "heaviness", "weakness"})

SOURCES = {
    "suri2010": "Suri P, Rainville J, Kalichman L, Katz JN. Does this older adult with lower "
                "extremity pain have the clinical syndrome of lumbar spinal stenosis? JAMA "
                "2010;304(23):2628-36, Table 3",
    "katz1995": "Katz JN, Dalgas M, Stucki G, et al. Degenerative lumbar spinal stenosis: "
                "diagnostic value of the history and physical examination. Arthritis Rheum "
                "1995;38(9):1236-41 (LR as pooled in Suri 2010, Table 3)",
    "konno2007": "Konno S, Hayashino Y, Fukuhara S, et al. Development of a clinical diagnosis "
                 "support tool to identify patients with lumbar spinal stenosis. Eur Spine J "
                 "2007;16(11):1951-7 (LR as pooled in Suri 2010, Table 3)",
    "nadeau2013": "Nadeau M, Rosas-Arellano MP, Gurr KR, et al. The reliability of "
                  "differentiating neurogenic claudication from vascular claudication based on "
                  "symptomatic presentation. Can J Surg 2013;56(6):372-7",
    "assumption": "Project assumption: no published likelihood ratio found; modest weight",
    "none": "No consistent pattern: no weight",
}


@dataclass(frozen=True)
class WalkSigns:
    """What the detector reads of a walk; ``tracker.models.Walk`` rows have the same attributes."""

    id: str
    started_at: datetime
    distance_m: float
    pain_onset_m: float | None
    pain_locations: Sequence[str] = ()
    pain_side: str | None = None
    pain_qualities: Sequence[str] = ()
    relief_posture: str | None = None
    terrain: str | None = None
    walking_aid: str | None = None


@dataclass(frozen=True)
class PostureReading:
    """A clinic posture test; ``tracker.models.PostureTest`` rows have the same attributes."""

    id: str
    performed_at: datetime
    kind: str  # "bicycle" or "shopping_cart"
    effect_pct: float | None
    forward_censored: bool = False


@dataclass(frozen=True)
class Sign:
    name: str
    finding: str
    lr: float
    source: str
    observed: dict = field(default_factory=dict)
    walk_ids: tuple[str, ...] = ()

    def as_evidence(self) -> dict:
        return {"finding": self.finding, "lr": round(self.lr, 3), "source": self.source,
                "observed": self.observed, "walk_ids": list(self.walk_ids)}


@dataclass(frozen=True)
class PatternAssessment:
    """The class over one window: ``pattern_class`` is None when there is not enough data."""

    pattern_class: str | None
    posterior: float | None
    signs: tuple[Sign, ...]
    window_start: date
    window_end: date
    walk_ids: tuple[str, ...] = ()
    posture_test_ids: tuple[str, ...] = ()
    latest_data_at: datetime | None = None


@dataclass(frozen=True)
class NeurogenicPatternFinding:
    """``met`` is None when there is not enough data to class the pattern."""

    met: bool | None
    pattern_class: str | None
    reasons: tuple[str, ...] = ()
    title: str = ""
    as_of: datetime | None = None
    evidence: dict = field(default_factory=dict)


def _ids(walks: Iterable) -> tuple[str, ...]:
    return tuple(str(w.id) for w in walks)


def _median(walks: Sequence) -> CensoredMedian:
    return km_median(pain_free_observations(walks))


def _median_evidence(median: CensoredMedian) -> dict:
    return {"median_m": None if median.value is None else round(median.value, 1),
            "reached": median.reached, "walks": median.n, "censored": median.n_censored}


def _relief_sign(painful: Sequence) -> Sign:
    relieved = [w for w in painful if w.relief_posture]
    by_posture = {p: [w for w in relieved if w.relief_posture == p]
                  for p in ("sitting", "bending_forward", "standing_still", "lying_down")}
    flexion = [w for w in relieved if w.relief_posture in FLEXION_RELIEF]
    standing = by_posture["standing_still"]
    calf = [w for w in standing if "calf" in (w.pain_locations or ())]
    n = len(relieved)
    observed = {"painful_walks_with_relief": n, **{p: len(ws) for p, ws in by_posture.items()},
                "calf_pain_among_standing_still": len(calf)}
    if len(flexion) >= PATTERN_SHARE * n:
        if len(by_posture["bending_forward"]) >= BENDING_SHARE * n:
            return Sign("relief_posture", "relieved_by_bending_forward", 6.4, "konno2007",
                        observed, _ids(flexion))
        return Sign("relief_posture", "relieved_by_sitting", 3.3, "katz1995", observed,
                    _ids(flexion))
    if len(standing) >= PATTERN_SHARE * n:
        if len(calf) >= PATTERN_SHARE * len(standing):
            return Sign("relief_posture", "calf_pain_relieved_by_standing_still", 1 / 20,
                        "nadeau2013", observed, _ids(calf))
        return Sign("relief_posture", "relieved_by_standing_still", 1 / 3, "assumption",
                    observed, _ids(standing))
    return Sign("relief_posture", "no_consistent_relief_posture", 1.0, "none", observed)


def _latest_test(tests: Sequence, kind: str):
    done = [t for t in tests if t.kind == kind and t.effect_pct is not None]
    return max(done, key=lambda t: t.performed_at, default=None)


def _test_sign(name: str, test, present_lr: float, absent_lr: float, present_source: str) -> Sign:
    effect = float(test.effect_pct)
    observed = {"posture_test_id": str(test.id), "effect_pct": effect,
                "forward_censored": test.forward_censored}
    if effect >= POSTURE_EFFECT_PCT:
        return Sign(name, "forward_leaning_effect", present_lr, present_source, observed)
    if effect <= NO_POSTURE_EFFECT_PCT and not test.forward_censored:
        return Sign(name, "no_forward_leaning_effect", absent_lr, "assumption", observed)
    return Sign(name, "unclear", 1.0, "none", observed)


def _cart_sign(window: Sequence, tests: Sequence) -> Sign:
    with_aid = [w for w in window if w.walking_aid in FORWARD_LEANING_AIDS]
    without = [w for w in window if w.walking_aid == "none"]
    if len(with_aid) >= MIN_WALKS_PER_ARM and len(without) >= MIN_WALKS_PER_ARM:
        aid_m, none_m = _median(with_aid), _median(without)
        observed = {"with_aid": _median_evidence(aid_m), "without_aid": _median_evidence(none_m)}
        if none_m.reached and none_m.value:
            ratio = aid_m.value / none_m.value  # a lower bound if the with-aid median is unreached
            observed["ratio"] = round(ratio, 2)
            if ratio >= CART_EFFECT_RATIO:
                return Sign("shopping_cart", "longer_with_forward_leaning_aid", 6.4, "konno2007",
                            observed, _ids(with_aid))
            if aid_m.reached and ratio <= NO_CART_EFFECT_RATIO:
                return Sign("shopping_cart", "no_longer_with_forward_leaning_aid", 0.75,
                            "assumption", observed, _ids(with_aid))
    test = _latest_test(tests, "shopping_cart")
    if test is not None:
        return _test_sign("shopping_cart", test, 6.4, 0.75, "konno2007")
    return Sign("shopping_cart", "not_enough_data", 1.0, "none",
                {"walks_with_aid": len(with_aid), "walks_without_aid": len(without)})


def _bicycle_sign(tests: Sequence) -> Sign:
    test = _latest_test(tests, "bicycle")
    if test is None:
        return Sign("bicycle_posture", "not_recorded", 1.0, "none")
    return _test_sign("bicycle_posture", test, 2.0, 0.67, "assumption")


def _quality_sign(painful: Sequence) -> Sign:
    described = [w for w in painful if w.pain_qualities]
    neuro = [w for w in described if NEUROGENIC_QUALITIES & set(w.pain_qualities)]
    observed = {"painful_walks_with_qualities": len(described),
                "with_neurogenic_quality": len(neuro)}
    if len(described) < MIN_WALKS_FOR_SHARE:
        return Sign("pain_quality", "not_enough_data", 1.0, "none", observed)
    if len(neuro) >= 0.5 * len(described):
        return Sign("pain_quality", "tingling_numbness_heaviness_or_weakness", 2.0, "assumption",
                    observed, _ids(neuro))
    if len(neuro) <= 0.1 * len(described):
        return Sign("pain_quality", "no_neurogenic_quality", 0.5, "assumption", observed)
    return Sign("pain_quality", "some_neurogenic_quality", 1.0, "none", observed, _ids(neuro))


def _bilateral_sign(painful: Sequence) -> Sign:
    sided = [w for w in painful if w.pain_side]
    both = [w for w in sided if w.pain_side == "both"]
    observed = {"painful_walks_with_side": len(sided), "both_legs": len(both)}
    if len(sided) < MIN_WALKS_FOR_SHARE:
        return Sign("bilateral_pain", "not_enough_data", 1.0, "none", observed)
    if len(both) >= 0.5 * len(sided):
        return Sign("bilateral_pain", "both_legs", 6.3, "suri2010", observed, _ids(both))
    if len(both) <= 0.2 * len(sided):
        return Sign("bilateral_pain", "one_leg", 0.54, "suri2010", observed)
    return Sign("bilateral_pain", "sometimes_both_legs", 1.0, "none", observed, _ids(both))


def _back_sign(painful: Sequence) -> Sign:
    located = [w for w in painful if w.pain_locations]
    back = [w for w in located if "back" in w.pain_locations]
    buttock = [w for w in located if "buttock" in w.pain_locations]
    observed = {"painful_walks_with_location": len(located), "back": len(back),
                "buttock": len(buttock)}
    if len(located) >= MIN_WALKS_FOR_SHARE and len(back) >= 0.3 * len(located):
        return Sign("back_pain", "back_pain_on_walking", 1.5, "assumption", observed, _ids(back))
    return Sign("back_pain", "little_or_no_back_pain", 1.0, "none", observed)


def _terrain_sign(window: Sequence) -> Sign:
    down = [w for w in window if w.terrain == "downhill"]
    up = [w for w in window if w.terrain == "uphill"]
    if len(down) < MIN_WALKS_PER_ARM or len(up) < MIN_WALKS_PER_ARM:
        return Sign("terrain", "not_enough_data", 1.0, "none",
                    {"downhill_walks": len(down), "uphill_walks": len(up)})
    down_m, up_m = _median(down), _median(up)
    observed = {"downhill": _median_evidence(down_m), "uphill": _median_evidence(up_m)}
    # An unreached median is a lower bound: it can only support "the other one is shorter".
    if down_m.reached and down_m.value < TERRAIN_RATIO * up_m.value:
        return Sign("terrain", "downhill_worse_than_uphill", 2.0, "assumption", observed,
                    _ids(down))
    if up_m.reached and up_m.value < TERRAIN_RATIO * down_m.value:
        return Sign("terrain", "uphill_worse_than_downhill", 0.5, "assumption", observed, _ids(up))
    return Sign("terrain", "no_difference", 1.0, "none", observed)


def _onset_spread_sign(painful: Sequence) -> Sign:
    # Flat walks without an aid, so terrain and the cart sign do not pass for variability. Only
    # observed onsets count here: a spread, not a distance, so dropping censored walks is tolerable.
    onsets = sorted(w.pain_onset_m for w in painful
                    if w.terrain == "flat" and w.walking_aid in (None, "none"))
    if len(onsets) < MIN_ONSETS_FOR_SPREAD:
        return Sign("onset_variability", "not_enough_data", 1.0, "none",
                    {"flat_onsets": len(onsets)})
    q1, _, q3 = statistics.quantiles(onsets, n=4, method="inclusive")
    spread = (q3 - q1) / (q3 + q1) if q3 + q1 > 0 else 0.0
    observed = {"flat_onsets": len(onsets), "q1_m": round(q1, 1), "q3_m": round(q3, 1),
                "quartile_dispersion": round(spread, 3)}
    if spread >= SPREAD_HIGH:
        return Sign("onset_variability", "variable_onset_distance", 1.5, "assumption", observed)
    if spread <= SPREAD_LOW:
        return Sign("onset_variability", "reproducible_onset_distance", 0.67, "assumption",
                    observed)
    return Sign("onset_variability", "moderate_spread", 1.0, "none", observed)


def pattern_assess(walks: Sequence, posture_tests: Sequence, *, window_end: date, until: datetime,
                   time_zone: str = "UTC") -> PatternAssessment:
    """Class the walks of the ``WINDOW_DAYS`` local days ending on ``window_end`` (and no later
    than ``until``), with the clinic posture tests done by then."""
    zone = ZoneInfo(time_zone)
    window_start = window_end - timedelta(days=WINDOW_DAYS - 1)
    start = datetime.combine(window_start, time.min, tzinfo=zone)
    end = datetime.combine(window_end + timedelta(days=1), time.min, tzinfo=zone)
    window = [w for w in walks if start <= w.started_at < end and w.started_at <= until]
    tests = [t for t in posture_tests if t.performed_at <= min(end, until)]
    painful = [w for w in window if w.pain_onset_m is not None]
    relief = _relief_sign(painful)
    base = {"window_start": window_start, "window_end": window_end, "walk_ids": _ids(window)}
    if relief.observed["painful_walks_with_relief"] < MIN_PAINFUL_WALKS_WITH_RELIEF:
        return PatternAssessment(None, None, (relief,), **base)
    signs = (relief, _cart_sign(window, tests), _bilateral_sign(painful), _back_sign(painful),
             _quality_sign(painful), _terrain_sign(window), _onset_spread_sign(painful),
             _bicycle_sign(tests))
    log_odds = math.log(PRIOR_NEUROGENIC / (1 - PRIOR_NEUROGENIC))
    log_odds += sum(math.log(s.lr) for s in signs)
    posterior = 1 / (1 + math.exp(-log_odds))
    used_tests = {s.observed["posture_test_id"] for s in signs if "posture_test_id" in s.observed}
    latest = [w.started_at for w in window]
    latest += [t.performed_at for t in tests if str(t.id) in used_tests]
    pattern_class = (NEUROGENIC_LIKE if posterior >= NEUROGENIC_AT_LEAST
                     else VASCULAR_LIKE if posterior <= VASCULAR_AT_MOST else MIXED)
    return PatternAssessment(pattern_class, posterior, signs, **base,
                             posture_test_ids=tuple(sorted(used_tests)), latest_data_at=max(latest))


def _assessment_evidence(assessment: PatternAssessment) -> dict:
    return {
        "pattern_class": assessment.pattern_class,
        "posterior_neurogenic": (None if assessment.posterior is None
                                 else round(assessment.posterior, 3)),
        "window_start": assessment.window_start.isoformat(),
        "window_end": assessment.window_end.isoformat(),
    }


def _changed(previous: PatternAssessment, current: PatternAssessment) -> bool:
    # A change needs the earlier class to have been clear and the posterior now past even odds
    # the other way, so a patient hovering near a threshold does not flip the alert on and off.
    if previous.pattern_class == NEUROGENIC_LIKE:
        return current.posterior < 0.5
    if previous.pattern_class == VASCULAR_LIKE:
        return current.posterior > 0.5
    return False


def neurogenic_pattern(walks: Sequence, posture_tests: Sequence = (), *, as_of: datetime,
                       time_zone: str = "UTC", suspected_cause: str = "unknown"
                       ) -> NeurogenicPatternFinding:
    """Class the last eight weeks of walks as vascular-like, neurogenic-like or mixed; met when
    the class contradicts the recorded cause, or left the clear class of the eight weeks before."""
    today = as_of.astimezone(ZoneInfo(time_zone)).date()
    current = pattern_assess(walks, posture_tests, window_end=today, until=as_of,
                             time_zone=time_zone)
    evidence = {
        **_assessment_evidence(current),
        "prior_neurogenic": PRIOR_NEUROGENIC,
        "window_days": WINDOW_DAYS,
        "recorded_cause": suspected_cause,
        "signs": {sign.name: sign.as_evidence() for sign in current.signs},
        "walk_ids": list(current.walk_ids),
        "posture_test_ids": list(current.posture_test_ids),
    }
    if current.pattern_class is None:
        evidence["minimum_painful_walks_with_relief"] = MIN_PAINFUL_WALKS_WITH_RELIEF
        return NeurogenicPatternFinding(None, None, evidence=evidence)
    previous = pattern_assess(walks, posture_tests, window_end=today - timedelta(days=WINDOW_DAYS),
                              until=as_of, time_zone=time_zone)
    evidence["previous_window"] = _assessment_evidence(previous)
    evidence["sources"] = {s.source: SOURCES[s.source] for s in current.signs}
    reasons = []
    if CONTRADICTS.get(suspected_cause) == current.pattern_class:
        reasons.append(DISAGREES_WITH_RECORDED_CAUSE)
    if previous.pattern_class is not None and _changed(previous, current):
        reasons.append(CLASS_CHANGED)
    evidence["reasons"] = reasons
    label = CLASS_LABELS[current.pattern_class]
    title = f"Walking pattern {label}"
    if CLASS_CHANGED in reasons:
        title += f" (was {CLASS_LABELS[previous.pattern_class]} in the 8 weeks before)"
    title += f"; recorded cause: {suspected_cause}"
    return NeurogenicPatternFinding(bool(reasons), current.pattern_class, tuple(reasons), title,
                                    current.latest_data_at, evidence)
