"""Minimal clinically important differences (MCIDs) and the verdict a change earns against them.

Pure functions, no database: a change (latest minus the value at the program's start, in the
measure's unit) is compared with the published thresholds, each cited beside its numbers. A
change exactly at a threshold reaches it. A worsening, or an improvement below the smallest
threshold, is ``not_reached``; the change itself shows its direction.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

NOT_REACHED = "not_reached"
SMALL = "small"
MODERATE = "moderate"
LARGE = "large"
# For an instrument with one published threshold (ODI) the verdict is only reached or not.
REACHED = "reached"
VERDICTS = (NOT_REACHED, SMALL, MODERATE, LARGE, REACHED)


@dataclass(frozen=True)
class Mcid:
    """Thresholds for an improvement, in the measure's unit; ``moderate`` may be unpublished."""

    small: int
    moderate: int | None
    large: int
    unit: str
    source: str


# Gardner AW, Montgomery PS, Wang M. Minimal clinically important differences in treadmill,
# 6-minute walk, and patient-based outcomes following supervised and home-based exercise in
# peripheral artery disease. Vasc Med 2018;23(4):349-57 (doi:10.1177/1358863X18762599).
# Distribution-based MCIDs after 12 weeks of supervised exercise, Gardner treadmill protocol.
# (Published in Vascular Medicine, not J Vasc Surg as it is sometimes cited.)
GARDNER_2018 = "Gardner AW et al. Vasc Med 2018;23(4):349-57"
CLAUDICATION_ONSET_MCID = Mcid(small=35, moderate=87, large=138, unit="s", source=GARDNER_2018)
PEAK_WALKING_MCID = Mcid(small=38, moderate=95, large=152, unit="s", source=GARDNER_2018)

# McDermott MM, Tian L, Criqui MH, et al. Meaningful change in 6-minute walk in people with
# peripheral artery disease (Northwestern University record; the journal, J Vasc Surg 2021, is
# from memory). The paper's title and authors are verified; its figures were NOT: only the
# methods part of its abstract could be read. 8 m (small) and 20 m (large) are the values we were
# given for this module (attributed to J Am Geriatr Soc 2011, which could not be confirmed);
# check them against the paper before clinical use. No moderate threshold is used.
MCDERMOTT_6MW = "McDermott MM et al., Meaningful change in 6-minute walk in PAD (unverified)"
SIX_MINUTE_WALK_MCID = Mcid(small=8, moderate=None, large=20, unit="m", source=MCDERMOTT_6MW)

# Ostelo RW, Deyo RA, Stratford P, et al. Interpreting change scores for pain and functional
# status in low back pain: towards international consensus regarding minimal important change.
# Spine 2008;33(1):90-4. ODI (0-100): an improvement of 10 points or of 30 % from the baseline.
OSTELO_2008 = "Ostelo RW et al. Spine 2008;33(1):90-4"
ODI_MCID_POINTS = 10
ODI_MCID_FRACTION = Decimal("0.30")


# --- Questionnaires (issue 12: WIQ and VascuQoL-6 for vascular, ODI and ZCQ for spinal patients) --

# Walking Impairment Questionnaire, each domain 0-100 (higher is better). Gardner AW, Montgomery
# PS, Wang M, Vasc Med 2018 (above) publishes small, moderate and large MCIDs of the WIQ after 12
# weeks of supervised or home exercise, but its WIQ table could not be read here (only the
# abstract, which gives the treadmill figures). No figure is used until someone has checked the
# paper: the change is shown without a verdict, and the answer says why.
WIQ_SOURCE = (f"{GARDNER_2018}: WIQ MCIDs published there, not yet checked, so no verdict "
              "is given")
WIQ_MCID = None

# VascuQoL-6, 6-24 (higher is better). Hageman D, de Wit MWAJM, van den Houten MML, Gommans LNM,
# Scheltinga MRM, Teijink JAW. Vascular Quality of Life Questionnaire-6 before and after
# supervised exercise therapy in patients with intermittent claudication (Maastricht University
# record; journal Eur J Vasc Endovasc Surg from memory, NOT verified). Verified from the abstract:
# 124 patients after 3 months of SET; MID for improvement +2.0 to +3.8 points (anchor- and
# distribution-based), substantial clinical benefit (SCB) +3.7 to +5.0. Small = the lowest MID
# (2); large = the lowest SCB, 3.7, which a whole-point score reaches at 4. No moderate.
HAGEMAN_VASCUQOL6 = "Hageman D et al., VascuQoL-6 before and after SET (MID +2.0, SCB +3.7)"
VASCUQOL6_MCID = Mcid(small=2, moderate=None, large=4, unit="points", source=HAGEMAN_VASCUQOL6)

# Zurich Claudication Questionnaire: symptom severity 1-5 and physical function 1-4, lower is
# better. Minetama M, Kawakami M, Teraguchi M, et al. Responsiveness of the Zurich Claudication
# Questionnaire in patients with lumbar spinal stenosis undergoing nonsurgical treatment. Spine
# 2024;49(18):1275-80 (doi:10.1097/BRS.0000000000004984): in patients on supervised physical
# therapy or a home exercise program, anchor-based MCIDs of symptom severity were -0.64 to -0.13
# points (verified from the abstract; its physical-function figures could NOT be read).
# An improvement of 0.5 points on a subscale is the success criterion we were given for ZCQ
# (attributed to Stucki 1996 and the X-STOP trial, Zucherman 2005; NOT verified); it lies within
# Minetama's symptom-severity range and is used for both subscales.
MINETAMA_2024 = ("Minetama M et al. Spine 2024;49(18):1275-80 (SS MCID -0.64 to -0.13); "
                 "0.5-point criterion unverified")
ZCQ_MCID_POINTS = Decimal("0.5")


def threshold_verdict(*, improvement: float | Decimal | None,
                      threshold: float | Decimal) -> str | None:
    """``reached`` when the improvement (in the better direction) is at least ``threshold``,
    else ``not_reached``; None without an improvement to judge."""
    if improvement is None:
        return None
    return REACHED if Decimal(str(improvement)) >= Decimal(str(threshold)) else NOT_REACHED


def mcid_verdict(*, change: float | int | None, mcid: Mcid) -> str | None:
    """The largest threshold an improvement of ``change`` reaches; None when there is no change
    to judge."""
    if change is None:
        return None
    if change >= mcid.large:
        return LARGE
    if mcid.moderate is not None and change >= mcid.moderate:
        return MODERATE
    if change >= mcid.small:
        return SMALL
    return NOT_REACHED


def odi_verdict(*, before: float | Decimal | None, after: float | Decimal | None) -> str | None:
    """``reached`` when the ODI fell by at least 10 points or 30 % of ``before`` (lower is
    better); None when either score is missing."""
    if before is None or after is None:
        return None
    before, after = Decimal(str(before)), Decimal(str(after))
    improvement = before - after
    if improvement >= ODI_MCID_POINTS or (before > 0 and improvement >= ODI_MCID_FRACTION * before):
        return REACHED
    return NOT_REACHED
