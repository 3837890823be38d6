"""A synthetic cohort with known truth, and the alarm rules run over it as they would run live.

Every figure here is a project choice meant to make the cohort harder than the phone data we
expect, unless a source is named. Each patient walks on most days (none, one or two walks):

- **Day-to-day variation** of 25 % (coefficient of variation of a lognormal day factor), above
  the within-patient CV of treadmill tests (about 15 % for pain-free, 13 % for maximal walking
  distance, see ``notifications/detectors/decline.py``), because a phone walk is not a treadmill
  test. Two walks of one day share the day factor, and vary by 10 % more between them.
- **Clusters of bad days**: in about a third of weeks, a spell of 2-4 consecutive days
  (weather, a cold) at 65-85 % of the usual distance.
- **Censoring**: most patients end a share of walks (15-30 %) before pain comes, as errands do;
  a third are *cautious* and stop 45-60 % of walks before the pain they expect. A walk with pain
  goes on to the maximal distance and stops for pain, or (one in five) stops earlier for another
  reason, so its maximal distance is censored too.
- **Terrain**: uphill brings pain sooner in vascular disease, downhill in stenosis.
- **Truth**: *stable*; *sudden* decliners, a step of 25-40 % on a known day; *gradual* decliners,
  1.5-3 % a week from a known day (chosen so that the fall reaches 15 % at least three weeks
  before the end); *improvers* after an exercise program (25-50 % better over 12 weeks). A
  decline counts from its onset; the delay is measured from the day the true level is first
  15 % below the level before (the onset, for a step).
- **Pattern**: ``truth_pattern`` is vascular or neurogenic, with hard cases: vascular patients
  who sit down to rest and hurt in both legs, and spinal patients with calf pain.
- **Pain on standing still**: whether pain also comes on while standing, a patient's trait, in
  97 % of spinal and 40 % of vascular patients: Nadeau M et al. Eur Spine J 2013;22(9):1898-905
  give its absence a sensitivity of 0.97 and an NLR of 0.05 for neurogenic claudication, so a
  specificity of 0.60. The app asks on painful walks; a patient with the trait says yes on half
  of them (a project choice: not every walk has a wait at a crossing), one without it says no,
  and one walk in five goes unanswered.
"""

import math
import random
from dataclasses import dataclass
from datetime import UTC, datetime, time, timedelta
from statistics import NormalDist

from notifications.detectors.decline import MAX_WALKING, PAIN_FREE, DeclineWalk, distance_decline

SEED = 20260501
PATIENTS = 160
DAYS = 150
FIRST_JUDGED_DAY = 20  # before it no window can hold enough walks: not judged, to save time
CV = 0.25  # day-to-day
WITHIN_DAY_CV = 0.10
STANDING_PAIN_SHARE = {"neurogenic": 0.97, "vascular": 0.40}  # Nadeau 2013, see above
STANDING_PAIN_WALKS = 0.5
STANDING_UNANSWERED = 0.2
MWD_CV = 0.06  # maximal distance around its ratio to the pain-free distance
BAD_WEEK_SHARE = 0.35
DECLINE_THRESHOLD_PCT = 15.0
KINDS = (("stable", 80), ("sudden", 28), ("gradual", 28), ("improver", 24))
DAY0 = datetime(2026, 1, 5, tzinfo=UTC)
NAIVE_FRACTION = 0.85  # the naive rule: latest walk below 85 % of the mean of earlier walks
NAIVE_MIN_EARLIER = 5


@dataclass(frozen=True)
class CohortWalk(DeclineWalk):
    """A walk with the fields the pattern detector reads as well."""

    pain_locations: tuple[str, ...] = ()
    pain_side: str | None = None
    pain_qualities: tuple[str, ...] = ()
    relief_posture: str | None = None
    terrain: str = "flat"
    walking_aid: str = "none"
    pain_while_standing: bool | None = None

    @property
    def id(self) -> str:
        return self.walk_id


@dataclass(frozen=True)
class SyntheticPatient:
    number: int
    kind: str  # stable, sudden, gradual, improver
    level_m: float
    onset_day: int | None  # a decline's first day
    crossing_day: int | None  # the first day the true level is 15 % below the level before
    truth_pattern: str  # vascular, neurogenic
    atypical: bool
    walks: tuple[CohortWalk, ...]

    @property
    def declines(self) -> bool:
        return self.onset_day is not None


def _lognormal(rng: random.Random, cv: float) -> float:
    sigma = math.sqrt(math.log(1 + cv * cv))
    return math.exp(rng.gauss(-sigma * sigma / 2, sigma))


def _course(rng: random.Random, kind: str) -> tuple:
    """(factor(day), onset, crossing) of a patient of ``kind``."""
    if kind == "sudden":
        onset, step = rng.randint(75, DAYS - 25), rng.uniform(25, 40) / 100
        return (lambda d: 1 - step if d >= onset else 1.0), onset, onset
    if kind == "gradual":
        rate = rng.uniform(1.5, 3.0) / 100 / 7  # per day
        to_cross = math.ceil(DECLINE_THRESHOLD_PCT / 100 / rate)
        onset = rng.randint(30, min(90, DAYS - 21 - to_cross))
        return (lambda d: 1 - rate * max(0, d - onset + 1)), onset, onset + to_cross - 1
    if kind == "improver":
        start, gain = rng.randint(50, 100), rng.uniform(25, 50) / 100
        return (lambda d: 1 + gain * min(max(0, d - start) / 84, 1.0)), None, None
    return (lambda d: 1.0), None, None


def _pattern_fields(rng: random.Random, pattern: str, atypical: bool) -> dict:
    if pattern == "vascular":
        if atypical:  # sits down to rest and hurts in both legs
            return dict(pain_locations=("calf",) if rng.random() < 0.7 else ("calf", "thigh"),
                        pain_side="both", pain_qualities=(rng.choice(("cramping", "tiredness")),),
                        relief_posture="sitting" if rng.random() < 0.7 else "standing_still")
        return dict(pain_locations=("calf",), pain_side=rng.choice(("left", "right", "both")),
                    pain_qualities=(rng.choice(("cramping", "aching")),),
                    relief_posture="standing_still" if rng.random() < 0.85 else "sitting")
    quality = (rng.choice(("tingling", "heaviness", "numbness")),)
    relief = rng.choice(("sitting", "bending_forward")) if rng.random() < 0.85 else "standing_still"
    if atypical:  # spinal stenosis with calf pain
        return dict(pain_locations=("calf",), pain_side=rng.choice(("left", "both")),
                    pain_qualities=quality, relief_posture=relief)
    return dict(pain_locations=rng.choice((("buttock", "thigh"), ("back", "buttock"), ("thigh",))),
                pain_side="both" if rng.random() < 0.6 else "left", pain_qualities=quality,
                relief_posture=relief)


def _bad_days(rng: random.Random) -> set[int]:
    bad = set()
    for week in range(0, DAYS, 7):
        if rng.random() < BAD_WEEK_SHARE:
            first = week + rng.randrange(7)
            bad.update(range(first, first + rng.randint(2, 4)))
    return bad


def _patient(rng: random.Random, number: int, kind: str) -> SyntheticPatient:
    level = rng.uniform(120, 600)
    mwd_ratio = rng.uniform(1.3, 2.0)
    cautious = rng.random() < 1 / 3
    censor_share = rng.uniform(0.45, 0.6) if cautious else rng.uniform(0.15, 0.3)
    pattern = "vascular" if rng.random() < 0.6 else "neurogenic"
    atypical = rng.random() < 0.5
    # A generator of its own, so the walks' distances are the same as without this field.
    standing_rng = random.Random(f"standing-{number}-{level}")
    hurts_standing = standing_rng.random() < STANDING_PAIN_SHARE[pattern]
    factor, onset, crossing = _course(rng, kind)
    bad = _bad_days(rng)
    walks = []
    for day in range(DAYS):
        day_factor = _lognormal(rng, CV) * (rng.uniform(0.65, 0.85) if day in bad else 1.0)
        for index in range(rng.choices((0, 1, 2), weights=(15, 65, 20))[0]):
            terrain = rng.choices(("flat", "uphill", "downhill"), weights=(70, 15, 15))[0]
            hurts_sooner = ("uphill" if pattern == "vascular" else "downhill") == terrain
            level_now = level * factor(day) * (0.8 if hurts_sooner else 1.0)
            pfd = level_now * day_factor * _lognormal(rng, WITHIN_DAY_CV)
            mwd = max(pfd * mwd_ratio * _lognormal(rng, MWD_CV), pfd * 1.05)
            started = datetime.combine(DAY0.date() + timedelta(days=day),
                                       time(9 + 5 * index, rng.randrange(60)), tzinfo=UTC)
            common = dict(walk_id=f"p{number}-d{day}-{index}", started_at=started,
                          stratum=f"{terrain}/none", terrain=terrain)
            if rng.random() < censor_share:  # ended before pain came: censored
                walks.append(CohortWalk(distance_m=round(pfd * rng.uniform(0.4, 0.95), 1),
                                        pain_onset_m=None, stopped_because="goal_reached",
                                        **common))
                continue
            fields = _pattern_fields(rng, pattern, atypical)
            answer = standing_rng.random()
            fields["pain_while_standing"] = (
                None if answer < STANDING_UNANSWERED
                else hurts_standing and standing_rng.random() < STANDING_PAIN_WALKS)
            if rng.random() < 0.8:
                distance_m, stopped = mwd, "pain"
            else:  # stopped for another reason before the maximal distance: censored
                distance_m, stopped = rng.uniform(pfd * 1.02, mwd), rng.choice(
                    ("fatigue", "goal_reached"))
            walks.append(CohortWalk(distance_m=round(distance_m, 1), pain_onset_m=round(pfd, 1),
                                    stopped_because=stopped, **common, **fields))
    return SyntheticPatient(number, kind, level, onset, crossing, pattern, atypical, tuple(walks))


def cohort(seed: int = SEED, patients: int = PATIENTS) -> list[SyntheticPatient]:
    """The cohort, the same for the same seed; kinds in the shares of ``KINDS``."""
    rng = random.Random(seed)
    kinds = [kind for kind, count in KINDS for _ in range(count)]
    total = len(kinds)
    kinds = [kinds[round(i * total / patients) % total] for i in range(patients)]
    rng.shuffle(kinds)
    return [_patient(rng, number, kind) for number, kind in enumerate(kinds)]


def detector_alarm_days(patient: SyntheticPatient,
                        measures: tuple[str, ...] = (PAIN_FREE, MAX_WALKING)) -> dict[str, list]:
    """Days on which a decline alert was raised, per measure, judged day by day with hysteresis
    (one alert per kind and episode), as the evaluation does."""
    alarms: dict[str, list] = {}
    days = sorted({(w.started_at - DAY0).days for w in patient.walks})
    for measure in measures:
        alarms[measure], condition_met = [], False
        for day in days:
            if day < FIRST_JUDGED_DAY:
                continue
            as_of = DAY0 + timedelta(days=day + 1) - timedelta(microseconds=1)
            result = distance_decline(patient.walks, measure=measure, as_of=as_of)
            if result.met and not condition_met:
                alarms[measure].append(day)
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


def expected_naive_false_alarm_rate() -> float:
    """The chance that one walk of a stable patient falls below 85 % of the true mean, with the
    day-to-day CV alone (bad days and the within-day spread make it a little higher)."""
    sigma = math.sqrt(math.log(1 + CV * CV))
    return NormalDist(-sigma * sigma / 2, sigma).cdf(math.log(NAIVE_FRACTION))
