"""The signs the neurogenic-pattern detector reads, each with its likelihood ratio and source.

Every LR here is for a neurogenic cause *against a vascular one* (odds of spinal stenosis over
arterial disease): above 1 points to the spine, below 1 to the arteries. Where a published LR was
measured against "other leg pain" (Suri 2010 pools studies of older adults with leg pain of any
cause) it is used only for a sign that arterial disease does not share; a sign that both diseases
share gets the weight of the one direct neurogenic-against-vascular study (Nadeau 2013) or none.
``SOURCES`` holds the citations; each sign's evidence names its key.
"""

import statistics
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime

from core.stats.censored import CensoredMedian, km_median, pain_free_observations

# How often a pattern must recur, and how big an effect must be, to count: project choices.
PATTERN_SHARE = 0.6  # a relief or calf pattern holds in at least this share of walks
BENDING_SHARE = 0.3  # bending forward recurs: the flexion sign holds
STANDING_ONSET_SHARE, MIN_STANDING_ONSETS = 0.3, 2  # pain while standing recurs
MIN_WALKS_PER_ARM = 3  # walks in each group of a distance comparison (with/without aid, up/down)
MIN_WALKS_FOR_SHARE, MIN_ONSETS_FOR_SPREAD = 3, 6
# Pain-free distance with a forward-leaning aid over without: the sign, and no sign.
CART_EFFECT_RATIO, NO_CART_EFFECT_RATIO = 1.5, 1.15
POSTURE_EFFECT_PCT, NO_POSTURE_EFFECT_PCT = 50.0, 15.0  # clinic tests, same thresholds as ratios
TERRAIN_RATIO = 0.8  # downhill median below 80 % of uphill (or the other way round)
SPREAD_HIGH, SPREAD_LOW = 0.3, 0.15  # quartile coefficient of dispersion of the onset distance
# Resting ABI bands of the 2016 AHA/ACC guideline (records/scoring/abi.py uses the same).
ABI_PAD_AT_MOST, ABI_NORMAL_FROM, ABI_NORMAL_TO = 0.90, 1.00, 1.40

# Forward flexion of the lumbar spine widens the canal; arterial flow does not care. Konno 2007's
# "improvement when bending forward": LR 6.4 (4.1-9.9), as pooled in Suri 2010, Table 3. It is
# the one flexion sign, however many ways the walks or the clinic show it.
FLEXION_LR = 6.4
NO_FLEXION_EFFECT_LR = 0.75  # project assumption: a looked-for effect that is absent
# Nadeau 2013: calf symptoms relieved by standing still, PLR 20.0 for vascular claudication.
CALF_STANDING_RELIEF_LR = 1 / 20
STANDING_RELIEF_LR = 1 / 3  # project assumption: standing relief without calf pain
# Nadeau 2013: pain alleviators "showed a weak clinical significance" between the two: in
# arterial disease any rest helps, so a patient who sits down is no evidence of the spine.
# Katz 1995's 3.3 ("improve when seated") was measured against other leg pain and is not used.
SITTING_RELIEF_LR = 1.0
# Nadeau 2013: absence of "triggering of pain with standing alone" has sensitivity 0.97 and NLR
# 0.050 for neurogenic claudication, so specificity = 0.03 / 0.05 = 0.60 and PLR = 0.97 / 0.40
# = 2.4 (derived here from the abstract's two figures; the paper's table was not available).
# The NLR applies when the patient was asked on enough painful walks and never said yes: null on
# a walk means "not asked", so only answers count.
PAIN_WHILE_STANDING_LR = 2.4
NO_PAIN_WHILE_STANDING_LR = 0.05
MIN_STANDING_ANSWERS = 5  # project choice: a history, not one walk's "no"
# Xu D et al. 2013 (meta-analysis against angiography): ABI <= 0.90 PLR 4.18, NLR 0.29 for PAD.
# As LRs for the spine against the arteries: 1 / 4.18 for a low ABI, 1 / 0.29 for a normal one
# (the NLR is for ABI > 0.90; applying it to 1.00-1.40 only, borderline left out, is cautious).
ABI_LOW_LR, ABI_NORMAL_LR = 1 / 4.18, 1 / 0.29

FORWARD_LEANING_AIDS = frozenset({"shopping_cart", "rollator"})
FLEXION_RELIEF = frozenset({"sitting", "bending_forward"})
NEUROGENIC_QUALITIES = frozenset({"tingling", "numbness", "heaviness", "weakness"})
CLINIC_SIGNS = frozenset({"resting_abi", "bicycle_posture"})  # and a clinic cart test (flexion)

SOURCES = {
    "suri2010": "Suri P, Rainville J, Kalichman L, Katz JN. Does this older adult with lower "
                "extremity pain have the clinical syndrome of lumbar spinal stenosis? JAMA "
                "2010;304(23):2628-36, Table 3",
    "konno2007": "Konno S, Hayashino Y, Fukuhara S, et al. Development of a clinical diagnosis "
                 "support tool to identify patients with lumbar spinal stenosis. Eur Spine J "
                 "2007;16(11):1951-7 (LR as pooled in Suri 2010, Table 3)",
    "nadeau2013": "Nadeau M, Rosas-Arellano MP, Gurr KR, et al. The reliability of "
                  "differentiating neurogenic claudication from vascular claudication based on "
                  "symptomatic presentation. Can J Surg 2013;56(6):372-7",
    "xu2013": "Xu D, Zou L, Xing Y, et al. Diagnostic value of ankle-brachial index in "
              "peripheral arterial disease: a meta-analysis. Can J Cardiol 2013;29(4):492-8 "
              "(ABI <= 0.90: PLR 4.18, NLR 0.29)",
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
    pain_while_standing: bool | None = None


@dataclass(frozen=True)
class PostureReading:
    """A clinic posture test; ``records.models.PostureTest`` rows have the same attributes."""

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

    @property
    def from_clinic(self) -> bool:
        """A clinic measurement (ABI, posture test) carries weight in this sign."""
        return self.lr != 1.0 and ("posture_test_id" in self.observed
                                   or "abi_measurement_ids" in self.observed)


def _ids(walks: Iterable) -> tuple[str, ...]:
    return tuple(str(w.id) for w in walks)


def _median(walks: Sequence) -> CensoredMedian:
    return km_median(pain_free_observations(walks))


def _median_evidence(median: CensoredMedian) -> dict:
    return {"median_m": None if median.value is None else round(median.value, 1),
            "reached": median.reached, "walks": median.n, "censored": median.n_censored}


def relief_sign(painful: Sequence) -> Sign:
    """Where the patient rests. Bending forward is read by ``flexion_sign``, not here."""
    relieved = [w for w in painful if w.relief_posture]
    by_posture = {p: [w for w in relieved if w.relief_posture == p]
                  for p in ("sitting", "bending_forward", "standing_still", "lying_down")}
    flexion = [w for w in relieved if w.relief_posture in FLEXION_RELIEF]
    standing = by_posture["standing_still"]
    calf = [w for w in standing if "calf" in (w.pain_locations or ())]
    n = len(relieved)
    observed = {"painful_walks_with_relief": n, **{p: len(ws) for p, ws in by_posture.items()},
                "calf_pain_among_standing_still": len(calf)}
    if len(standing) >= PATTERN_SHARE * n:
        if len(calf) >= PATTERN_SHARE * len(standing):
            return Sign("relief_posture", "calf_pain_relieved_by_standing_still",
                        CALF_STANDING_RELIEF_LR, "nadeau2013", observed, _ids(calf))
        return Sign("relief_posture", "relieved_by_standing_still", STANDING_RELIEF_LR,
                    "assumption", observed, _ids(standing))
    if n and len(flexion) >= PATTERN_SHARE * n:
        return Sign("relief_posture", "relieved_by_sitting_down", SITTING_RELIEF_LR,
                    "nadeau2013", observed, _ids(flexion))
    return Sign("relief_posture", "no_consistent_relief_posture", 1.0, "none", observed)


def _latest_test(tests: Sequence, kind: str):
    done = [t for t in tests if t.kind == kind and t.effect_pct is not None]
    return max(done, key=lambda t: t.performed_at, default=None)


def _test_effect(test) -> tuple[str, dict]:
    effect = float(test.effect_pct)
    observed = {"posture_test_id": str(test.id), "effect_pct": effect,
                "forward_censored": test.forward_censored}
    if effect >= POSTURE_EFFECT_PCT:
        return "forward_leaning_effect", observed
    if effect <= NO_POSTURE_EFFECT_PCT and not test.forward_censored:
        return "no_forward_leaning_effect", observed
    return "unclear", observed


def _cart_walks(window: Sequence) -> tuple[str, dict, tuple[str, ...]]:
    with_aid = [w for w in window if w.walking_aid in FORWARD_LEANING_AIDS]
    without = [w for w in window if w.walking_aid == "none"]
    observed = {"walks_with_aid": len(with_aid), "walks_without_aid": len(without)}
    if len(with_aid) < MIN_WALKS_PER_ARM or len(without) < MIN_WALKS_PER_ARM:
        return "not_enough_data", observed, ()
    aid_m, none_m = _median(with_aid), _median(without)
    observed = {"with_aid": _median_evidence(aid_m), "without_aid": _median_evidence(none_m)}
    if not (none_m.reached and none_m.value):
        return "unclear", observed, ()
    ratio = aid_m.value / none_m.value  # a lower bound if the with-aid median is unreached
    observed["ratio"] = round(ratio, 2)
    if ratio >= CART_EFFECT_RATIO:
        return "longer_with_forward_leaning_aid", observed, _ids(with_aid)
    if aid_m.reached and ratio <= NO_CART_EFFECT_RATIO:
        return "no_longer_with_forward_leaning_aid", observed, _ids(with_aid)
    return "unclear", observed, ()


def flexion_sign(painful: Sequence, window: Sequence, tests: Sequence) -> Sign:
    """Relief by bending forward, the shopping-cart sign in the walks and the clinic's cart test
    are one physiological sign (flexion opens the canal): its LR applies once, whichever shows it.
    Walks that show it win over an absent effect in the clinic, and the other way round."""
    relieved = [w for w in painful if w.relief_posture]
    bending = [w for w in relieved if w.relief_posture == "bending_forward"]
    cart, cart_observed, cart_ids = _cart_walks(window)
    test = _latest_test(tests, "shopping_cart")
    test_finding, test_observed = _test_effect(test) if test is not None else ("not_recorded", {})
    shown = {
        "relieved_by_bending_forward": bool(bending)
        and len(bending) >= BENDING_SHARE * len(relieved),
        "longer_with_forward_leaning_aid": cart == "longer_with_forward_leaning_aid",
        "cart_test_forward_leaning_effect": test_finding == "forward_leaning_effect",
    }
    observed = {"bending_forward": len(bending), "painful_walks_with_relief": len(relieved),
                "cart_walks": {"finding": cart, **cart_observed},
                "cart_test": {"finding": test_finding, **test_observed},
                "shown_by": [name for name, held in shown.items() if held]}
    walks_show = shown["relieved_by_bending_forward"] or shown["longer_with_forward_leaning_aid"]
    if test_finding == "forward_leaning_effect" and not walks_show:
        observed["posture_test_id"] = test_observed["posture_test_id"]  # the clinic decided
    if any(shown.values()):
        first = next(name for name, held in shown.items() if held)
        ids = tuple(sorted(set(_ids(bending) if shown["relieved_by_bending_forward"] else ())
                           | set(cart_ids)))
        return Sign("flexion", first, FLEXION_LR, "konno2007", observed, ids)
    if cart == "no_longer_with_forward_leaning_aid" or test_finding == "no_forward_leaning_effect":
        if cart != "no_longer_with_forward_leaning_aid":
            observed["posture_test_id"] = test_observed["posture_test_id"]
        return Sign("flexion", "no_flexion_effect", NO_FLEXION_EFFECT_LR, "assumption", observed,
                    cart_ids)
    return Sign("flexion", "not_enough_data", 1.0, "none", observed)


def standing_onset_sign(painful: Sequence) -> Sign:
    """Pain that comes on standing still points to the spine; asked often and never, to the
    arteries (Nadeau 2013)."""
    answered = [w for w in painful if getattr(w, "pain_while_standing", None) is not None]
    standing = [w for w in answered if w.pain_while_standing]
    observed = {"painful_walks": len(painful), "answered": len(answered),
                "pain_while_standing": len(standing)}
    if len(standing) >= MIN_STANDING_ONSETS and len(standing) >= STANDING_ONSET_SHARE * len(
            answered):
        return Sign("pain_while_standing", "pain_came_on_standing_still", PAIN_WHILE_STANDING_LR,
                    "nadeau2013", observed, _ids(standing))
    if not standing and len(answered) >= MIN_STANDING_ANSWERS:
        return Sign("pain_while_standing", "never_on_standing_still", NO_PAIN_WHILE_STANDING_LR,
                    "nadeau2013", observed, _ids(answered))
    return Sign("pain_while_standing", "not_reported", 1.0, "none", observed)


def abi_sign(abi_readings: Sequence, until: datetime) -> Sign:
    """The latest resting ABI of each leg measured by ``until``; the worse leg decides a low ABI,
    and only normal legs make a normal ABI. Borderline and non-compressible ABIs carry no weight."""
    latest: dict = {}
    for reading in sorted(abi_readings, key=lambda r: r.measured_at):
        if reading.measured_at <= until and reading.resting_abi is not None:
            latest[reading.leg] = reading
    if not latest:
        return Sign("resting_abi", "not_recorded", 1.0, "none")
    values = {leg: float(r.resting_abi) for leg, r in sorted(latest.items())}
    observed = {"resting_abi": values,
                "abi_measurement_ids": sorted(str(r.measurement_id) for r in latest.values())}
    if min(values.values()) <= ABI_PAD_AT_MOST:
        return Sign("resting_abi", "abi_0_90_or_less", ABI_LOW_LR, "xu2013", observed)
    if all(ABI_NORMAL_FROM <= v <= ABI_NORMAL_TO for v in values.values()):
        return Sign("resting_abi", "abi_normal_1_00_to_1_40", ABI_NORMAL_LR, "xu2013", observed)
    return Sign("resting_abi", "abi_borderline_or_non_compressible", 1.0, "none", observed)


def bicycle_sign(tests: Sequence) -> Sign:
    # van Gelderen's bicycle test: riding longer leaning forward. No LR found: a modest 2 (or
    # 0.67 with no posture effect), a project assumption.
    test = _latest_test(tests, "bicycle")
    if test is None:
        return Sign("bicycle_posture", "not_recorded", 1.0, "none")
    finding, observed = _test_effect(test)
    lr = {"forward_leaning_effect": 2.0, "no_forward_leaning_effect": 0.67}.get(finding, 1.0)
    return Sign("bicycle_posture", finding, lr, "assumption" if lr != 1.0 else "none", observed)


def quality_sign(painful: Sequence) -> Sign:
    # Project assumption: tingling, numbness, heaviness or weakness 2; none of them 0.5.
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


def bilateral_sign(painful: Sequence) -> Sign:
    # Suri 2010's 6.3 for bilateral pain was measured against other leg pain; arterial disease
    # is often bilateral and Nadeau 2013 found symptom location weak between the two. So both
    # legs get a modest 1.5 (project assumption) and one leg no weight.
    sided = [w for w in painful if w.pain_side]
    both = [w for w in sided if w.pain_side == "both"]
    observed = {"painful_walks_with_side": len(sided), "both_legs": len(both)}
    if len(sided) < MIN_WALKS_FOR_SHARE:
        return Sign("bilateral_pain", "not_enough_data", 1.0, "none", observed)
    if len(both) >= 0.5 * len(sided):
        return Sign("bilateral_pain", "both_legs", 1.5, "assumption", observed, _ids(both))
    return Sign("bilateral_pain", "one_leg_or_sometimes_both", 1.0, "none", observed, _ids(both))


def back_sign(painful: Sequence) -> Sign:
    # Project assumption 1.5; buttock pain is uninformative (Suri 2010: gluteal LR 0.88, and
    # iliac disease hurts there too).
    located = [w for w in painful if w.pain_locations]
    back = [w for w in located if "back" in w.pain_locations]
    buttock = [w for w in located if "buttock" in w.pain_locations]
    observed = {"painful_walks_with_location": len(located), "back": len(back),
                "buttock": len(buttock)}
    if len(located) >= MIN_WALKS_FOR_SHARE and len(back) >= 0.3 * len(located):
        return Sign("back_pain", "back_pain_on_walking", 1.5, "assumption", observed, _ids(back))
    return Sign("back_pain", "little_or_no_back_pain", 1.0, "none", observed)


def terrain_sign(window: Sequence) -> Sign:
    # Project assumption: downhill worse (lumbar extension) 2; uphill worse (more work) 0.5.
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


def onset_spread_sign(painful: Sequence) -> Sign:
    # Project assumption: variable onset 1.5, reproducible 0.67 (arterial claudication comes on
    # at a reproducible workload). Flat walks without an aid, so terrain and the cart sign do not
    # pass for variability. Only observed onsets count: a spread, not a distance.
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
