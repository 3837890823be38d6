"""A synthetic demo cohort: a clinic, its carers and patients with 90 days of walks.

The walks are generated from fixed seeds, so the same patient always gets the same walks relative
to the moment of seeding; every walk goes through the phone's validator before it is stored.
"""

import math
import random
import uuid
import zoneinfo
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from datetime import timezone as dt_timezone
from statistics import NormalDist

from django.db import transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Role, User
from accounts.selectors import care_teams_of
from accounts.services import care_team_add_members, clinic_onboard, patient_enroll

from .serializers import WalkInputSerializer
from .services import CREATED, walks_sync

DEMO_CLINIC_NAME = "Stride Demo Clinic"
# A local demo only: the password is printed on the console and is the same for every account.
DEMO_PASSWORD = "stride-demo-2026"
CLINICIAN_EMAIL = "clinician@demo.stride"
CLINICIAN_NAME = "Dr Amelia Grant"
COORDINATOR_EMAIL = "coordinator@demo.stride"
COORDINATOR_NAME = "Tom Fletcher"
ADMIN_EMAIL = "admin@demo.stride"
ADMIN_NAME = "Demo Administrator"

DEMO_DAYS = 90
# Walk ids are uuid5(namespace, "<email>:<index>"): syncing the same walks again is a duplicate.
DEMO_NAMESPACE = uuid.UUID("6f1c3f0e-2b7d-5a44-9c1e-5d3a7e0b9f21")
DEMO_SEED = "stride-demo-2026"
DECLINE_RAMP_DAYS = 10
# Patients log walks in their local daytime.
DAY_START_MIN = 8 * 60
DAY_END_MIN = 19 * 60

VASCULAR, NEUROGENIC = "vascular", "neurogenic"
STABLE, WORSENING, IMPROVING = "stable", "worsening", "improving"


@dataclass(frozen=True)
class DemoPatient:
    """One synthetic patient: ``pattern`` is how their walks behave, ``suspected_cause`` what the
    clinic recorded (usually the same; a mismatch is deliberate)."""

    number: int
    full_name: str
    sex: str
    age_years: int
    time_zone: str
    pattern: str
    course: str
    suspected_cause: str
    affected_side: str
    baseline_onset_m: float
    pain_locations: tuple[str, ...]
    uses_shopping_cart: bool = False

    @property
    def email(self) -> str:
        return f"patient{self.number:02d}@demo.stride"


_LON, _PAR, _NYC = "Europe/London", "Europe/Paris", "America/New_York"
_V, _N = VASCULAR, NEUROGENIC
_S, _W, _I = STABLE, WORSENING, IMPROVING
_CALF, _CALF_THIGH, _ILIAC = ("calf",), ("calf", "thigh"), ("buttock", "thigh")
_LUMBAR, _LUMBAR_LOW = ("back", "buttock", "thigh"), ("buttock", "thigh", "calf")
_F, _M = "female", "male"
_P = DemoPatient
DEMO_COHORT: tuple[DemoPatient, ...] = (
    _P(1, "Margaret Hughes", _F, 72, _LON, _V, _W, "vascular", "left", 320, _CALF),
    _P(2, "Jean-Pierre Martin", _M, 68, _PAR, _V, _S, "vascular", "right", 450, _CALF),
    _P(3, "Robert Johnson", _M, 74, _NYC, _V, _S, "vascular", "left", 280, _CALF_THIGH),
    _P(4, "David Thompson", _M, 66, _LON, _V, _W, "vascular", "right", 520, _CALF),
    _P(5, "Françoise Bernard", _F, 79, _PAR, _V, _S, "vascular", "both", 220, _CALF),
    _P(6, "Linda Williams", _F, 63, _NYC, _V, _I, "vascular", "left", 250, _CALF),
    _P(7, "Peter Clarke", _M, 70, _LON, _V, _S, "vascular", "left", 380, _ILIAC),
    _P(8, "Michel Dubois", _M, 81, _PAR, _V, _W, "vascular", "right", 240, _CALF),
    _P(9, "James Miller", _M, 58, _NYC, _V, _S, "mixed", "right", 600, _CALF),
    _P(10, "Susan Walker", _F, 76, _LON, _V, _S, "unknown", "left", 300, ("calf", "foot")),
    _P(11, "Catherine Leroy", _F, 69, _PAR, _V, _S, "vascular", "right", 410, _CALF),
    _P(12, "William Harris", _M, 77, _NYC, _V, _W, "vascular", "both", 350, _CALF_THIGH),
    _P(13, "Patricia Evans", _F, 71, _LON, _N, _S, "neurogenic", "both", 350, _LUMBAR, True),
    _P(14, "Alain Moreau", _M, 77, _PAR, _N, _W, "neurogenic", "both", 420, _LUMBAR_LOW, True),
    _P(15, "Barbara Davis", _F, 73, _NYC, _N, _S, "neurogenic", "both", 300, _LUMBAR),
    # Walks like spinal stenosis but recorded as vascular: the mismatch detectors should flag.
    _P(16, "George Wilson", _M, 80, _LON, _N, _S, "vascular", "left", 380, _LUMBAR_LOW, True),
    _P(17, "Isabelle Petit", _F, 65, _PAR, _N, _S, "neurogenic", "right", 500, _LUMBAR),
    _P(18, "Richard Brown", _M, 62, _NYC, _N, _S, "mixed", "both", 450, _LUMBAR),
    _P(19, "Helen Roberts", _F, 83, _LON, _N, _S, "neurogenic", "both", 200, _LUMBAR, True),
    _P(20, "Nathalie Girard", _F, 75, _PAR, _N, _S, "neurogenic", "left", 330, _LUMBAR_LOW),
    _P(21, "Thomas Anderson", _M, 67, _NYC, _N, _S, "neurogenic", "both", 550, _LUMBAR, True),
    _P(22, "Elizabeth Taylor", _F, 78, _LON, _N, _S, "unknown", "both", 280, _LUMBAR),
)
del _P

# How terrain changes the distance to pain: arteries suffer uphill, stenosis downhill (the spine
# extends, narrowing the canal) and less uphill (walking bent forward opens it).
TERRAIN_WEIGHTS = {"flat": 55, "mixed": 20, "uphill": 12, "downhill": 10, "stairs": 3}
TERRAIN_ONSET_FACTOR = {
    VASCULAR: {"flat": 1.0, "mixed": 0.85, "uphill": 0.6, "downhill": 1.15, "stairs": 0.5},
    NEUROGENIC: {"flat": 1.0, "mixed": 0.9, "uphill": 1.2, "downhill": 0.65, "stairs": 1.0},
}
# Coefficient of variation of the distance to pain between walks on the same terrain.
ONSET_CV = {VASCULAR: 0.25, NEUROGENIC: 0.35}
VASCULAR_QUALITIES = {"cramping": 0.8, "aching": 0.5, "tiredness": 0.25}
NEUROGENIC_QUALITIES = {"tingling": 0.6, "numbness": 0.5, "heaviness": 0.6, "weakness": 0.3,
                        "aching": 0.2}


def demo_patient(email: str) -> DemoPatient:
    """The cohort entry with this e-mail."""
    return next(patient for patient in DEMO_COHORT if patient.email == email)


def demo_walk_id(*, email: str, index: int) -> uuid.UUID:
    """The fixed id of a patient's ``index``-th generated walk."""
    return uuid.uuid5(DEMO_NAMESPACE, f"{email}:{index}")


def demo_date_of_birth(patient: DemoPatient, *, today: date) -> date:
    """A birthday that makes the patient ``age_years`` old today."""
    rng = random.Random(f"{DEMO_SEED}:dob:{patient.email}")
    return today - timedelta(days=round(patient.age_years * 365.25) + rng.randrange(0, 360))


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
            started_at = local_start.astimezone(dt_timezone.utc)
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


@transaction.atomic
def demo_seed(*, now: datetime | None = None) -> bool:
    """Create the demo clinic, its carers, patients and walks; returns False when it already exists.

    Everything is one transaction, so a failed run leaves nothing half-seeded behind.
    """
    now = now or timezone.now()
    clinic, clinician, created = clinic_onboard(
        name=DEMO_CLINIC_NAME, clinician_email=CLINICIAN_EMAIL, password=DEMO_PASSWORD
    )
    if not created:
        # Walks end "now": generating them again later would give the same ids other times.
        return False
    # No service edits a user's name yet; this is the clinician the line above just created.
    clinician.full_name = CLINICIAN_NAME
    clinician.save(update_fields=["full_name"])
    team = care_teams_of(user=clinician).get()
    coordinator = User.objects.create_user(
        COORDINATOR_EMAIL, DEMO_PASSWORD, full_name=COORDINATOR_NAME, role=Role.COORDINATOR,
        clinic=clinic,
    )
    care_team_add_members(care_team=team, members=[coordinator])
    User.objects.create_superuser(ADMIN_EMAIL, DEMO_PASSWORD, full_name=ADMIN_NAME, clinic=clinic)

    today = now.date()
    patients = {}
    for entry in DEMO_COHORT:
        patient = patient_enroll(
            clinician=clinician, email=entry.email, password=DEMO_PASSWORD,
            full_name=entry.full_name, care_team=team,
            date_of_birth=demo_date_of_birth(entry, today=today), sex=entry.sex,
            time_zone=entry.time_zone, suspected_cause=entry.suspected_cause,
            affected_side=entry.affected_side,
        )
        walks = demo_walks_validated(entry, end=now)
        statuses = walks_sync(patient=patient, walks=walks)
        if set(statuses) != {CREATED}:
            raise DemoDataError(f"{entry.email}: walks not all created: {sorted(set(statuses))}")
        patients[entry.email] = patient

    from .demo_records import demo_records_seed

    demo_records_seed(patients=patients, clinician=clinician, coordinator=coordinator, now=now)
    _demo_programs_seed(patients=patients, coordinator=coordinator, now=now)
    return True


# Supervised exercise programs of a few vascular patients: patient number -> (started days ago,
# ended days ago or None while it runs).
DEMO_PROGRAMS = {1: (45, None), 3: (60, None), 4: (86, 2)}


def _demo_programs_seed(*, patients: dict[str, User], coordinator: User, now: datetime) -> None:
    from .program_services import exercise_program_create

    for entry in DEMO_COHORT:
        if entry.number not in DEMO_PROGRAMS:
            continue
        started_ago, ended_ago = DEMO_PROGRAMS[entry.number]
        today = now.astimezone(zoneinfo.ZoneInfo(entry.time_zone)).date()
        exercise_program_create(patient=patients[entry.email], entered_by=coordinator, data={
            "started_on": today - timedelta(days=started_ago),
            "ended_on": None if ended_ago is None else today - timedelta(days=ended_ago),
            "sessions_per_week": 3, "minutes_per_session": 45,
            "note": "Treadmill walking to moderate pain, rest, repeat.",
        })
