"""ABI, its 2011 ACCF/AHA category, exercise ABI, Fontaine stage and posture effects, by hand."""

from decimal import Decimal

import pytest

from records.scoring.abi import (
    AbiCategory,
    bicycle_posture_effect_percent,
    classify_abi,
    fontaine_stage,
    interpret_exercise_abi,
    posture_effect_percent,
    resting_abi_for_leg,
    shopping_cart_effect_percent,
    toe_brachial_index,
)

D = Decimal


# --- ABI from pressures ---------------------------------------------------------------------------


def test_abi_uses_the_higher_ankle_and_the_higher_arm_pressure():
    # Ankle: max(DP 110, PT 130) = 130 (posterior tibial). Arm: max(L 140, R 120) = 140.
    # 130 / 140 = 0.92857... -> 0.93.
    leg = resting_abi_for_leg(
        dorsalis_pedis_mmhg=110,
        posterior_tibial_mmhg=130,
        left_brachial_mmhg=140,
        right_brachial_mmhg=120,
    )
    assert leg.abi == D("0.93")
    assert leg.ankle_pressure_mmhg == 130
    assert leg.ankle_artery == "posterior_tibial"
    assert leg.brachial_pressure_mmhg == 140
    assert classify_abi(leg.abi).category == AbiCategory.BORDERLINE


def test_a_low_second_ankle_pressure_does_not_lower_the_abi():
    # DP 80 is ignored: the higher, PT 130, is used. 130 / 140 = 0.93 as above.
    # (With the lower pressure it would be 80 / 140 = 0.57, PAD: the low-pressure variant.)
    leg = resting_abi_for_leg(
        dorsalis_pedis_mmhg=80,
        posterior_tibial_mmhg=130,
        left_brachial_mmhg=140,
        right_brachial_mmhg=120,
    )
    assert leg.abi == D("0.93")


def test_one_unmeasurable_arm_and_one_unfound_artery_are_allowed():
    # Only the right arm (125) and the dorsalis pedis (100): 100 / 125 = 0.80, PAD.
    leg = resting_abi_for_leg(
        dorsalis_pedis_mmhg=100,
        posterior_tibial_mmhg=None,
        left_brachial_mmhg=None,
        right_brachial_mmhg=125,
    )
    assert leg.abi == D("0.80")
    assert leg.ankle_artery == "dorsalis_pedis"
    assert classify_abi(leg.abi, ankle_pressure_mmhg=leg.ankle_pressure_mmhg).category == (
        AbiCategory.PAD
    )


@pytest.mark.parametrize(
    ("ankle", "brachial", "reported", "category"),
    [
        # 181 / 200 = 0.905 exactly -> half up -> 0.91, borderline (a float would give 0.90).
        (181, 200, D("0.91"), AbiCategory.BORDERLINE),
        # 179 / 200 = 0.895 -> 0.90, PAD.
        (179, 200, D("0.90"), AbiCategory.PAD),
        # 109 / 120 = 0.9083 -> 0.91: between 0.90 and 0.91 unrounded, so rounding must decide.
        (109, 120, D("0.91"), AbiCategory.BORDERLINE),
        # 199 / 200 = 0.995 -> 1.00, normal.
        (199, 200, D("1.00"), AbiCategory.NORMAL),
    ],
)
def test_the_category_is_read_from_the_abi_rounded_to_two_decimals(
    ankle, brachial, reported, category
):
    leg = resting_abi_for_leg(
        dorsalis_pedis_mmhg=ankle,
        posterior_tibial_mmhg=None,
        left_brachial_mmhg=brachial,
        right_brachial_mmhg=None,
    )
    assert leg.abi == reported
    assert classify_abi(leg.abi).category == category


def test_an_absent_ankle_signal_entered_as_zero_is_severe():
    # 0 / 130 = 0.00 < 0.40, and 0 mmHg < 50 mmHg.
    leg = resting_abi_for_leg(
        dorsalis_pedis_mmhg=0,
        posterior_tibial_mmhg=0,
        left_brachial_mmhg=130,
        right_brachial_mmhg=None,
    )
    assert leg.abi == D("0.00")
    assert classify_abi(leg.abi, ankle_pressure_mmhg=0).category == AbiCategory.SEVERE


@pytest.mark.parametrize(
    ("pressures", "named"),
    [
        ({"dorsalis_pedis_mmhg": None, "posterior_tibial_mmhg": None}, "ankle pressure"),
        ({"dorsalis_pedis_mmhg": -5, "posterior_tibial_mmhg": 100}, "dorsalis_pedis_mmhg"),
        ({"dorsalis_pedis_mmhg": 100, "posterior_tibial_mmhg": 999}, "posterior_tibial_mmhg"),
        ({"dorsalis_pedis_mmhg": True, "posterior_tibial_mmhg": 100}, "dorsalis_pedis_mmhg"),
        ({"dorsalis_pedis_mmhg": "100", "posterior_tibial_mmhg": 100}, "dorsalis_pedis_mmhg"),
    ],
)
def test_bad_ankle_pressures_are_refused_by_name(pressures, named):
    with pytest.raises(ValueError, match=named):
        resting_abi_for_leg(**pressures, left_brachial_mmhg=130, right_brachial_mmhg=130)


@pytest.mark.parametrize(
    ("left", "right", "named"),
    [
        (None, None, "at least one arm"),
        (0, 130, "left_brachial_mmhg"),  # a zero denominator
        (130, 350, "right_brachial_mmhg"),
    ],
)
def test_bad_arm_pressures_are_refused_by_name(left, right, named):
    with pytest.raises(ValueError, match=named):
        resting_abi_for_leg(
            dorsalis_pedis_mmhg=100,
            posterior_tibial_mmhg=100,
            left_brachial_mmhg=left,
            right_brachial_mmhg=right,
        )


# --- category boundaries (ACCF/AHA 2011) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("abi", "category"),
    [
        (D("0.39"), AbiCategory.SEVERE),  # < 0.40
        (D("0.40"), AbiCategory.PAD),  # 0.40 is not < 0.40
        (D("0.90"), AbiCategory.PAD),  # <= 0.90
        (D("0.91"), AbiCategory.BORDERLINE),  # 0.91-0.99
        (D("0.99"), AbiCategory.BORDERLINE),
        (D("1.00"), AbiCategory.NORMAL),  # 1.00-1.40
        (D("1.40"), AbiCategory.NORMAL),
        (D("1.41"), AbiCategory.NON_COMPRESSIBLE),  # > 1.40
        (0.9, AbiCategory.PAD),  # a float is read through its decimal text, 0.9
    ],
)
def test_abi_boundaries(abi, category):
    assert classify_abi(abi).category == category


@pytest.mark.parametrize(
    ("ankle_mmhg", "category"), [(49, AbiCategory.SEVERE), (50, AbiCategory.PAD)]
)
def test_ankle_pressure_under_50_mmhg_is_severe_whatever_the_ratio(ankle_mmhg, category):
    # ABI 0.70 alone is PAD; an ankle pressure of 49 mmHg (< 50) makes it the limb-threat range.
    result = classify_abi(D("0.70"), ankle_pressure_mmhg=ankle_mmhg)
    assert result.category == category
    if category == AbiCategory.SEVERE:
        assert "49" in result.interpretation


@pytest.mark.parametrize(("tbi", "abnormal"), [(D("0.70"), True), (D("0.71"), False), (None, None)])
def test_non_compressible_abi_defers_to_the_toe_brachial_index(tbi, abnormal):
    result = classify_abi(D("1.55"), toe_brachial_index=tbi)
    assert result.category == AbiCategory.NON_COMPRESSIBLE
    assert result.toe_brachial_index_abnormal is abnormal


def test_toe_brachial_index_uses_the_higher_arm():
    # Toe 84 mmHg; arms 130 and 140 -> 84 / 140 = 0.60, <= 0.70: abnormal.
    tbi = toe_brachial_index(84, left_brachial_mmhg=130, right_brachial_mmhg=140)
    assert tbi == D("0.60")
    assert classify_abi(D("1.60"), toe_brachial_index=tbi).toe_brachial_index_abnormal is True


@pytest.mark.parametrize(("abi", "named"), [("0.9", "abi"), (D("-0.1"), "abi"), (True, "abi")])
def test_bad_abi_values_are_refused(abi, named):
    with pytest.raises(ValueError, match=named):
        classify_abi(abi)


# --- exercise ABI (AHA 2012) ----------------------------------------------------------------------


def test_a_fall_of_more_than_20_percent_is_pad_even_from_a_normal_resting_abi():
    # (1.05 - 0.80) / 1.05 x 100 = 0.25 / 1.05 x 100 = 23.809... -> 23.8 % > 20 %.
    result = interpret_exercise_abi(resting_abi=D("1.05"), post_exercise_abi=D("0.80"))
    assert classify_abi(D("1.05")).category == AbiCategory.NORMAL
    assert result.abi_fall_percent == D("23.8")
    assert result.pad is True


@pytest.mark.parametrize(
    ("post", "fall", "pad"),
    [
        (D("0.80"), D("20.0"), False),  # (1.00 - 0.80) / 1.00 = 20 %: not MORE than 20 %
        (D("0.79"), D("21.0"), True),  # 21 % > 20 %
        (D("1.10"), D("-10.0"), False),  # a rise after exercise
    ],
)
def test_exercise_fall_boundary(post, fall, pad):
    result = interpret_exercise_abi(resting_abi=D("1.00"), post_exercise_abi=post)
    assert (result.abi_fall_percent, result.pad) == (fall, pad)


@pytest.mark.parametrize(("post_ankle", "pad"), [(109, True), (110, False)])
def test_an_ankle_pressure_fall_of_more_than_30_mmhg_is_pad(post_ankle, pad):
    # ABI 1.00 -> 0.90 is a 10 % fall, not enough; the ankle falls 140 - 109 = 31 mmHg (> 30)
    # or 140 - 110 = 30 mmHg (not more than 30).
    result = interpret_exercise_abi(
        resting_abi=D("1.00"),
        post_exercise_abi=D("0.90"),
        resting_ankle_pressure_mmhg=140,
        post_exercise_ankle_pressure_mmhg=post_ankle,
    )
    assert result.ankle_pressure_fall_mmhg == 140 - post_ankle
    assert result.pad is pad


@pytest.mark.parametrize(("minutes", "multilevel"), [(5, False), (6, True), (None, None)])
def test_a_recovery_of_more_than_5_minutes_suggests_multilevel_disease(minutes, multilevel):
    result = interpret_exercise_abi(
        resting_abi=D("0.80"), post_exercise_abi=D("0.50"), recovery_minutes=minutes
    )
    assert result.suggests_multilevel_disease is multilevel


def test_no_fall_percent_from_a_zero_resting_abi():
    result = interpret_exercise_abi(resting_abi=D("0.00"), post_exercise_abi=D("0.00"))
    assert result.abi_fall_percent is None
    assert result.pad is False


@pytest.mark.parametrize("minutes", [-1, 500, "6", True])
def test_bad_recovery_minutes_are_refused(minutes):
    with pytest.raises(ValueError, match="recovery_minutes"):
        interpret_exercise_abi(
            resting_abi=D("1.00"), post_exercise_abi=D("0.90"), recovery_minutes=minutes
        )


# --- Fontaine beside Rutherford (TASC II) ---------------------------------------------------------


@pytest.mark.parametrize(
    ("rutherford", "fontaine"),
    [(0, "I"), (1, "IIa"), (2, "IIb"), (3, "IIb"), (4, "III"), (5, "IV"), (6, "IV")],
)
def test_fontaine_stage_beside_rutherford(rutherford, fontaine):
    assert fontaine_stage(rutherford) == fontaine


@pytest.mark.parametrize("rutherford", [-1, 7, "3", True, 2.0, None])
def test_rutherford_outside_0_to_6_is_refused(rutherford):
    with pytest.raises(ValueError, match="rutherford_category"):
        fontaine_stage(rutherford)


# --- posture tests --------------------------------------------------------------------------------


def test_bicycle_posture_effect_of_neurogenic_claudication():
    # Upright 180 s, leaning forward 420 s: (420 - 180) / 180 x 100 = 133.33... -> 133.3 %.
    effect = bicycle_posture_effect_percent(180, 420)
    assert effect.percent == D("133.3")
    assert effect.at_least is False


def test_bicycle_posture_effect_of_vascular_claudication_is_near_zero():
    # Upright 300 s, forward 310 s: (310 - 300) / 300 x 100 = 3.33... -> 3.3 %.
    assert bicycle_posture_effect_percent(300, 310).percent == D("3.3")
    # Worse leaning forward: (150 - 200) / 200 x 100 = -25.0 %.
    assert posture_effect_percent(200, 150).percent == D("-25.0")


def test_shopping_cart_sign_effect_and_a_censored_forward_test():
    # 150 m without the cart, 600 m with it: (600 - 150) / 150 x 100 = 300.0 %.
    assert shopping_cart_effect_percent(150, 600).percent == D("300.0")
    # Stopped at 600 m with no symptom yet: the effect is at least 300 %.
    effect = shopping_cart_effect_percent(150, 600, with_aid_censored=True)
    assert (effect.percent, effect.at_least) == (D("300.0"), True)


@pytest.mark.parametrize(("upright", "forward"), [(0, 120), (None, 120), (120, None)])
def test_no_posture_effect_without_an_upright_value(upright, forward):
    # Upright 0 (symptoms at once) has no ratio; None means the posture was not tested.
    assert posture_effect_percent(upright, forward).percent is None


@pytest.mark.parametrize(("upright", "forward"), [(-1, 120), (120, "60"), (True, 120)])
def test_bad_posture_values_are_refused(upright, forward):
    with pytest.raises(ValueError, match="upright|forward_leaning"):
        posture_effect_percent(upright, forward)
