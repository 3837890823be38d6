"""The WIfI ischaemia grade of a leg (Mills et al., J Vasc Surg 2014;59:220-34, Table III), and
toe pressure and TBI judged whenever they are recorded, not only behind a non-compressible ABI."""

from decimal import Decimal as D

import pytest

from records.scoring.abi import AbiCategory, classify_abi
from records.scoring.wifi import wifi_ischaemia_grade


def grade(abi=None, ankle=None, toe=None):
    return wifi_ischaemia_grade(
        abi=None if abi is None else D(abi),
        ankle_pressure_mmhg=None if ankle is None else D(ankle),
        toe_pressure_mmhg=None if toe is None else D(toe),
    )


@pytest.mark.parametrize(("abi", "expected"), [
    ("1.20", 0), ("0.80", 0),  # >= 0.80
    ("0.79", 1), ("0.60", 1),  # 0.60-0.79
    ("0.59", 2), ("0.40", 2),  # 0.40-0.59
    ("0.39", 3), ("0.00", 3),  # <= 0.39
])
def test_wifi_grade_by_abi_follows_the_table(abi, expected):
    result = grade(abi=abi)
    assert (result.grade, result.decided_by) == (expected, "abi")


@pytest.mark.parametrize(("ankle", "expected"), [
    (101, 0),  # > 100
    (100, 1), (71, 1),  # 70-100
    (70, 2),  # listed under grades 1 and 2 by the table: read as the worse
    (50, 2),  # 50-70
    (49, 3), (0, 3),  # < 50
])
def test_wifi_grade_by_ankle_pressure_follows_the_table(ankle, expected):
    # ABI 0.80 is grade 0, so the ankle pressure decides whenever it is worse.
    result = grade(abi="0.80", ankle=ankle)
    assert result.grade == expected
    assert result.grades_by_measure["ankle_pressure"] == expected


@pytest.mark.parametrize(("toe", "expected"), [
    (60, 0), (120, 0),  # >= 60
    (59, 1), (40, 1),  # 40-59
    (39, 2), (30, 2),  # 30-39
    (29, 3), (0, 3),  # < 30
])
def test_wifi_grade_by_toe_pressure_follows_the_table(toe, expected):
    result = grade(abi="1.10", ankle=130, toe=toe)
    assert (result.grade, result.decided_by) == (expected, "toe_pressure")


def test_a_recorded_toe_pressure_decides_when_it_disagrees_with_the_abi():
    # Mills 2014: the toe pressure is the primary determinant of the grade; the other grades are
    # kept beside it so the disagreement is visible.
    result = grade(abi="0.55", ankle=75, toe=45)
    assert (result.grade, result.decided_by) == (1, "toe_pressure")
    assert result.grades_by_measure == {"abi": 2, "ankle_pressure": 1, "toe_pressure": 1}


def test_without_toe_pressure_the_worse_of_abi_and_ankle_pressure_decides():
    result = grade(abi="0.85", ankle=60)
    assert (result.grade, result.decided_by) == (2, "ankle_pressure")


def test_incompressible_abi_is_graded_by_the_toe_or_not_at_all():
    assert grade(abi="1.31", ankle=190).grade is None  # > 1.3 in WIfI: measure the toe
    assert grade(abi="1.30", ankle=180).grade == 0
    result = grade(abi="1.50", ankle=210, toe=20)
    assert (result.grade, result.decided_by) == (3, "toe_pressure")
    assert "abi" not in result.grades_by_measure


@pytest.mark.parametrize("abi", [D("1.10"), D("0.95"), D("1.55")])
def test_toe_pressure_under_30_mmhg_is_severe_whatever_the_abi(abi):
    result = classify_abi(abi, ankle_pressure_mmhg=150, toe_pressure_mmhg=20)
    assert result.category == AbiCategory.SEVERE
    assert "toe pressure 20 < 30 mmHg" in result.interpretation


def test_toe_pressure_of_30_mmhg_leaves_the_abi_category():
    assert classify_abi(D("1.10"), toe_pressure_mmhg=30).category == AbiCategory.NORMAL


def test_an_abnormal_tbi_beside_a_normal_abi_is_said():
    result = classify_abi(D("1.05"), ankle_pressure_mmhg=147, toe_brachial_index=D("0.55"))
    assert result.category == AbiCategory.NORMAL  # the cut-offs belong to the ABI
    assert result.toe_brachial_index_abnormal is True
    assert "TBI 0.55 <= 0.70, abnormal" in result.interpretation
    normal = classify_abi(D("0.95"), toe_brachial_index=D("0.80"))
    assert normal.toe_brachial_index_abnormal is False


def test_the_abi_record_stores_and_returns_the_wifi_grade(client_for, bob, alice):
    response = client_for(bob).post(f"/api/v1/patients/{alice.pk}/abi/", {
        "measured_at": "2026-03-02T09:00:00+01:00", "leg": "left",
        "brachial_left_mmhg": 140, "dorsalis_pedis_mmhg": 205, "posterior_tibial_mmhg": 210,
        "toe_pressure_mmhg": 20,
    }, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["resting_abi"] == 1.5 and body["category"] == "severe"
    assert body["interpretation"]["wifi_ischaemia_grade"] == 3
    assert body["interpretation"]["wifi_ischaemia_decided_by"] == "toe_pressure"
    assert body["interpretation"]["toe_brachial_index_abnormal"] is True
