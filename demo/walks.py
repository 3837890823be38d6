"""Synthetic walks for the demo cohort. They are generated from fixed seeds, so the same patient
always gets the same walks relative to the moment of seeding; every walk goes through the
phone's validator before it is stored."""

import math
import random
import zoneinfo
from datetime import UTC, datetime, time, timedelta
from statistics import NormalDist

from rest_framework.exceptions import ValidationError

from tracker.serializers.walks import WalkInputSerializer

from .cohort import (
    DAY_END_MIN,
    DAY_START_MIN,
    DECLINE_RAMP_DAYS,
    DEMO_DAYS,
    DEMO_SEED,
    IMPROVING,
    NEUROGENIC_QUALITIES,
    ONSET_CV,
    TERRAIN_ONSET_FACTOR,
    TERRAIN_WEIGHTS,
    VASCULAR,
    VASCULAR_QUALITIES,
    WORSENING,
    DemoPatient,
    demo_walk_id,
)


def _poisson(rng: random.Random, mean: float) -> int:
    # Knuth's method; the means here are about 1, so it is quick.
    limit, count, product = math.exp(-mean), 0, rng.random()
    while product > limit:
        count += 1
        product *= rng.random()
    return count


class _Spread:
    """Quasi-random numbers in [0, 1) (a Weyl sequence): each looks random, but any few weeks of
    walks cover the range evenly, so a month's median does not wander by chance."""

    def __init__(self, rng: random.Random, step: float):
        self.value, self.step = rng.random(), step

    def next(self) -> float:
        self.value = (self.value + self.step) % 1.0
        return self.value


def _lognormal(u: float, cv: float) -> float:
    """The ``u`` quantile of a positive factor with mean 1 and coefficient of variation ``cv``."""
    sigma = math.sqrt(math.log(1 + cv * cv))
    z = NormalDist().inv_cdf(min(max(u, 1e-6), 1 - 1e-6))
    return math.exp(-sigma * sigma / 2 + sigma * z)


def _pick(rng: random.Random, weights: dict[str, float], u: float | None = None) -> str:
    """A weighted choice, by ``u`` when given (a quantile), else at random."""
    if u is None:
        return rng.choices(list(weights), weights=list(weights.values()))[0]
    threshold, total = u * sum(weights.values()), 0.0
    for key, weight in weights.items():
        total += weight
        if threshold < total:
            return key
    return key


def _qualities(rng: random.Random, probabilities: dict[str, float]) -> list[str]:
    chosen = [quality for quality, p in probabilities.items() if rng.random() < p]
    return chosen or [next(iter(probabilities))]


class _Draws:
    """A patient's sources of chance: independent streams for what sets the distance to pain."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        # Distinct irrational steps (golden ratio, root 2, root 3) keep the streams unrelated.
        # One onset stream per terrain, so each terrain's walks spread over the whole distribution.
        self.onset = {terrain: _Spread(rng, 0.6180339887) for terrain in TERRAIN_WEIGHTS}
        self.terrain = _Spread(rng, 0.4142135624)
        self.event = _Spread(rng, 0.7320508076)


class _Course:
    """How the patient's distance to pain moves over the 90 days."""

    def __init__(self, patient: DemoPatient, rng: random.Random):
        self.course = patient.course
        # Worsening: a 30-50 % fall that began 3-5 weeks ago and took about ten days, the kind of
        # step a patient may not notice.
        self.drop = rng.uniform(0.35, 0.5) if patient.course == WORSENING else 0.0
        self.decline_start_days_ago = rng.randint(24, 35)
        # Supervised exercise therapy lengthens the pain-free distance by half or more in 12 weeks.
        self.gain = 0.6 if patient.course == IMPROVING else 0.0

    def factor(self, day_index: int) -> float:
        if self.course == WORSENING:
            start = DEMO_DAYS - self.decline_start_days_ago
            progress = min(max((day_index - start) / DECLINE_RAMP_DAYS, 0.0), 1.0)
            return 1.0 - self.drop * progress
        return 1.0 + self.gain * day_index / (DEMO_DAYS - 1)


def _walk(draws: _Draws, patient: DemoPatient, *, factor: float, pace_m_s: float,
          supervised: bool = False) -> dict:
    """The content of one walk (everything but its id and start time)."""
    rng, vascular = draws.rng, patient.pattern == VASCULAR
    terrain_u, event_u = draws.terrain.next(), draws.event.next()
    terrain = "flat" if supervised else _pick(rng, TERRAIN_WEIGHTS, terrain_u)
    aid = "shopping_cart" if patient.uses_shopping_cart and event_u < 0.15 else "none"
    if aid == "shopping_cart":
        painless = rng.random() < 0.55
    else:
        painless = not supervised and 0.23 <= event_u < 0.38
    # Only walks with pain take from the even stream: it is their onsets that make the medians.
    onset_u = rng.random() if painless else draws.onset[terrain].next()
    onset_m = (patient.baseline_onset_m * factor * TERRAIN_ONSET_FACTOR[patient.pattern][terrain]
               * _lognormal(onset_u, ONSET_CV[patient.pattern]))
    if not vascular and 0.15 <= event_u < 0.23:
        onset_m = rng.uniform(15, 80)  # stenosis can bite almost at once, even while standing
    if aid == "shopping_cart":
        onset_m *= rng.uniform(2.5, 4.0)  # leaning on the trolley flexes the spine: the cart sign
    pace_m_s *= rng.gauss(1.0, 0.06) * (0.9 if terrain in ("uphill", "stairs") else 1.0)
    pace_m_s = min(max(pace_m_s, 0.6), 1.3)

    walk = {
        "terrain": terrain, "walking_aid": aid, "source": "supervised" if supervised else "phone",
        "note": "Shopping, leaning on the trolley." if aid == "shopping_cart" else "",
    }
    if painless:
        # Stopped before pain came: the pain-free distance is only known to be at least this long.
        distance_m = max(onset_m * rng.uniform(0.35, 0.95), 40.0)
        stopped_because = _pick(rng, {"goal_reached": 7, "fatigue": 3})
        walk.update(pain_onset_m=None, stopped_because=stopped_because)
    else:
        onset_m = round(max(onset_m, 10.0), 1)
        walked_on = rng.uniform(0.4, 1.0) if supervised else rng.uniform(0.05, 0.6)
        distance_m = onset_m * (1 + walked_on * (1.0 if vascular else 1.5))
        stopped_because = _pick(rng, {"pain": 88, "fatigue": 7, "breathlessness": 5})
        # Stenosis pain is rated a little higher; so is pain once the disease has moved on.
        pain_nrs = rng.randint(3, 7) + (1 if factor < 0.8 else 0) + (0 if vascular else 1)
        walk.update(
            pain_onset_m=onset_m, stopped_because=stopped_because, pain_nrs=min(pain_nrs, 10)
        )
        if vascular:
            locations = list(patient.pain_locations)
            if "thigh" not in locations and rng.random() < 0.2:
                locations.append("thigh")
            walk.update(
                pain_locations=locations, pain_side=patient.affected_side,
                pain_qualities=_qualities(rng, VASCULAR_QUALITIES),
                relief_posture=_pick(rng, {"standing_still": 9, "sitting": 1}),
                relief_s=rng.randint(60, 300),
            )
        else:
            locations = [
                location for location in patient.pain_locations
                if location != "back" or rng.random() < 0.7
            ]
            bilateral = patient.affected_side == "both" or rng.random() < 0.5
            side = "both" if bilateral else patient.affected_side
            walk.update(
                pain_locations=locations, pain_side=side,
                pain_qualities=_qualities(rng, NEUROGENIC_QUALITIES),
                relief_posture=_pick(rng, {"sitting": 6, "bending_forward": 4}),
                relief_s=rng.randint(180, 900),
            )
    distance_m = round(distance_m, 1)
    walk.update(distance_m=distance_m, duration_s=max(1, round(distance_m / pace_m_s)))
    return walk


def demo_walks(patient: DemoPatient, *, end: datetime) -> list[dict]:
    """The patient's walks over the ``DEMO_DAYS`` local days up to ``end``, as a phone sends them.

    Values depend only on the patient; ``end`` only places them in time. Walks not finished by
    ``end`` are left out.
    """
    rng = random.Random(f"{DEMO_SEED}:walks:{patient.email}")
    draws, course = _Draws(rng), _Course(patient, rng)
    walks_per_day = rng.uniform(0.8, 1.5)
    pace_m_s = rng.uniform(0.75, 1.15)
    zone = zoneinfo.ZoneInfo(patient.time_zone)
    local_today = end.astimezone(zone).date()
    walks, index = [], 0
    for day_index in range(DEMO_DAYS):
        day = local_today - timedelta(days=DEMO_DAYS - 1 - day_index)
        count = _poisson(rng, walks_per_day)
        if day_index in (0, DEMO_DAYS - 2):
            count = max(count, 1)  # the log visibly spans the whole period
        starts_min = sorted(rng.randrange(DAY_START_MIN, DAY_END_MIN) for _ in range(count))
        sessions = [(minute, False) for minute in starts_min]
        if patient.course == IMPROVING and day.weekday() in (0, 2, 4):
            sessions.append((10 * 60, True))  # the clinic's supervised sessions, three a week
        for minute, supervised in sorted(sessions):
            content = _walk(draws, patient, factor=course.factor(day_index), pace_m_s=pace_m_s,
                            supervised=supervised)
            local_start = datetime.combine(day, time(minute // 60, minute % 60, rng.randrange(60)),
                                           tzinfo=zone)
            started_at = local_start.astimezone(UTC)
            walk_id = demo_walk_id(email=patient.email, index=index)
            index += 1
            if started_at + timedelta(seconds=content["duration_s"]) > end:
                continue
            walks.append({"id": str(walk_id), "started_at": started_at.isoformat(), **content})
    return walks


class DemoDataError(Exception):
    """The generator produced a walk the phone API would refuse: a bug in the generator."""


def demo_walks_validated(patient: DemoPatient, *, end: datetime) -> list[dict]:
    """The patient's generated walks, each passed through the phone's walk validator."""
    serializer = WalkInputSerializer()
    validated = []
    for item in demo_walks(patient, end=end):
        try:
            validated.append(serializer.run_validation(item))
        except ValidationError as exc:
            message = f"Generated walk fails validation: {exc.detail}; walk: {item}"
            raise DemoDataError(message) from exc
    return validated

