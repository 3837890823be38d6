"""Neurogenic pattern: do the patient's walks look like spinal stenosis or like arterial disease?

An evidence score in the naive-Bayes form. Each sign (``neurogenic_signs``) is read as a pattern
over the walks of the last ``WINDOW_DAYS`` local days of data time (a sign counts once, not once
per walk) plus what the clinic recorded (the latest resting ABI, posture tests), and multiplies the
odds of a neurogenic cause *against a vascular one* by its likelihood ratio (LR). One
physiological sign counts once: bending forward, the shopping-cart sign and the clinic cart test
are one flexion sign. The signs are still treated as independent, which they are not, so the
posterior overstates certainty: it is bounded (``BOUNDS``), the classes are coarse on purpose, and
an alert asks a clinician to look again. It is not a diagnosis.

The prior comes from the cause the clinic recorded (``PRIORS``, a project choice): the walks
must outweigh it to contradict it, so a disagreement alert means the walks say something strong.

Both diseases at once are common enough to matter: PAD was found in 6.7 % of 570 patients with
lumbar spinal stenosis, half of it (3.2 %) undetected before (Uesugi 2012). When the spinal and the
arterial evidence are each strong (``STRONG_LR``), the class is ``both``, not ``mixed``; ``mixed``
is kept for evidence that does not decide.

Not used: walking pace. No study giving an LR for pace between the two causes was found.

Distances are compared as ratios of Kaplan-Meier medians (``core.stats.censored``): walks without
pain count as censored, and the phone's calibration factor cancels out.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from .neurogenic_signs import SOURCES as SIGN_SOURCES
from .neurogenic_signs import (
    PostureReading,
    Sign,
    WalkSigns,
    abi_sign,
    back_sign,
    bicycle_sign,
    bilateral_sign,
    flexion_sign,
    onset_spread_sign,
    quality_sign,
    relief_sign,
    standing_onset_sign,
    terrain_sign,
)

__all__ = ["BOTH", "MIXED", "NEUROGENIC_LIKE", "VASCULAR_LIKE", "PostureReading", "WalkSigns",
           "neurogenic_pattern", "pattern_assess"]

NEUROGENIC_LIKE, VASCULAR_LIKE, MIXED, BOTH = "neurogenic_like", "vascular_like", "mixed", "both"
CLASS_LABELS = {NEUROGENIC_LIKE: "neurogenic-like", VASCULAR_LIKE: "vascular-like", MIXED: "mixed",
                BOTH: "both spinal and arterial"}
DISAGREES_WITH_RECORDED_CAUSE, CLASS_CHANGED = "disagrees_with_recorded_cause", "class_changed"
# Which classes contradict which recorded cause. "both" contradicts a single recorded cause:
# the other disease is what Uesugi 2012 found undetected. A "mixed" or "unknown" recorded cause
# has nothing to contradict, and a mixed class contradicts nothing.
CONTRADICTS = {"vascular": {NEUROGENIC_LIKE, BOTH}, "neurogenic": {VASCULAR_LIKE, BOTH}}

WINDOW_DAYS = 56  # eight weeks of local days, ending on the day judged
# Prior probability of a neurogenic cause by the recorded cause: a project choice. The clinic's
# opinion counts, but three to one, so that strong walking evidence can still overturn it.
PRIORS = {"vascular": 0.25, "neurogenic": 0.75, "mixed": 0.5, "unknown": 0.5}
# Posterior bounds of the two clear classes (project choice: four to one either way).
NEUROGENIC_AT_LEAST, VASCULAR_AT_MOST = 0.8, 0.2
# "Strong" evidence on one side: the product of the LRs pointing that way reaches 10. An LR above
# 10 (or below 0.1) is the "large, often conclusive" change of Jaeschke, Guyatt and Sackett
# (Users' guides to the medical literature III B, JAMA 1994;271:703-7).
STRONG_LR = 10.0
# What the posterior may claim (a project choice): walks are self-report through a phone and the
# signs are not independent, so walks alone stay within 5-95 %; with a clinic measurement
# contributing (ABI, posture test) within 2-98 %. Never 0 or 1.
BOUNDS, CLINIC_BOUNDS = (0.05, 0.95), (0.02, 0.98)
MIN_PAINFUL_WALKS_WITH_RELIEF = 5  # fewer: not enough data, no class (project choice)

SOURCES = {**SIGN_SOURCES,
           "uesugi2012": "Uesugi K, Sekiguchi M, Kikuchi S, et al. Lumbar spinal stenosis "
                         "associated with peripheral arterial disease: a prospective multicenter "
                         "observational study. J Orthop Sci 2012;17(6):673-81",
           "jaeschke1994": "Jaeschke R, Guyatt GH, Sackett DL. Users' guides to the medical "
                           "literature. III. How to use an article about a diagnostic test. B. "
                           "JAMA 1994;271(9):703-7"}


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
    prior: float = 0.5
    spinal_lr: float = 1.0  # product of the LRs above 1
    arterial_lr: float = 1.0  # product of the inverses of the LRs below 1
    bounds: tuple[float, float] = BOUNDS


@dataclass(frozen=True)
class NeurogenicPatternFinding:
    """``met`` is None when there is not enough data to class the pattern."""

    met: bool | None
    pattern_class: str | None
    reasons: tuple[str, ...] = ()
    title: str = ""
    as_of: datetime | None = None
    evidence: dict = field(default_factory=dict)


def _class(posterior: float, spinal_lr: float, arterial_lr: float) -> str:
    if spinal_lr >= STRONG_LR and arterial_lr >= STRONG_LR:
        return BOTH
    if posterior >= NEUROGENIC_AT_LEAST:
        return NEUROGENIC_LIKE
    if posterior <= VASCULAR_AT_MOST:
        return VASCULAR_LIKE
    return MIXED


def pattern_assess(walks: Sequence, posture_tests: Sequence, *, window_end: date, until: datetime,
                   time_zone: str = "UTC", abi_readings: Sequence = (),
                   suspected_cause: str = "unknown") -> PatternAssessment:
    """Class the walks of the ``WINDOW_DAYS`` local days ending on ``window_end`` (and no later
    than ``until``), with the clinic posture tests and ABIs done by then."""
    zone = ZoneInfo(time_zone)
    window_start = window_end - timedelta(days=WINDOW_DAYS - 1)
    start = datetime.combine(window_start, time.min, tzinfo=zone)
    end = datetime.combine(window_end + timedelta(days=1), time.min, tzinfo=zone)
    cutoff = min(end, until)
    window = [w for w in walks if start <= w.started_at < end and w.started_at <= until]
    tests = [t for t in posture_tests if t.performed_at <= cutoff]
    painful = [w for w in window if w.pain_onset_m is not None]
    relief = relief_sign(painful)
    prior = PRIORS.get(suspected_cause, 0.5)
    base = {"window_start": window_start, "window_end": window_end, "walk_ids": _ids(window),
            "prior": prior}
    if relief.observed["painful_walks_with_relief"] < MIN_PAINFUL_WALKS_WITH_RELIEF:
        return PatternAssessment(None, None, (relief,), **base)
    signs = (relief, flexion_sign(painful, window, tests), standing_onset_sign(painful),
             bilateral_sign(painful), back_sign(painful), quality_sign(painful),
             terrain_sign(window), onset_spread_sign(painful), bicycle_sign(tests),
             abi_sign(abi_readings, cutoff))
    spinal = math.prod(s.lr for s in signs if s.lr > 1)
    arterial = math.prod(1 / s.lr for s in signs if s.lr < 1)
    log_odds = math.log(prior / (1 - prior)) + math.log(spinal) - math.log(arterial)
    bounds = CLINIC_BOUNDS if any(s.from_clinic for s in signs) else BOUNDS
    posterior = min(max(1 / (1 + math.exp(-log_odds)), bounds[0]), bounds[1])
    used_tests = {s.observed["posture_test_id"] for s in signs if "posture_test_id" in s.observed}
    latest = [w.started_at for w in window]
    latest += [t.performed_at for t in tests if str(t.id) in used_tests]
    return PatternAssessment(_class(posterior, spinal, arterial), posterior, signs, **base,
                             posture_test_ids=tuple(sorted(used_tests)), latest_data_at=max(latest),
                             spinal_lr=spinal, arterial_lr=arterial, bounds=bounds)


def _ids(walks) -> tuple[str, ...]:
    return tuple(str(w.id) for w in walks)


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
                       time_zone: str = "UTC", suspected_cause: str = "unknown",
                       abi_readings: Sequence = ()) -> NeurogenicPatternFinding:
    """Class the last eight weeks of walks as vascular-like, neurogenic-like, both or mixed; met
    when the class contradicts the recorded cause, or left the clear class of the weeks before."""
    today = as_of.astimezone(ZoneInfo(time_zone)).date()
    judge = {"until": as_of, "time_zone": time_zone, "abi_readings": abi_readings,
             "suspected_cause": suspected_cause}
    current = pattern_assess(walks, posture_tests, window_end=today, **judge)
    evidence = {
        **_assessment_evidence(current),
        "prior_neurogenic": current.prior,
        "window_days": WINDOW_DAYS,
        "recorded_cause": suspected_cause,
        "signs": {sign.name: sign.as_evidence() for sign in current.signs},
        "walk_ids": list(current.walk_ids),
        "posture_test_ids": list(current.posture_test_ids),
    }
    if current.pattern_class is None:
        evidence["minimum_painful_walks_with_relief"] = MIN_PAINFUL_WALKS_WITH_RELIEF
        return NeurogenicPatternFinding(None, None, evidence=evidence)
    evidence.update({
        "spinal_lr": round(current.spinal_lr, 2), "arterial_lr": round(current.arterial_lr, 2),
        "strong_lr": STRONG_LR, "probability_bounds": list(current.bounds)})
    previous = pattern_assess(walks, posture_tests, window_end=today - timedelta(days=WINDOW_DAYS),
                              **judge)
    evidence["previous_window"] = _assessment_evidence(previous)
    keys = {s.source for s in current.signs} | {"jaeschke1994"}
    if current.pattern_class == BOTH:
        keys.add("uesugi2012")
    evidence["sources"] = {key: SOURCES[key] for key in sorted(keys)}
    reasons = []
    if current.pattern_class in CONTRADICTS.get(suspected_cause, ()):
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
