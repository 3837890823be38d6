"""A synthetic cohort with known truth, and the two alarm rules run over it as they would run live.

Each patient walks about once a day for ``DAYS`` days. The pain-free distance of a walk is the
patient's current level times a lognormal factor with a coefficient of variation of 25 %; about a
quarter of the walks end before pain comes (an errand shorter than the pain-free distance), so
they are censored. A known share of patients truly decline by 30-40 %, from a known day, either
in one step or over three weeks; the others are stable.
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from statistics import NormalDist, median

from notifications.detectors.decline import PAIN_FREE, DeclineWalk, distance_decline

SEED = 20260501
PATIENTS = 200
DAYS = 120
DECLINING_SHARE = 0.18
CV = 0.25
PAIN_FREE_WALK_SHARE = 0.25
GRADUAL_DAYS = 21
DAY0 = datetime(2026, 1, 5, tzinfo=UTC)
NAIVE_FRACTION = 0.85  # the naive rule: latest walk below 85 % of the mean of earlier walks
NAIVE_MIN_EARLIER = 5


@dataclass(frozen=True)
class SyntheticPatient:
    number: int
    level_m: float
    decline_pct: float  # 0 for a stable patient
    onset_day: int | None
    gradual: bool
    walks: tuple[DeclineWalk, ...]

    @property
    def declines(self) -> bool:
        return self.onset_day is not None


def _lognormal(rng: random.Random, cv: float) -> float:
    sigma = math.sqrt(math.log(1 + cv * cv))
    return math.exp(rng.gauss(-sigma * sigma / 2, sigma))


def _level(patient_level: float, decline_pct: float, onset: int | None, gradual: bool,
           day: int) -> float:
    if onset is None or day < onset:
        return patient_level
    progress = min((day - onset + 1) / GRADUAL_DAYS, 1.0) if gradual else 1.0
    return patient_level * (1 - decline_pct / 100 * progress)


def cohort(seed: int = SEED, patients: int = PATIENTS) -> list[SyntheticPatient]:
    """The cohort, the same for the same seed."""
    rng = random.Random(seed)
    declining = set(rng.sample(range(patients), round(patients * DECLINING_SHARE)))
    result = []
    for number in range(patients):
        level = rng.uniform(120, 600)
        onset = rng.randint(60, 95) if number in declining else None
        decline_pct = rng.uniform(30, 40) if onset is not None else 0.0
        gradual = rng.random() < 0.5
        walks = []
        for day in range(DAYS):
            count = rng.choices((0, 1, 2), weights=(15, 70, 15))[0]
            for index in range(count):
                pfd = _level(level, decline_pct, onset, gradual, day) * _lognormal(rng, CV)
                started = datetime.combine(DAY0.date() + timedelta(days=day),
                                           time(9 + 5 * index, rng.randrange(60)),
                                           tzinfo=UTC)
                walk_id = f"p{number}-d{day}-{index}"
                if rng.random() < PAIN_FREE_WALK_SHARE:
                    # An errand shorter than the pain-free distance: censored.
                    distance_m = round(pfd * rng.uniform(0.4, 0.95), 1)
                    walks.append(DeclineWalk(walk_id, started, distance_m, None, "goal_reached"))
                else:
                    distance_m = round(pfd * rng.uniform(1.1, 1.6), 1)
                    walks.append(DeclineWalk(walk_id, started, distance_m, round(pfd, 1), "pain"))
        result.append(SyntheticPatient(number, level, decline_pct, onset, gradual, tuple(walks)))
    return result


def detector_alarm_days(patient: SyntheticPatient) -> list[int]:
    """Days on which the detector, judged day by day with hysteresis, raised an alert."""
    alarms, condition_met = [], False
    days = sorted({(w.started_at - DAY0).days for w in patient.walks})
    for day in days:
        as_of = DAY0 + timedelta(days=day + 1) - timedelta(microseconds=1)
        result = distance_decline(patient.walks, measure=PAIN_FREE, as_of=as_of)
        if result.met and not condition_met:
            alarms.append(day)
            condition_met = True
        elif result.met is False:
            condition_met = False
    return alarms


def naive_alarm_days(patient: SyntheticPatient, fraction: float = NAIVE_FRACTION) -> list[int]:
    """Days on which the naive rule fired, given its best reading: it judges only walks with pain
    (a pain-free walk has no pain-free distance to compare) against the mean of earlier ones."""
    alarms, earlier = [], []
    for walk in patient.walks:
        if walk.pain_onset_m is None:
            continue
        mean_m = sum(earlier) / len(earlier) if earlier else 0.0
        if len(earlier) >= NAIVE_MIN_EARLIER and walk.pain_onset_m < fraction * mean_m:
            day = (walk.started_at - DAY0).days
            if not alarms or alarms[-1] != day:
                alarms.append(day)
        earlier.append(walk.pain_onset_m)
    return alarms


@dataclass(frozen=True)
class RuleScore:
    name: str
    stable_patients: int
    stable_with_alarm: int
    decliners: int
    decliners_alarmed_before_onset: int
    detected_first_alarm: int
    median_delay_first_alarm_days: float
    detected_any_alarm: int
    median_delay_any_alarm_days: float
    alarms_per_stable_patient_year: float

    @property
    def patients(self) -> int:
        return self.stable_patients + self.decliners

    @property
    def false_alarm_patients(self) -> int:
        return self.stable_with_alarm + self.decliners_alarmed_before_onset


def _median_with_misses(delays: list[int], decliners: int) -> float:
    # A decliner not detected counts as an infinite delay.
    return median(delays + [math.inf] * (decliners - len(delays))) if decliners else math.nan


def score(name: str, patients: list[SyntheticPatient], alarm_days) -> RuleScore:
    """False-alarm patients (an alarm in a stable patient, or before the onset of a decline) and
    the delay from onset to detection among true decliners, read two ways:

    - *first alarm*: the patient's first alarm is the detection; one before the onset is a false
      alarm and the decline counts as missed (its alert was already raised for noise, so the
      clinician gets nothing new when the decline comes);
    - *any alarm*: the first alarm on or after the onset, whatever came before (kind to a rule
      that alarms often: at a 30 % chance per walk it fires within days of any date).
    """
    stable_with_alarm = alarms_in_stable = before_onset = 0
    first_alarm_delays, any_alarm_delays = [], []
    for patient in patients:
        days = alarm_days(patient)
        if not patient.declines:
            stable_with_alarm += bool(days)
            alarms_in_stable += len(days)
            continue
        before_onset += any(d < patient.onset_day for d in days)
        after = [d for d in days if d >= patient.onset_day]
        if after:
            any_alarm_delays.append(after[0] - patient.onset_day)
            if days[0] >= patient.onset_day:
                first_alarm_delays.append(days[0] - patient.onset_day)
    stable = sum(not p.declines for p in patients)
    decliners = len(patients) - stable
    return RuleScore(
        name, stable, stable_with_alarm, decliners, before_onset,
        len(first_alarm_delays), _median_with_misses(first_alarm_delays, decliners),
        len(any_alarm_delays), _median_with_misses(any_alarm_delays, decliners),
        alarms_in_stable / (stable * DAYS / 365.25) if stable else 0.0,
    )


def table(scores: list[RuleScore]) -> str:
    """The comparison as a plain-text table."""
    columns = [("rule", 28), ("false-alarm pts", 16), ("stable w/ alarm", 16),
               ("alarm pre-onset", 16), ("detected 1st", 13), ("median delay 1st", 17),
               ("detected any", 13), ("median delay any", 17), ("alarms/stable pt-yr", 20)]
    header = "".join(f"{title:<{width}}" if i == 0 else f"{title:>{width}}"
                     for i, (title, width) in enumerate(columns))
    lines = [header, "-" * len(header)]
    for s in scores:
        cells = [s.name, f"{s.false_alarm_patients}/{s.patients}",
                 f"{s.stable_with_alarm}/{s.stable_patients}",
                 f"{s.decliners_alarmed_before_onset}/{s.decliners}",
                 f"{s.detected_first_alarm}/{s.decliners}",
                 f"{s.median_delay_first_alarm_days:g} d",
                 f"{s.detected_any_alarm}/{s.decliners}", f"{s.median_delay_any_alarm_days:g} d",
                 f"{s.alarms_per_stable_patient_year:.1f}"]
        lines.append("".join(
            f"{cell:<{width}}" if i == 0 else f"{cell:>{width}}"
            for i, (cell, (_, width)) in enumerate(zip(cells, columns, strict=True))))
    return "\n".join(lines)


def expected_naive_false_alarm_rate() -> float:
    """The chance that one walk of a stable patient falls below 85 % of the true mean."""
    sigma = math.sqrt(math.log(1 + CV * CV))
    return NormalDist(-sigma * sigma / 2, sigma).cdf(math.log(NAIVE_FRACTION))
