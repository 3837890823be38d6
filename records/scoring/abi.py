"""Ankle-brachial index, its category, exercise ABI, Fontaine stage and posture-test effects.

Sources:
- Gornik HL et al. 2024 ACC/AHA/AACVPR/APMA/ABC/SCAI/SVM/SVN/SVS/SIR/VESS Guideline for the
  Management of Lower Extremity Peripheral Artery Disease. Circulation 2024;149:e1313-e1410:
  ABI > 1.40 noncompressible, 1.00-1.40 normal, 0.91-0.99 borderline, <= 0.90 abnormal (PAD);
  TBI <= 0.70 abnormal, measured when the ABI is > 1.40; exercise (treadmill) ABI when the resting
  ABI is normal or borderline in a patient with exertional leg symptoms. These cut-offs are the
  ones of the 2011 ACCF/AHA focused update (Rooke TW et al., J Am Coll Cardiol 2011;58:2020-45)
  and the 2016 AHA/ACC guideline (Gerhard-Herman MD et al., Circulation 2017;135:e726-79), which
  the 2024 guideline keeps.
- Aboyans V et al. Measurement and Interpretation of the Ankle-Brachial Index: a scientific
  statement from the American Heart Association. Circulation 2012;126:2890-909: how to compute
  the ABI (higher ankle artery over the higher arm); exercise ABI criteria (ABI fall > 20 % or
  ankle pressure fall > 30 mmHg): these two numbers come from this statement.
- Mills JL Sr et al. SVS WIfI classification. J Vasc Surg 2014;59:220-34, and the 2019 Global
  Vascular Guidelines on CLTI (Conte MS et al., J Vasc Surg 2019;69:3S-125S): the limb-threat
  range, ABI < 0.40, ankle pressure < 50 mmHg or toe pressure < 30 mmHg (WIfI ischaemia grade 3,
  see ``records.scoring.wifi``). Ankle pressure < 50 mmHg is also TASC II's threshold.
- Norgren L et al. Inter-Society Consensus (TASC II). J Vasc Surg 2007;45 Suppl S:S5-67: table
  pairing the Fontaine stages with the Rutherford categories.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from enum import StrEnum

from .wifi import TOE_PRESSURE_LIMB_THREAT_BELOW_MMHG

# ABIs are reported to two decimals, and the category is read from the reported value (see
# `round_index`). Both boundaries below are therefore exact on the 0.01 grid: 0.90 is PAD and
# 0.91 is borderline, with no value left between them.
TWO_PLACES = Decimal("0.01")
ONE_PLACE = Decimal("0.1")

ABI_NON_COMPRESSIBLE_ABOVE = Decimal("1.40")  # ACC/AHA 2024: > 1.40 noncompressible
ABI_NORMAL_FROM = Decimal("1.00")  # ACC/AHA 2024: 1.00-1.40 normal
ABI_PAD_AT_OR_BELOW = Decimal("0.90")  # ACC/AHA 2024: <= 0.90 PAD; 0.91-0.99 borderline
ABI_SEVERE_BELOW = Decimal("0.40")  # WIfI (Mills 2014) grade 3 is <= 0.39: limb-threat range
ANKLE_PRESSURE_SEVERE_BELOW_MMHG = 50  # WIfI grade 3 and TASC II: ankle < 50 mmHg, limb threat
TOE_PRESSURE_SEVERE_BELOW_MMHG = TOE_PRESSURE_LIMB_THREAT_BELOW_MMHG  # WIfI grade 3: toe < 30
TBI_ABNORMAL_AT_OR_BELOW = Decimal("0.70")  # ACC/AHA 2024 (as 2016): TBI <= 0.70 abnormal

EXERCISE_ABI_FALL_PAD_ABOVE_PERCENT = Decimal(20)  # AHA 2012 (Aboyans): fall > 20 %
EXERCISE_ANKLE_FALL_PAD_ABOVE_MMHG = 30  # AHA 2012 (Aboyans): ankle pressure fall > 30 mmHg
# "A recovery that takes more than a few minutes suggests multilevel disease." No single
# published cut-off was found; the SVS 2015 claudication guideline (Conte MS et al., J Vasc Surg
# 2015;61:2S-41S) calls > 3 min a delayed recovery. We flag multilevel disease only beyond 5 min,
# a project choice that stays above the "delayed" line so the flag is not raised by every PAD.
RECOVERY_SUGGESTS_MULTILEVEL_AFTER_MIN = 5

# Plausibility bounds for clinic-entered Doppler pressures, to catch typing errors.
MAX_BRACHIAL_PRESSURE_MMHG = 300
MAX_LEG_PRESSURE_MMHG = 400  # calcified ankle arteries can exceed the cuff's usual range


class AbiCategory(StrEnum):
    NON_COMPRESSIBLE = "non_compressible"
    NORMAL = "normal"
    BORDERLINE = "borderline"
    PAD = "pad"
    SEVERE = "severe"


@dataclass(frozen=True)
class LegAbi:
    """Resting ABI of one leg with the pressures it was computed from."""

    abi: Decimal
    ankle_pressure_mmhg: Decimal
    ankle_artery: str  # "dorsalis_pedis" or "posterior_tibial": the higher one
    brachial_pressure_mmhg: Decimal


@dataclass(frozen=True)
class AbiClassification:
    category: AbiCategory
    abi: Decimal
    toe_brachial_index_abnormal: bool | None  # None only when no TBI was recorded
    interpretation: str


@dataclass(frozen=True)
class ExerciseAbiInterpretation:
    abi_fall_percent: Decimal | None
    ankle_pressure_fall_mmhg: Decimal | None
    pad: bool
    suggests_multilevel_disease: bool | None  # None when the recovery time was not entered
    interpretation: str


@dataclass(frozen=True)
class PostureEffect:
    percent: Decimal | None  # None when it cannot be computed (test missing, upright zero)
    at_least: bool  # True when the forward-leaning test ended without symptoms (censored)


def _pressure(name: str, value, *, maximum: int, allow_zero: bool) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{name}: must be a number in mmHg, got {value!r}")
    pressure = Decimal(str(value))
    low_ok = pressure >= 0 if allow_zero else pressure > 0
    if not low_ok or pressure > maximum:
        low = "0" if allow_zero else "more than 0"
        raise ValueError(f"{name}: must be {low} to {maximum} mmHg, got {value!r}")
    return pressure


def _index(name: str, value) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise ValueError(f"{name}: must be a number, got {value!r}")
    index = Decimal(str(value))
    if index < 0 or index > 5:
        raise ValueError(f"{name}: must be 0 to 5, got {value!r}")
    return round_index(index)


def round_half_up(value: Decimal, exponent: Decimal, *, name: str) -> Decimal:
    """``value`` rounded half-up to ``exponent``; a value too large to hold that many decimals
    (a ratio over a vanishingly small number) raises ValueError naming ``name``."""
    try:
        return Decimal(value).quantize(exponent, rounding=ROUND_HALF_UP)
    except InvalidOperation:  # more digits than the decimal context's 28
        raise ValueError(f"{name}: too small against the other value to give a result") from None


def round_index(value: Decimal) -> Decimal:
    """Round an ABI or TBI half-up to the two decimals it is reported with."""
    # Decimal, not float: 0.905 must become 0.91, and a float would hold it as 0.90499...
    return round_half_up(value, TWO_PLACES, name="index")


def higher_brachial_pressure(left_brachial_mmhg, right_brachial_mmhg) -> Decimal:
    """The higher arm pressure, the ABI denominator; one arm may be None (not measurable)."""
    arms = [
        _pressure(name, value, maximum=MAX_BRACHIAL_PRESSURE_MMHG, allow_zero=False)
        for name, value in (
            ("left_brachial_mmhg", left_brachial_mmhg),
            ("right_brachial_mmhg", right_brachial_mmhg),
        )
        if value is not None
    ]
    if not arms:
        raise ValueError("brachial pressure: at least one arm must be measured")
    # Both guidelines divide by the higher arm: a subclavian stenosis lowers one arm's pressure.
    return max(arms)


def resting_abi_for_leg(
    *, dorsalis_pedis_mmhg, posterior_tibial_mmhg, left_brachial_mmhg, right_brachial_mmhg
) -> LegAbi:
    """ABI of one leg: the higher of its two ankle pressures over the higher arm pressure."""
    # Which ankle pressure: the HIGHER of dorsalis pedis and posterior tibial. The ACC/AHA
    # guidelines (2011, kept in 2024) and the AHA 2012 statement on ABI measurement (Aboyans et
    # al.) define the standard, diagnostic ABI that way, and the cut-offs in `classify_abi` were
    # validated on it. Using the lower of the two raises sensitivity but lowers specificity (more
    # legs called PAD that are not), so the cut-offs would no longer mean what the guideline says.
    # One artery may be None when no Doppler signal could be found; an absent signal is entered as
    # 0 mmHg instead.
    candidates = [
        (_pressure(name, value, maximum=MAX_LEG_PRESSURE_MMHG, allow_zero=True), artery)
        for name, artery, value in (
            ("dorsalis_pedis_mmhg", "dorsalis_pedis", dorsalis_pedis_mmhg),
            ("posterior_tibial_mmhg", "posterior_tibial", posterior_tibial_mmhg),
        )
        if value is not None
    ]
    if not candidates:
        raise ValueError("ankle pressure: dorsalis_pedis_mmhg or posterior_tibial_mmhg is needed")
    ankle, artery = max(candidates, key=lambda pair: pair[0])
    brachial = higher_brachial_pressure(left_brachial_mmhg, right_brachial_mmhg)
    return LegAbi(
        abi=round_index(ankle / brachial),
        ankle_pressure_mmhg=ankle,
        ankle_artery=artery,
        brachial_pressure_mmhg=brachial,
    )


def toe_brachial_index(toe_pressure_mmhg, *, left_brachial_mmhg, right_brachial_mmhg) -> Decimal:
    """Toe pressure over the higher arm pressure, rounded to two decimals."""
    toe = _pressure(
        "toe_pressure_mmhg", toe_pressure_mmhg, maximum=MAX_LEG_PRESSURE_MMHG, allow_zero=True
    )
    return round_index(toe / higher_brachial_pressure(left_brachial_mmhg, right_brachial_mmhg))


def classify_abi(
    abi, *, ankle_pressure_mmhg=None, toe_brachial_index=None, toe_pressure_mmhg=None
) -> AbiClassification:
    """Category of a resting ABI by the 2024 ACC/AHA cut-offs, plus the limb-threat range.

    Toe pressure and TBI are judged whenever they were recorded, not only behind a
    noncompressible ABI: a toe pressure < 30 mmHg threatens the limb whatever the ankle shows
    (WIfI ischaemia grade 3), and calcified ankle arteries can read normal (1.00-1.40) as well as
    high, so a normal ABI does not clear a low toe pressure."""
    abi = _index("abi", abi)
    ankle = _optional_pressure("ankle_pressure_mmhg", ankle_pressure_mmhg)
    toe = _optional_pressure("toe_pressure_mmhg", toe_pressure_mmhg)
    tbi = None if toe_brachial_index is None else _index("toe_brachial_index", toe_brachial_index)
    tbi_abnormal = None if tbi is None else tbi <= TBI_ABNORMAL_AT_OR_BELOW
    tbi_text = ""
    if tbi is not None:
        tbi_text = (f"TBI {tbi} <= 0.70, abnormal: PAD" if tbi_abnormal
                    else f"TBI {tbi} > 0.70, normal")

    # Severe first: an ankle pressure under 50 mmHg or a toe pressure under 30 mmHg threatens the
    # limb whatever the ratio says. The ankle pressure meant is the one the ABI used (the higher
    # of the leg's two arteries).
    severe = []
    if abi < ABI_SEVERE_BELOW:
        severe.append(f"ABI {abi} < 0.40")
    if ankle is not None and ankle < ANKLE_PRESSURE_SEVERE_BELOW_MMHG:
        severe.append(f"ankle pressure {ankle} < 50 mmHg")
    if toe is not None and toe < TOE_PRESSURE_SEVERE_BELOW_MMHG:
        severe.append(f"toe pressure {toe} < 30 mmHg")
    if severe:
        if abi > ABI_NON_COMPRESSIBLE_ABOVE:
            severe.insert(0, "non-compressible ABI > 1.40")
        text = f"severe, limb-threat range ({'; '.join(severe)})"
        return AbiClassification(AbiCategory.SEVERE, abi, tbi_abnormal, text)
    if abi > ABI_NON_COMPRESSIBLE_ABOVE:
        # Calcified arteries do not collapse under the cuff, so the ABI says nothing about flow;
        # the toe arteries are usually spared, hence the TBI decides.
        if tbi is None:
            text = "non-compressible arteries (ABI > 1.40): measure the toe-brachial index"
            return AbiClassification(AbiCategory.NON_COMPRESSIBLE, abi, None, text)
        text = f"non-compressible arteries (ABI > 1.40); {tbi_text}"
        return AbiClassification(AbiCategory.NON_COMPRESSIBLE, abi, tbi_abnormal, text)
    if abi <= ABI_PAD_AT_OR_BELOW:
        category, text = AbiCategory.PAD, "PAD (ABI <= 0.90)"
    elif abi < ABI_NORMAL_FROM:
        category, text = AbiCategory.BORDERLINE, "borderline (ABI 0.91-0.99)"
    else:
        category, text = AbiCategory.NORMAL, "normal (ABI 1.00-1.40)"
    # The category stays the ABI's (its cut-offs were set on the ABI), but an abnormal TBI beside
    # a normal or borderline ABI is said, as it points to disease the ankle cuff did not see.
    if tbi_text:
        text = f"{text}; {tbi_text}"
    return AbiClassification(category, abi, tbi_abnormal, text)


def _optional_pressure(name: str, value) -> Decimal | None:
    if value is None:
        return None
    return _pressure(name, value, maximum=MAX_LEG_PRESSURE_MMHG, allow_zero=True)


def interpret_exercise_abi(
    *,
    resting_abi,
    post_exercise_abi,
    resting_ankle_pressure_mmhg=None,
    post_exercise_ankle_pressure_mmhg=None,
    recovery_minutes=None,
) -> ExerciseAbiInterpretation:
    """PAD when the ABI falls > 20 % or the ankle pressure > 30 mmHg after exercise (AHA 2012)."""
    resting = _index("resting_abi", resting_abi)
    post = _index("post_exercise_abi", post_exercise_abi)
    reasons = []

    # The fall is taken between the two ABIs as reported (two decimals), so the clinician can
    # redo the sum from the report: 1.00 -> 0.80 is exactly 20 %, which is not "more than 20 %".
    fall_percent = None
    pad = False
    if resting > 0:
        exact_fall = (resting - post) / resting * 100
        fall_percent = round_half_up(exact_fall, ONE_PLACE, name="resting_abi")
        if exact_fall > EXERCISE_ABI_FALL_PAD_ABOVE_PERCENT:
            pad = True
            reasons.append(f"ABI fell {fall_percent} % (> 20 %)")

    ankle_fall = None
    if resting_ankle_pressure_mmhg is not None and post_exercise_ankle_pressure_mmhg is not None:
        before = _pressure(
            "resting_ankle_pressure_mmhg",
            resting_ankle_pressure_mmhg,
            maximum=MAX_LEG_PRESSURE_MMHG,
            allow_zero=True,
        )
        after = _pressure(
            "post_exercise_ankle_pressure_mmhg",
            post_exercise_ankle_pressure_mmhg,
            maximum=MAX_LEG_PRESSURE_MMHG,
            allow_zero=True,
        )
        ankle_fall = before - after
        if ankle_fall > EXERCISE_ANKLE_FALL_PAD_ABOVE_MMHG:
            pad = True
            reasons.append(f"ankle pressure fell {ankle_fall} mmHg (> 30 mmHg)")

    multilevel = None
    if recovery_minutes is not None:
        if isinstance(recovery_minutes, bool) or not isinstance(
            recovery_minutes, int | float | Decimal
        ):
            raise ValueError(f"recovery_minutes: must be a number, got {recovery_minutes!r}")
        if not 0 <= recovery_minutes <= 120:
            raise ValueError(f"recovery_minutes: must be 0 to 120, got {recovery_minutes!r}")
        multilevel = recovery_minutes > RECOVERY_SUGGESTS_MULTILEVEL_AFTER_MIN
        if multilevel:
            reasons.append(
                f"recovery took {recovery_minutes} min (> 5 min): suggests multilevel disease"
            )

    if pad:
        # A fall after exercise means PAD even when the resting ABI is normal (AHA 2012).
        text = "PAD on exercise: " + "; ".join(reasons)
    else:
        text = "no PAD by the exercise criteria" + ("; " + "; ".join(reasons) if reasons else "")
    return ExerciseAbiInterpretation(fall_percent, ankle_fall, pad, multilevel, text)


# Rutherford 1 (mild claudication) pairs with Fontaine IIa, Rutherford 2-3 (moderate, severe
# claudication) with IIb, as in the TASC II table (Norgren et al. 2007).
_FONTAINE_BY_RUTHERFORD = {0: "I", 1: "IIa", 2: "IIb", 3: "IIb", 4: "III", 5: "IV", 6: "IV"}


def fontaine_stage(rutherford_category: int) -> str:
    """Fontaine stage shown beside the clinician-entered Rutherford category (0-6)."""
    # Exact int only: 2.0 or True would otherwise match the keys 2 and 1.
    if type(rutherford_category) is not int or rutherford_category not in _FONTAINE_BY_RUTHERFORD:
        raise ValueError(
            f"rutherford_category: must be an integer 0 to 6, got {rutherford_category!r}"
        )
    return _FONTAINE_BY_RUTHERFORD[rutherford_category]


def posture_effect_percent(
    upright, forward_leaning, *, forward_leaning_censored: bool = False
) -> PostureEffect:
    """(forward-leaning - upright) / upright x 100: how much longer the patient goes leaning."""
    # Works for any "until symptom onset" quantity: seconds or watts on the bicycle, metres or
    # seconds walking with and without a shopping cart. Neurogenic claudication gives a large
    # positive effect; vascular claudication gives about zero.
    if upright is None or forward_leaning is None:
        return PostureEffect(None, False)  # one of the two postures was not tested
    for name, value in (("upright", upright), ("forward_leaning", forward_leaning)):
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal) or value < 0:
            raise ValueError(f"{name}: must be a number >= 0, got {value!r}")
    upright = Decimal(str(upright))
    if upright == 0:
        # Symptoms at once when upright: no ratio exists, and inventing one would mislead.
        return PostureEffect(None, forward_leaning_censored)
    effect = (Decimal(str(forward_leaning)) - upright) / upright * 100
    # A forward-leaning test stopped before any symptom only shows the effect is at least this.
    percent = round_half_up(effect, ONE_PLACE, name="upright")
    return PostureEffect(percent, forward_leaning_censored)


def bicycle_posture_effect_percent(
    upright_to_onset, forward_leaning_to_onset, *, forward_leaning_censored: bool = False
) -> PostureEffect:
    """Bicycle test: time (s) or workload (W) to symptom onset, upright against leaning forward."""
    return posture_effect_percent(
        upright_to_onset,
        forward_leaning_to_onset,
        forward_leaning_censored=forward_leaning_censored,
    )


def shopping_cart_effect_percent(
    without_aid_to_onset, with_aid_to_onset, *, with_aid_censored: bool = False
) -> PostureEffect:
    """Shopping-cart sign: walking distance or time to onset, without against with a leaning aid."""
    return posture_effect_percent(
        without_aid_to_onset, with_aid_to_onset, forward_leaning_censored=with_aid_censored
    )
