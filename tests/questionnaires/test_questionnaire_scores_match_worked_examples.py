"""WIQ, ECQ, ZCQ and ODI scores against worked examples computed by hand from published rules."""

from decimal import Decimal

import pytest

from questionnaires.scoring import ODI_SECTION_IDS, score_ecq, score_odi, score_wiq, score_zcq

D = Decimal

# --- Walking Impairment Questionnaire -------------------------------------------------------------

WIQ_EXAMPLE = {
    # distance, weights 20, 50, 150, 300, 600, 900, 1500 ft
    "distance_indoors": 4,
    "distance_50ft": 4,
    "distance_150ft": 3,
    "distance_300ft": 2,
    "distance_600ft": 1,
    "distance_900ft": 0,
    "distance_1500ft": 0,
    # speed, weights 1.5, 2, 3, 5 mph
    "speed_1_5mph": 4,
    "speed_2mph": 3,
    "speed_3mph": 1,
    "speed_5mph": 0,
    # stairs, weights 1, 2, 3 flights
    "stairs_1_flight": 4,
    "stairs_2_flights": 2,
    "stairs_3_flights": 1,
}


def test_wiq_worked_example():
    score = score_wiq(WIQ_EXAMPLE)
    # Distance: 20x4 + 50x4 + 150x3 + 300x2 + 600x1 + 900x0 + 1500x0
    #         = 80 + 200 + 450 + 600 + 600 = 1930
    # maximum = 4 x (20 + 50 + 150 + 300 + 600 + 900 + 1500) = 4 x 3520 = 14080
    # 1930 / 14080 x 100 = 13.707... -> 13.7
    assert score.distance == D("13.7")
    # Speed: 1.5x4 + 2x3 + 3x1 + 5x0 = 6 + 6 + 3 = 15; maximum 4 x 11.5 = 46
    # 15 / 46 x 100 = 32.608... -> 32.6
    assert score.speed == D("32.6")
    # Stairs: 1x4 + 2x2 + 3x1 = 11; maximum 4 x 6 = 24; 11 / 24 x 100 = 45.833... -> 45.8
    assert score.stairs == D("45.8")


def test_wiq_extremes_are_0_and_100():
    best, worst = score_wiq({i: 4 for i in WIQ_EXAMPLE}), score_wiq({i: 0 for i in WIQ_EXAMPLE})
    assert (best.distance, best.speed, best.stairs) == (D("100.0"),) * 3
    assert (worst.distance, worst.speed, worst.stairs) == (D("0.0"),) * 3


def test_wiq_domain_with_an_unanswered_item_is_not_scored():
    answers = {**WIQ_EXAMPLE, "distance_900ft": None}
    answers.pop("stairs_3_flights")
    score = score_wiq(answers)
    assert score.distance is None
    assert score.stairs is None
    assert score.speed == D("32.6")  # the complete domain is still scored


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("distance_50ft", 5, "distance_50ft must be an integer 0-4"),
        ("speed_2mph", -1, "speed_2mph must be an integer 0-4"),
        ("stairs_1_flight", "3", "stairs_1_flight"),
        ("stairs_1_flight", True, "stairs_1_flight"),
        ("distance_2000ft", 2, "unknown item id 'distance_2000ft'"),
    ],
)
def test_wiq_invalid_answers_name_the_item(item, value, message):
    with pytest.raises(ValueError, match=message):
        score_wiq({**WIQ_EXAMPLE, item: value})


# --- Edinburgh Claudication Questionnaire --------------------------------------------------------


def ecq(**changes):
    answers = {
        "pain_on_walking": True,
        "pain_starts_at_rest": False,
        "pain_uphill_or_hurrying": True,
        "pain_at_ordinary_pace": False,
        "pain_on_standing_still": "gone_within_10_min",
        "pain_sites": ["calf"],
    }
    answers.update(changes)
    return answers


def test_ecq_calf_pain_is_definite_grade_1():
    # Positive (yes, no, yes, gone within 10 min); no pain at ordinary pace -> grade 1;
    # calf marked (thigh too) -> definite.
    result = score_ecq(ecq(pain_sites=["calf", "thigh"]))
    assert (result.classification, result.grade, result.site) == ("definite", 1, "calf")


def test_ecq_thigh_or_buttock_without_calf_is_atypical_grade_2():
    result = score_ecq(ecq(pain_at_ordinary_pace=True, pain_sites=["buttock"]))
    assert (result.classification, result.grade, result.site) == (
        "atypical",
        2,
        "thigh_or_buttock",
    )


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"pain_starts_at_rest": True}, "standing still or sitting"),
        ({"pain_uphill_or_hurrying": False}, "uphill or hurrying"),
        ({"pain_on_standing_still": "lasts_over_10_min"}, "more than 10 minutes"),
        ({"pain_sites": ["shin", "foot"]}, "neither in the calf"),
        ({"pain_sites": []}, "neither in the calf"),
    ],
)
def test_ecq_each_failed_criterion_means_no_claudication(changes, reason):
    result = score_ecq(ecq(**changes))
    assert (result.classification, result.grade, result.site) == ("none", None, None)
    assert reason in result.interpretation


def test_ecq_stops_after_no_pain_on_walking():
    result = score_ecq({"pain_on_walking": False})
    assert result.classification == "none"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"pain_starts_at_rest": None}, "pain_starts_at_rest must be answered yes"),
        ({"pain_uphill_or_hurrying": "yes"}, "pain_uphill_or_hurrying must be answered"),
        ({"pain_on_standing_still": "sometimes"}, "pain_on_standing_still must be one of"),
        ({"pain_sites": ["calf", "toe"]}, "pain_sites must be a list"),
        ({"pain_sites": "calf"}, "pain_sites must be a list"),
        ({"colour": "red"}, "unknown item id 'colour'"),
    ],
)
def test_ecq_invalid_answers_name_the_item(changes, message):
    with pytest.raises(ValueError, match=message):
        score_ecq(ecq(**changes))


def test_ecq_first_question_must_be_answered():
    with pytest.raises(ValueError, match="pain_on_walking"):
        score_ecq({})


# --- Zurich Claudication Questionnaire ----------------------------------------------------------


def zcq(symptom, function, satisfaction=(None,) * 6):
    answers = {f"symptom_{n}": v for n, v in enumerate(symptom, start=1)}
    answers |= {f"function_{n}": v for n, v in enumerate(function, start=1)}
    answers |= {f"satisfaction_{n}": v for n, v in enumerate(satisfaction, start=1)}
    return answers


def test_zcq_worked_example_before_treatment():
    score = score_zcq(zcq(symptom=(3, 2, 4, 3, 2, 3, 3), function=(2, 3, 2, 1, 2)))
    # Symptom severity: (3 + 2 + 4 + 3 + 2 + 3 + 3) / 7 = 20 / 7 = 2.857... -> 2.86
    assert score.symptom_severity == D("2.86")
    # Physical function: (2 + 3 + 2 + 1 + 2) / 5 = 10 / 5 = 2.00
    assert score.physical_function == D("2.00")
    # Satisfaction is asked only after treatment: all 6 missing -> not scored.
    assert score.satisfaction is None


def test_zcq_missing_answers_up_to_the_limits_use_the_mean_of_the_answered_items():
    score = score_zcq(
        zcq(
            symptom=(3, None, 4, None, 2, 3, 5),  # 2 missing (limit 2): 17 / 5 = 3.40
            function=(2, None, 3, 3, 4),  # 1 missing (limit 1): 12 / 4 = 3.00
            satisfaction=(1, 2, 2, None, 1, 2),  # 1 missing (limit 1): 8 / 5 = 1.60
        )
    )
    assert (score.symptom_severity, score.physical_function, score.satisfaction) == (
        D("3.40"),
        D("3.00"),
        D("1.60"),
    )


def test_zcq_one_more_missing_answer_than_the_limit_leaves_the_subscale_unscored():
    score = score_zcq(
        zcq(
            symptom=(3, None, 4, None, None, 3, 5),  # 3 missing > 2
            function=(2, None, None, 3, 4),  # 2 missing > 1
            satisfaction=(1, None, 2, None, 1, 2),  # 2 missing > 1
        )
    )
    assert (score.symptom_severity, score.physical_function, score.satisfaction) == (
        None,
        None,
        None,
    )


def test_zcq_absent_item_ids_count_as_missing():
    # Only symptom_1..5 and function_1..4 sent: symptom 2 missing, function 1 missing.
    answers = {f"symptom_{n}": 2 for n in range(1, 6)} | {f"function_{n}": 3 for n in range(1, 5)}
    score = score_zcq(answers)
    assert (score.symptom_severity, score.physical_function) == (D("2.00"), D("3.00"))


@pytest.mark.parametrize(
    ("item", "value", "message"),
    [
        ("symptom_7", 2, "symptom_7 must be 1, 3 or 5"),  # the balance item
        ("symptom_1", 6, "symptom_1 must be an integer 1-5"),
        ("symptom_2", 0, "symptom_2 must be an integer 1-5"),
        ("function_1", 5, "function_1 must be an integer 1-4"),
        ("satisfaction_6", 2.5, "satisfaction_6 must be an integer 1-4"),
        ("function_6", 1, "unknown item id 'function_6'"),
    ],
)
def test_zcq_invalid_answers_name_the_item(item, value, message):
    answers = zcq(symptom=(3, 2, 4, 3, 2, 3, 3), function=(2, 3, 2, 1, 2))
    with pytest.raises(ValueError, match=message):
        score_zcq({**answers, item: value})


# --- Oswestry Disability Index --------------------------------------------------------------------


def odi(*values):
    return dict(zip(ODI_SECTION_IDS, values, strict=True))


def odi_with_total(total):
    """Ten sections adding up to total (each 0-5)."""
    values = [min(5, max(0, total - 5 * n)) for n in range(10)]
    assert sum(values) == total
    return odi(*values)


def test_odi_worked_example_all_sections():
    # 2 + 1 + 3 + 2 + 2 + 1 + 1 + 0 + 2 + 2 = 16; 16 / (5 x 10) x 100 = 32.0 % -> moderate
    score = score_odi(odi(2, 1, 3, 2, 2, 1, 1, 0, 2, 2))
    assert (score.percent, score.band, score.sections_answered) == (
        D("32.0"),
        "moderate disability",
        10,
    )


def test_odi_one_missing_section_lowers_the_denominator():
    # Sex life skipped: 16 / (5 x 9) x 100 = 16 / 45 x 100 = 35.555... -> 35.6 %
    # (Fairbank & Pynsent print this example as 35.5 %, truncated; we round half up.)
    score = score_odi(odi(2, 1, 3, 2, 2, 1, 1, None, 2, 2))
    assert (score.percent, score.band, score.sections_answered) == (
        D("35.6"),
        "moderate disability",
        9,
    )


def test_odi_two_missing_sections_are_not_scored():
    score = score_odi(odi(2, 1, 3, 2, 2, 1, 1, None, None, 2))
    assert (score.percent, score.band) == (None, None)
    assert "2 sections unanswered" in score.interpretation


@pytest.mark.parametrize(
    ("total", "percent", "band"),
    [
        (0, D("0.0"), "minimal disability"),
        (10, D("20.0"), "minimal disability"),  # 10 / 50 = 20 %: top of 0-20
        (11, D("22.0"), "moderate disability"),
        (20, D("40.0"), "moderate disability"),
        (21, D("42.0"), "severe disability"),
        (30, D("60.0"), "severe disability"),
        (31, D("62.0"), "crippled"),
        (40, D("80.0"), "crippled"),
        (41, D("82.0"), "bed-bound"),
        (50, D("100.0"), "bed-bound"),
    ],
)
def test_odi_band_boundaries(total, percent, band):
    score = score_odi(odi_with_total(total))
    assert (score.percent, score.band) == (percent, band)


def test_odi_band_boundary_with_nine_sections():
    # 18 / 45 = 40.0 % -> moderate; 19 / 45 = 42.2 % -> severe.
    nine = [s for s in ODI_SECTION_IDS if s != "sex_life"]
    eighteen = dict(zip(nine, [2] * 9, strict=True))
    nineteen = {**eighteen, "pain_intensity": 3}
    assert (score_odi(eighteen).percent, score_odi(eighteen).band) == (
        D("40.0"),
        "moderate disability",
    )
    assert (score_odi(nineteen).percent, score_odi(nineteen).band) == (
        D("42.2"),
        "severe disability",
    )


@pytest.mark.parametrize(
    ("section", "value", "message"),
    [
        ("lifting", 6, "lifting must be an integer 0-5"),
        ("walking", -1, "walking must be an integer 0-5"),
        ("sitting", "2", "sitting must be an integer 0-5"),
        ("standing", False, "standing must be an integer 0-5"),
        ("driving", 2, "unknown item id 'driving'"),
    ],
)
def test_odi_invalid_answers_name_the_section(section, value, message):
    with pytest.raises(ValueError, match=message):
        score_odi({**odi(2, 1, 3, 2, 2, 1, 1, 0, 2, 2), section: value})
