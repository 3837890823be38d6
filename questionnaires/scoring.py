"""Scoring of the patient questionnaires: WIQ, Edinburgh (ECQ), Zurich (ZCQ), Oswestry (ODI) and
VascuQoL-6.

Answers arrive from the phone as {item_id: answer}. Only item ids and answers are stored and
scored, never the item wording: the ODI and ZCQ texts are copyrighted and licensed separately.
Every function rejects bad input with a ValueError naming the item id and the rule it broke, and
returns a small frozen dataclass with the score(s) and their interpretation.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

ONE_PLACE = Decimal("0.1")
TWO_PLACES = Decimal("0.01")


def _check_item_ids(instrument: str, answers, known_ids) -> None:
    if not isinstance(answers, Mapping):
        raise ValueError(f"{instrument}: answers must be a mapping of item id to answer")
    unknown = sorted(set(answers) - set(known_ids), key=str)
    if unknown:
        raise ValueError(f"{instrument}: unknown item id {unknown[0]!r}")


def _integer_answer(instrument: str, item_id: str, value, allowed, rule: str) -> int | None:
    """The answer as an int, None when unanswered; ValueError naming the item otherwise."""
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value not in allowed:
        raise ValueError(f"{instrument}: {item_id} must be {rule}, got {value!r}")
    return value


# --- Walking Impairment Questionnaire ------------------------------------------------------------
# Regensteiner JG, Steiner JF, Panzer RJ, Hiatt WR. Evaluation of walking impairment by
# questionnaire in patients with peripheral arterial disease. J Vasc Med Biol 1990;2:142-52.
# Scoring as in McDermott MM et al. J Vasc Surg 1998;28:1072-81: each answer is the degree of
# difficulty, 0 (unable) to 4 (no difficulty); it is multiplied by the item's weight, the products
# are summed and divided by the maximum possible sum (4 x sum of weights), x 100.
WIQ_DISTANCE_WEIGHTS_FT = {
    "distance_indoors": Decimal(20),  # walking indoors, around the home: weighted as 20 ft
    "distance_50ft": Decimal(50),
    "distance_150ft": Decimal(150),  # half a block
    "distance_300ft": Decimal(300),  # one block
    "distance_600ft": Decimal(600),
    "distance_900ft": Decimal(900),
    "distance_1500ft": Decimal(1500),  # five blocks
}
WIQ_SPEED_WEIGHTS_MPH = {
    "speed_1_5mph": Decimal("1.5"),  # one block slowly
    "speed_2mph": Decimal(2),  # one block at average speed
    "speed_3mph": Decimal(3),  # one block quickly
    "speed_5mph": Decimal(5),  # run or jog one block
}
WIQ_STAIRS_WEIGHTS_FLIGHTS = {
    "stairs_1_flight": Decimal(1),
    "stairs_2_flights": Decimal(2),
    "stairs_3_flights": Decimal(3),
}
WIQ_MAX_ANSWER = 4


@dataclass(frozen=True)
class WiqScore:
    distance: Decimal | None  # 0-100; None when an item of the domain is unanswered
    speed: Decimal | None
    stairs: Decimal | None
    interpretation: str = "0-100 per domain; 100 = no difficulty with any item, 0 = unable"


def _wiq_domain(answers, weights) -> Decimal | None:
    # The published rule gives no way to score a domain with a gap, and the weights differ so
    # much (20 ft against 1500 ft) that rescaling over the answered items would change the
    # meaning; a domain with an unanswered item is therefore not scored.
    values = {}
    for item_id in weights:
        values[item_id] = _integer_answer(
            "WIQ", item_id, answers.get(item_id), range(5), "an integer 0-4 (4 = no difficulty)"
        )
    if any(value is None for value in values.values()):
        return None
    weighted = sum(weights[item_id] * values[item_id] for item_id in weights)
    maximum = WIQ_MAX_ANSWER * sum(weights.values())
    return (weighted / maximum * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)


def score_wiq(answers: Mapping[str, int | None]) -> WiqScore:
    """Distance, speed and stair-climbing domain scores, each weighted by its published weights."""
    item_ids = [*WIQ_DISTANCE_WEIGHTS_FT, *WIQ_SPEED_WEIGHTS_MPH, *WIQ_STAIRS_WEIGHTS_FLIGHTS]
    _check_item_ids("WIQ", answers, item_ids)
    return WiqScore(
        distance=_wiq_domain(answers, WIQ_DISTANCE_WEIGHTS_FT),
        speed=_wiq_domain(answers, WIQ_SPEED_WEIGHTS_MPH),
        stairs=_wiq_domain(answers, WIQ_STAIRS_WEIGHTS_FLIGHTS),
    )


# --- Edinburgh Claudication Questionnaire --------------------------------------------------------
# Leng GC, Fowkes FGR. The Edinburgh Claudication Questionnaire: an improved version of the
# WHO/Rose Questionnaire for use in epidemiological surveys. J Clin Epidemiol 1992;45:1101-9.
ECQ_ITEM_IDS = (
    "pain_on_walking",  # 1: pain or discomfort in the leg(s) when walking?        (must be yes)
    "pain_starts_at_rest",  # 2: does it ever begin when standing still or sitting? (must be no)
    "pain_uphill_or_hurrying",  # 3: when walking uphill or hurrying?              (must be yes)
    "pain_at_ordinary_pace",  # 4: at an ordinary pace on the level?        (grade 1 no, 2 yes)
    "pain_on_standing_still",  # 5: "gone_within_10_min" (must be) or "lasts_over_10_min"
    "pain_sites",  # 6: the pain diagram, a list of sites
)
ECQ_STANDING_STILL_ANSWERS = ("gone_within_10_min", "lasts_over_10_min")
# The pain-diagram sites the phone offers (the walk log's words, plus the hamstring of the diagram).
ECQ_SITES = ("back", "buttock", "hip", "thigh", "hamstring", "knee", "calf", "shin", "foot")


@dataclass(frozen=True)
class EcqResult:
    classification: str  # "none", "atypical" or "definite"
    grade: int | None  # 1 or 2 when claudication, None otherwise
    site: str | None  # "calf" or "thigh_or_buttock" when claudication
    interpretation: str


def _yes_no(answers, item_id: str) -> bool:
    value = answers.get(item_id)
    if not isinstance(value, bool):
        raise ValueError(f"ECQ: {item_id} must be answered yes (true) or no (false), got {value!r}")
    return value


def score_ecq(answers: Mapping[str, object]) -> EcqResult:
    """Leng & Fowkes decision rule: no, atypical or definite claudication, with grade and site."""
    _check_item_ids("ECQ", answers, ECQ_ITEM_IDS)
    if not _yes_no(answers, "pain_on_walking"):
        # The questionnaire stops after a "no" here; later answers, if any, are ignored.
        return EcqResult("none", None, None, "no claudication: no leg pain on walking")

    starts_at_rest = _yes_no(answers, "pain_starts_at_rest")
    uphill = _yes_no(answers, "pain_uphill_or_hurrying")
    ordinary_pace = _yes_no(answers, "pain_at_ordinary_pace")
    standing_still = answers.get("pain_on_standing_still")
    if standing_still not in ECQ_STANDING_STILL_ANSWERS:
        raise ValueError(
            "ECQ: pain_on_standing_still must be one of "
            f"{', '.join(ECQ_STANDING_STILL_ANSWERS)}, got {standing_still!r}"
        )
    sites = answers.get("pain_sites")
    if not isinstance(sites, list | tuple | set | frozenset) or not all(
        isinstance(site, str) and site in ECQ_SITES for site in sites
    ):
        raise ValueError(f"ECQ: pain_sites must be a list of {', '.join(ECQ_SITES)}, got {sites!r}")

    # Positive needs all four: pain on walking, never at rest, when hurrying or uphill, and gone
    # within 10 minutes of standing still.
    failed = []
    if starts_at_rest:
        failed.append("pain can start while standing still or sitting")
    if not uphill:
        failed.append("no pain when walking uphill or hurrying")
    if standing_still != "gone_within_10_min":
        failed.append("pain lasts more than 10 minutes after standing still")
    if failed:
        return EcqResult("none", None, None, "no claudication: " + "; ".join(failed))

    grade = 2 if ordinary_pace else 1
    grade_text = (
        "grade 2, pain at an ordinary pace on the level"
        if ordinary_pace
        else "grade 1, no pain at an ordinary pace on the level"
    )
    # Site: calf pain makes it definite whatever else is marked; thigh or buttock pain without
    # calf pain is atypical; pain marked only elsewhere is not claudication.
    if "calf" in sites:
        return EcqResult("definite", grade, "calf", f"definite claudication (calf), {grade_text}")
    if "thigh" in sites or "buttock" in sites:
        return EcqResult(
            "atypical",
            grade,
            "thigh_or_buttock",
            f"atypical claudication (thigh or buttock, no calf pain), {grade_text}",
        )
    return EcqResult(
        "none", None, None, "no claudication: pain marked neither in the calf nor thigh or buttock"
    )


# --- Zurich Claudication Questionnaire (Swiss Spinal Stenosis Questionnaire) ---------------------
# Stucki G, Daltroy L, Liang MH, Lipson SJ, Fossel AH, Katz JN. Measurement properties of a
# self-administered outcome measure in lumbar spinal stenosis. Spine 1996;21:796-803.
# Missing answers: the subscale is the mean of its answered items (the same as replacing a
# missing answer by that mean), with at most 2 missing in symptom severity, 1 in physical
# function and 1 in satisfaction; beyond that the subscale is not scored. These limits are the
# ones of the scoring program of AO Clinical Investigation and Documentation (Blauth J, Daigl M,
# Stata "zcq", 2012), which cites Stucki 1996 and Pratt RK et al. Spine 2002;27:84-91.
ZCQ_SUBSCALES = {
    # name: (item ids, allowed answers, most missing answers allowed)
    "symptom_severity": (
        tuple(f"symptom_{n}" for n in range(1, 8)),
        range(1, 6),
        2,
    ),
    "physical_function": (tuple(f"function_{n}" for n in range(1, 6)), range(1, 5), 1),
    "satisfaction": (tuple(f"satisfaction_{n}" for n in range(1, 7)), range(1, 5), 1),
}
ZCQ_BALANCE_ITEM = "symptom_7"  # answered 1 (none), 3 (sometimes) or 5 (often) only


@dataclass(frozen=True)
class ZcqScore:
    symptom_severity: Decimal | None  # 1-5, higher = worse; None when too many answers miss
    physical_function: Decimal | None  # 1-4, higher = worse
    satisfaction: Decimal | None  # 1-4, higher = less satisfied; only after treatment
    interpretation: str = "means of the answered items; higher is worse on every subscale"


def score_zcq(answers: Mapping[str, int | None]) -> ZcqScore:
    """Symptom severity, physical function and satisfaction: each the mean of its answered items."""
    all_ids = [item_id for ids, _, _ in ZCQ_SUBSCALES.values() for item_id in ids]
    _check_item_ids("ZCQ", answers, all_ids)
    scores = {}
    for name, (item_ids, allowed, most_missing) in ZCQ_SUBSCALES.items():
        values = []
        for item_id in item_ids:
            if item_id == ZCQ_BALANCE_ITEM:
                item_allowed, rule = (1, 3, 5), "1, 3 or 5 (the balance item)"
            else:
                item_allowed, rule = allowed, f"an integer {allowed.start}-{allowed.stop - 1}"
            value = _integer_answer("ZCQ", item_id, answers.get(item_id), item_allowed, rule)
            if value is not None:
                values.append(value)
        if len(item_ids) - len(values) > most_missing:
            scores[name] = None
        else:
            mean = Decimal(sum(values)) / len(values)
            scores[name] = mean.quantize(TWO_PLACES, rounding=ROUND_HALF_UP)
    return ZcqScore(**scores)


# --- Oswestry Disability Index --------------------------------------------------------------------
# Fairbank JCT, Pynsent PB. The Oswestry Disability Index. Spine 2000;25:2940-52 (version 2.1a).
ODI_SECTION_IDS = (
    "pain_intensity",
    "personal_care",
    "lifting",
    "walking",
    "sitting",
    "standing",
    "sleeping",
    "sex_life",
    "social_life",
    "travelling",
)
ODI_MOST_MISSING = 1  # one section may be skipped (often sex life); then the denominator drops
ODI_BANDS = (  # (highest per cent in the band, band), Fairbank & Pynsent 2000
    (20, "minimal disability"),
    (40, "moderate disability"),
    (60, "severe disability"),
    (80, "crippled"),
    (100, "bed-bound"),
)


@dataclass(frozen=True)
class OdiScore:
    percent: Decimal | None  # 0-100, one decimal; None when more than one section is missing
    band: str | None
    sections_answered: int
    interpretation: str


def score_odi(answers: Mapping[str, int | None]) -> OdiScore:
    """Sum of the answered sections / (5 x sections answered) x 100, with its disability band."""
    _check_item_ids("ODI", answers, ODI_SECTION_IDS)
    values = [
        _integer_answer("ODI", section, answers.get(section), range(6), "an integer 0-5")
        for section in ODI_SECTION_IDS
    ]
    answered = [value for value in values if value is not None]
    missing = len(ODI_SECTION_IDS) - len(answered)
    if missing > ODI_MOST_MISSING:
        return OdiScore(
            None,
            None,
            len(answered),
            f"not scored: {missing} sections unanswered, at most {ODI_MOST_MISSING} may be",
        )
    total, maximum = sum(answered), 5 * len(answered)
    # The band is read from the exact fraction (integers, no rounding): 18 of 45 is 40.0 %,
    # moderate, while 19 of 45 (42.2 %) is severe.
    band = next(name for upper, name in ODI_BANDS if total * 100 <= upper * maximum)
    percent = (Decimal(total) / maximum * 100).quantize(ONE_PLACE, rounding=ROUND_HALF_UP)
    return OdiScore(percent, band, len(answered), f"{percent} %: {band}")


# --- Vascular Quality of Life Questionnaire-6 ---------------------------------------------------
# Nordanstig J, Wann-Hansson C, Karlsson J, Lundström M, Pettersson M, Morgan MBF. Vascular
# Quality of Life Questionnaire-6 facilitates health-related quality of life assessment in
# peripheral arterial disease. J Vasc Surg 2014;59(3):700-7 (doi:10.1016/j.jvs.2013.08.099).
# Six items taken from the VascuQoL-25, each answered on four steps scored 1 (worst) to 4 (best);
# the score is the plain sum, 6-24, higher = better quality of life. The paper gives no rule for a
# missing answer, so a response with one is not scored (rescaling would invent a value).
VASCUQOL6_ITEM_IDS = tuple(f"item_{n}" for n in range(1, 7))
VASCUQOL6_ANSWERS = range(1, 5)


@dataclass(frozen=True)
class Vascuqol6Score:
    total: int | None  # 6-24, higher = better; None when an item is unanswered
    items_answered: int
    interpretation: str


def score_vascuqol6(answers: Mapping[str, int | None]) -> Vascuqol6Score:
    """The sum of the six items (each 1-4): 6 (worst) to 24 (best)."""
    _check_item_ids("VascuQoL-6", answers, VASCUQOL6_ITEM_IDS)
    values = [
        _integer_answer("VascuQoL-6", item_id, answers.get(item_id), VASCUQOL6_ANSWERS,
                        "an integer 1-4 (4 = best)")
        for item_id in VASCUQOL6_ITEM_IDS
    ]
    answered = [value for value in values if value is not None]
    if len(answered) < len(VASCUQOL6_ITEM_IDS):
        missing = len(VASCUQOL6_ITEM_IDS) - len(answered)
        return Vascuqol6Score(None, len(answered),
                              f"not scored: {missing} of 6 items unanswered, all 6 are needed")
    total = sum(answered)
    return Vascuqol6Score(total, 6, f"{total} of 24 (6 = worst, 24 = best)")
