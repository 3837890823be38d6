"""Scoring alarm rules on the synthetic cohort (``tests.support.synthetic_cohort``), and the table.

A patient's *first* alarm is what reaches the clinician (one unresolved alert per kind). It is a
true detection when the patient declines and the alarm came on or after the onset; any alarm in a
stable patient or an improver, or before a decliner's onset, makes a false-alarm patient (and
the decline counts as missed: its alert was already raised for noise).

- precision = detected / (detected + false-alarm patients); recall = detected / decliners;
- delay = first alarm - the day the true level is 15 % down (a step's onset; a gradual decline
  may be found before it has fallen 15 %, a negative delay); a missed decline counts as infinite
  in the median.
"""

import math
from dataclasses import dataclass
from datetime import timedelta
from statistics import median

from notifications.detectors.neurogenic import NEUROGENIC_LIKE, VASCULAR_LIKE, pattern_assess

from .synthetic_cohort import DAY0, DAYS, SyntheticPatient

TARGET_PRECISION = TARGET_RECALL = 0.9
TARGET_DELAY_DAYS = 7
TARGET_PATTERN_AGREEMENT = 0.9


@dataclass(frozen=True)
class RuleScore:
    name: str
    patients: int
    decliners: int
    false_alarm_patients: int
    detected: int
    delays: dict  # kind -> [delay days] of the detected
    decliners_by_kind: dict

    @property
    def precision(self) -> float:
        flagged = self.detected + self.false_alarm_patients
        return self.detected / flagged if flagged else math.nan

    @property
    def recall(self) -> float:
        return self.detected / self.decliners if self.decliners else math.nan

    def median_delay(self, kind: str | None = None) -> float:
        kinds = [kind] if kind else list(self.decliners_by_kind)
        delays = [d for k in kinds for d in self.delays.get(k, [])]
        total = sum(self.decliners_by_kind[k] for k in kinds)
        return median(delays + [math.inf] * (total - len(delays))) if total else math.nan


def score(name: str, patients: list[SyntheticPatient], alarm_days) -> RuleScore:
    false_alarms, delays = 0, {}
    by_kind: dict[str, int] = {}
    for patient in patients:
        days = alarm_days(patient)
        if patient.declines:
            by_kind[patient.kind] = by_kind.get(patient.kind, 0) + 1
        if not days:
            continue
        if not patient.declines or days[0] < patient.onset_day:
            false_alarms += 1
            continue
        delays.setdefault(patient.kind, []).append(days[0] - patient.crossing_day)
    detected = sum(len(v) for v in delays.values())
    return RuleScore(name, len(patients), sum(by_kind.values()), false_alarms, detected, delays,
                     by_kind)


def pattern_agreement(patients: list[SyntheticPatient]) -> dict[str, tuple[int, int]]:
    """``{group: (agree, classed)}`` for "all", "typical" and "hard" (vascular patients who sit
    to rest with pain in both legs, spinal patients with calf pain): the pattern detector's class
    over the last eight weeks of walks against ``truth_pattern``. Mixed counts as disagreement;
    a patient with not enough data is not classed."""
    counts = {"all": [0, 0], "typical": [0, 0], "hard": [0, 0]}
    end = DAY0 + timedelta(days=DAYS) - timedelta(microseconds=1)
    for patient in patients:
        assessment = pattern_assess(patient.walks, (), window_end=end.date(), until=end)
        if assessment.pattern_class is None:
            continue
        truth = NEUROGENIC_LIKE if patient.truth_pattern == "neurogenic" else VASCULAR_LIKE
        for group in ("all", "hard" if patient.atypical else "typical"):
            counts[group][0] += assessment.pattern_class == truth
            counts[group][1] += 1
    return {group: (agree, classed) for group, (agree, classed) in counts.items()}


def _days(value: float) -> str:
    return "inf" if value == math.inf else f"{value:g} d"


def table(scores: list[RuleScore]) -> str:
    """The comparison as a plain-text table, with the targets in the last row."""
    columns = [("rule", 34), ("false-alarm pts", 16), ("detected", 10), ("precision", 10),
               ("recall", 8), ("delay all", 10), ("delay sudden", 13), ("delay gradual", 14)]
    header = "".join(f"{title:<{width}}" if i == 0 else f"{title:>{width}}"
                     for i, (title, width) in enumerate(columns))
    rows = [[s.name, f"{s.false_alarm_patients}/{s.patients}",
             f"{s.detected}/{s.decliners}", f"{s.precision:.2f}", f"{s.recall:.2f}",
             _days(s.median_delay()), _days(s.median_delay("sudden")),
             _days(s.median_delay("gradual"))] for s in scores]
    rows.append(["target", "", "", f">= {TARGET_PRECISION}", f">= {TARGET_RECALL}",
                 f"<= {TARGET_DELAY_DAYS} d", "", ""])
    lines = [header, "-" * len(header)]
    for cells in rows:
        lines.append("".join(
            f"{cell:<{width}}" if i == 0 else f"{cell:>{width}}"
            for i, (cell, (_, width)) in enumerate(zip(cells, columns, strict=True))))
    return "\n".join(lines)
