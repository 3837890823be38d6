"""WIfI ischaemia grade (0-3) of one leg from its ABI, ankle systolic pressure and toe pressure.

Source: Mills JL Sr et al. The Society for Vascular Surgery Lower Extremity Threatened Limb
Classification System: risk stratification based on Wound, Ischemia, and foot Infection (WIfI).
J Vasc Surg 2014;59:220-34, the ischaemia table (Table III) and its footnotes. The same table is
used by the 2019 Global Vascular Guidelines on CLTI (Conte MS et al., J Vasc Surg 2019;69:3S-125S)
and endorsed for staging CLTI by the 2024 ACC/AHA/multisociety PAD guideline (Gornik HL et al.,
Circulation 2024;149:e1313-e1410).

    grade   ABI          ankle systolic   toe pressure (or TcPO2)
    0       >= 0.80      > 100 mmHg       >= 60 mmHg
    1       0.60-0.79    70-100 mmHg      40-59 mmHg
    2       0.40-0.59    50-70 mmHg       30-39 mmHg
    3       <= 0.39      < 50 mmHg        < 30 mmHg

Footnotes of the table, as implemented here (paraphrased from Mills 2014; the grade ranges above
were checked against secondary sources that reproduce the table, the footnotes were not, so a
reviewer with the full text should confirm them):
- Toe pressure or TcPO2 is to be measured when the ABI is incompressible (> 1.3): above 1.30 the
  ABI and the ankle pressure are not used, and without a toe pressure no grade is given (``None``).
- When toe pressure and ABI give different grades, the toe pressure is the primary determinant
  of the ischaemia grade: a recorded toe pressure decides. The grade of every measure is kept
  beside it (``grades_by_measure``), and an ABI < 0.40 or ankle pressure < 50 mmHg is still a
  limb threat for the ABI category and the detector whatever the toe pressure.
Where the table is silent we choose, and say so beside the code: ABI and ankle pressure that
disagree (no toe pressure) give the worse of their two grades, and the ankle pressure of exactly
70 mmHg, which the table lists under both grade 1 (70-100) and grade 2 (50-70), is read as grade 2.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

# Mills 2014, Table III: lower bound of each grade, best first (grade = index of first bound met).
WIFI_ABI_GRADE_FROM = (Decimal("0.80"), Decimal("0.60"), Decimal("0.40"))  # else <= 0.39: 3
# Ankle systolic: > 100 is grade 0; 70-100 grade 1; 50-70 grade 2; < 50 grade 3. The table puts
# 70 in both grades 1 and 2: we read it as grade 2, the worse (project choice, see above).
WIFI_ANKLE_GRADE_ABOVE_MMHG = (100, 70)  # strictly above 100: 0; above 70: 1
WIFI_ANKLE_GRADE_3_BELOW_MMHG = 50  # < 50: grade 3; 50-70: grade 2
WIFI_TOE_GRADE_FROM_MMHG = (60, 40, 30)  # >= 60: 0; 40-59: 1; 30-39: 2; else < 30: 3
WIFI_ABI_INCOMPRESSIBLE_ABOVE = Decimal("1.30")  # Mills 2014 footnote: "incompressible (>1.3)"

TOE_PRESSURE_LIMB_THREAT_BELOW_MMHG = 30  # WIfI grade 3; CLTI rest-pain threshold (GVG 2019)


@dataclass(frozen=True)
class WifiIschaemia:
    grade: int | None  # None: not gradable (incompressible ABI and no toe pressure)
    decided_by: str | None  # "toe_pressure", "abi" or "ankle_pressure"
    interpretation: str
    # The grade each recorded measure gives on its own, so a clinician sees a disagreement.
    grades_by_measure: dict[str, int]


def _abi_grade(abi: Decimal) -> int:
    for grade, bound in enumerate(WIFI_ABI_GRADE_FROM):
        if abi >= bound:
            return grade
    return 3


def _ankle_grade(ankle: Decimal) -> int:
    for grade, bound in enumerate(WIFI_ANKLE_GRADE_ABOVE_MMHG):
        if ankle > bound:
            return grade
    return 2 if ankle >= WIFI_ANKLE_GRADE_3_BELOW_MMHG else 3


def _toe_grade(toe: Decimal) -> int:
    for grade, bound in enumerate(WIFI_TOE_GRADE_FROM_MMHG):
        if toe >= bound:
            return grade
    return 3


def wifi_ischaemia_grade(
    *, abi: Decimal | None, ankle_pressure_mmhg: Decimal | None, toe_pressure_mmhg: Decimal | None
) -> WifiIschaemia:
    """The WIfI ischaemia grade and the measure that decided it. Values are already validated
    (``records.scoring.abi``); the ABI is the reported two-decimal value."""
    usable_abi = abi is not None and abi <= WIFI_ABI_INCOMPRESSIBLE_ABOVE
    grades: dict[str, int] = {}
    if usable_abi:
        grades["abi"] = _abi_grade(abi)
        if ankle_pressure_mmhg is not None:
            grades["ankle_pressure"] = _ankle_grade(Decimal(ankle_pressure_mmhg))
    if toe_pressure_mmhg is not None:
        grades["toe_pressure"] = _toe_grade(Decimal(toe_pressure_mmhg))
        # Mills 2014: the toe pressure is the primary determinant when it is measured, and the
        # only usable one when the ankle arteries are incompressible.
        grade = grades["toe_pressure"]
        text = f"WIfI ischaemia grade {grade} (toe pressure {toe_pressure_mmhg} mmHg)"
        return WifiIschaemia(grade, "toe_pressure", text, grades)
    if not usable_abi:
        text = "WIfI ischaemia not gradable: ABI > 1.3 (incompressible), measure the toe pressure"
        return WifiIschaemia(None, None, text, grades)
    # Without a toe pressure the table gives no rule for ABI and ankle pressure that disagree: the
    # worse grade is taken (project choice), so a low ankle pressure is never hidden by the ratio.
    # Ties go to the ABI, the measure the table lists first.
    measure = max(grades, key=lambda name: grades[name])
    shown = f"ABI {abi}" if measure == "abi" else f"ankle pressure {ankle_pressure_mmhg} mmHg"
    return WifiIschaemia(
        grades[measure], measure, f"WIfI ischaemia grade {grades[measure]} ({shown})", grades
    )
