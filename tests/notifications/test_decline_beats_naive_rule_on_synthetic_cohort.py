"""On a synthetic cohort with known truth (``tests/support/synthetic_cohort.py``: day-to-day CV
25 %, clusters of bad days, heavy censoring, sudden and gradual decliners, improvers), the decline
detectors give far fewer false alarms than the naive rule ('latest walk below 85 % of the mean of
earlier walks') and find more declines than the naive rule lowered to the same false-alarm level.
The table, with the targets beside what is reached, is printed and written to .ci/artifacts.

A patient's first alarm is what reaches the clinician (one unresolved alert per kind); see
``tests/support/cohort_scoring.py`` for how precision, recall and delay are read. The assertions
are a regression guard a margin below what the detector reaches, not the targets.
"""

from functools import partial
from pathlib import Path

from notifications.detectors.decline import MAX_WALKING, PAIN_FREE
from tests.support import cohort_scoring as cs
from tests.support import synthetic_cohort as sc

# Reached at commit time: precision 0.83, recall 0.62, median delay of sudden declines 16.5 d;
# pattern agreement 0.88 (the targets, 0.9, 0.9, 7 d and 0.9, are not reached: see the README).
PRECISION_AT_LEAST, RECALL_AT_LEAST, SUDDEN_DELAY_AT_MOST = 0.75, 0.55, 22
PATTERN_AGREEMENT_AT_LEAST = 0.8
ARTIFACT = Path(__file__).resolve().parents[2] / ".ci" / "artifacts" / "synthetic_cohort.txt"


def test_decline_detector_beats_the_naive_rule_on_a_synthetic_cohort():
    patients = sc.cohort()
    decliners = [p for p in patients if p.declines]
    assert len(patients) == sc.PATIENTS and 0.3 <= len(decliners) / len(patients) <= 0.4

    alarms = {p.number: sc.detector_alarm_days(p) for p in patients}

    def first_alarms(measures, patient):
        return sorted({day for m in measures for day in alarms[patient.number][m]})

    either = cs.score("detector, either alert", patients,
                      partial(first_alarms, (PAIN_FREE, MAX_WALKING)))
    pain_free = cs.score("detector, pain-free alert", patients, partial(first_alarms, (PAIN_FREE,)))
    max_walking = cs.score("detector, max walking alert", patients,
                           partial(first_alarms, (MAX_WALKING,)))
    naive = cs.score("naive: latest < 85 % of mean", patients, sc.naive_alarm_days)
    # The fairest rival: the naive rule with its threshold lowered until it alarms no more
    # patients falsely than the detector does (the largest such fraction, in steps of 5 %).
    matched = next(
        score for score in (
            cs.score(f"naive: latest < {pct} % of mean", patients,
                     partial(sc.naive_alarm_days, fraction=pct / 100))
            for pct in range(80, 0, -5))
        if score.false_alarm_patients <= either.false_alarm_patients)
    agreement = cs.pattern_agreement(patients)
    (agree, classed), (typical, typical_n), (hard, hard_n) = (
        agreement["all"], agreement["typical"], agreement["hard"])
    kinds = ", ".join(f"{count} {kind}" for kind, count in sc.KINDS)
    text = "\n".join([
        f"Synthetic cohort: {sc.PATIENTS} patients x {sc.DAYS} days, seed {sc.SEED} ({kinds}); "
        f"day-to-day CV {sc.CV:.0%}, bad-day spells in {sc.BAD_WEEK_SHARE:.0%} of weeks, "
        "15-60 % of walks ended before pain (censored).",
        cs.table([either, pain_free, max_walking, naive, matched]),
        "false-alarm pts: an alarm in a stable patient or an improver,"
        " or before a decline's onset.",
        "delay: first alarm minus the day the true level is 15 % down (missed = inf).",
        f"pattern agreement (notifications.detectors.neurogenic, last 8 weeks, "
        f"mixed = disagree): {agree}/{classed} = {agree / classed:.2f} of classed patients "
        f"({len(patients) - classed} not classed); typical {typical}/{typical_n}, hard cases "
        f"{hard}/{hard_n}; target >= {cs.TARGET_PATTERN_AGREEMENT}.",
    ])
    print("\n" + text)
    ARTIFACT.parent.mkdir(parents=True, exist_ok=True)
    ARTIFACT.write_text(text + "\n")

    assert either.false_alarm_patients < naive.false_alarm_patients / 2
    # At no more false alarms than the detector, the naive rule finds fewer declines.
    assert either.detected > matched.detected
    # Regression guard, a margin below what is reached (see the artefact for the figures).
    assert either.precision >= PRECISION_AT_LEAST and either.recall >= RECALL_AT_LEAST
    assert either.median_delay("sudden") <= SUDDEN_DELAY_AT_MOST
    assert agree / classed >= PATTERN_AGREEMENT_AT_LEAST


def test_the_naive_rule_fires_on_about_three_walks_in_ten_of_a_stable_patient():
    # Why it alarms everyone: the arithmetic, and the cohort agrees with it.
    assert 0.28 < sc.expected_naive_false_alarm_rate() < 0.31
    stable = next(p for p in sc.cohort(patients=20) if not p.declines)
    with_pain = sum(w.pain_onset_m is not None for w in stable.walks)
    assert 0.2 * with_pain < len(sc.naive_alarm_days(stable)) < 0.45 * with_pain
