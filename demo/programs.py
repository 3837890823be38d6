"""Demo exercise programs, enrolled from the clinic's templates: a vascular SET patient in week 8
who keeps up and improves (Gardner treadmill tests at the start and in week 8), one who stopped
coming three weeks ago, one who comes twice a week of three, one whose program has ended, and a
neurogenic patient on the home program, logging home sessions from the phone."""

import random
import uuid
import zoneinfo
from datetime import date, datetime, time, timedelta

from accounts.models import Clinic, User
from core.sync import CREATED
from programs.models import ExerciseProgram, HomeActivity, ProgramTemplate
from programs.outcome_services import progress_test_create
from programs.selectors import planned_minutes
from programs.serializers import HomeSessionInputSerializer
from programs.services import (
    exercise_program_create,
    home_sessions_sync,
    program_templates_seed,
    supervised_session_create,
)
from programs.templates_seed import NEUROGENIC_HOME, VASCULAR_SET

from .cohort import DEMO_COHORT, DEMO_NAMESPACE, DEMO_SEED, DemoPatient
from .walks import DemoDataError

# The three patients the demo's coordinator view is about (cohort numbers).
SET_KEEPS_UP = 6  # Linda Williams: vascular, walks improving; week 8 today
SET_STOPPED = 3  # Robert Johnson: vascular; came for 5-6 weeks, nothing for the last 3
HOME_NEUROGENIC = 13  # Patricia Evans: spinal stenosis, home program
# patient -> (template, started days ago, ended days ago or None, last session days ago,
# sessions kept: every one, or only these ISO weekdays)
DEMO_PROGRAMS = {
    SET_KEEPS_UP: ("set", 52, None, 1, None),
    SET_STOPPED: ("set", 60, None, 22, None),
    1: ("set", 45, None, 1, (1, 5)),  # Margaret Hughes misses Wednesdays
    4: ("set", 86, 2, 2, None),  # David Thompson finished his 12 weeks
    HOME_NEUROGENIC: ("home", 38, None, 1, None),
}
# Gardner treadmill test of the SET patient who keeps up: (days after the start, claudication
# onset s, peak walking s). +125 s and +150 s: moderate gains (Gardner 2018 MCIDs, programs.mcid).
GARDNER_TESTS = ((0, 185, 430), (50, 310, 580))
SESSION_HOUR = 10


def _local_today(entry: DemoPatient, now: datetime) -> date:
    return now.astimezone(zoneinfo.ZoneInfo(entry.time_zone)).date()


def _bouts(rng: random.Random, week: int, minutes: int) -> list[dict]:
    """Walk-rest cycles at 3.2 km/h, the grade rising with the weeks; onset comes later as the
    patient improves."""
    onset_s = 150 + 12 * week + rng.randrange(-15, 16)
    walk_s = onset_s + 90 + rng.randrange(0, 40)
    bouts, walked_s = [], 0
    while walked_s < minutes * 60 and len(bouts) < 12:
        bouts.append({"speed_kmh": 3.2, "grade_pct": float(min(2 * (week // 2), 10)),
                      "onset_s": onset_s, "chosen_pain_s": walk_s,
                      "rest_s": 150 + rng.randrange(0, 60)})
        walked_s += walk_s
    return bouts


def _supervised_sessions(program: ExerciseProgram, coordinator: User, *, last: date,
                         weekdays: tuple[int, ...] | None, rng: random.Random) -> None:
    day = program.started_on
    while day <= last:
        week = (day - program.started_on).days // 7 + 1
        if day.isoweekday() in program.days_of_week and (
                weekdays is None or day.isoweekday() in weekdays):
            minutes = planned_minutes(program=program, week=week) + rng.randrange(0, 4)
            supervised_session_create(program=program, entered_by=coordinator, data={
                "performed_on": day, "minutes": minutes, "bouts": _bouts(rng, week, minutes),
                "max_pain": 3 + (rng.random() < 0.3), "heart_rate_bpm": 96 + rng.randrange(0, 20),
                "note": "Walked to moderate pain, rested, repeated."})
        day += timedelta(days=1)


def _home_sessions(program: ExerciseProgram, entry: DemoPatient, patient: User, *, last: date,
                   today: date, rng: random.Random) -> None:
    """Daily flexion and core work, cycling on Mondays, Wednesdays and Fridays; a skipped day now
    and then, with a reason. Sent through the phone's validation, as the phone would send them."""
    items, day = [], program.started_on
    while day <= last:
        session_id = uuid.uuid5(DEMO_NAMESPACE, f"home:{entry.email}:{day.isoformat()}")
        if rng.random() < 0.12:
            item = {"status": "skipped", "skip_reason": rng.choice(["pain", "no_time", "weather"])}
        else:
            cycling = day.isoweekday() in (1, 3, 5)
            activities = [HomeActivity.FLEXION_EXERCISES, HomeActivity.CORE_EXERCISES,
                          HomeActivity.GLUTEAL_EXERCISES] + ([HomeActivity.CYCLING] if cycling
                                                             else [])
            item = {"status": "done", "activities": activities,
                    "minutes": (35 if cycling else 15) + rng.randrange(0, 6),
                    "pain_nrs": rng.randrange(2, 5)}
        items.append({"id": str(session_id), "program": str(program.pk),
                      "performed_on": day.isoformat(), **item})
        day += timedelta(days=1)
    context = {"programs": {program.pk: (program.started_on, program.ended_on, today)}}
    sessions = []
    for item in items:
        serializer = HomeSessionInputSerializer(data=item, context=context)
        if not serializer.is_valid():
            raise DemoDataError(f"{entry.email}: home session {item['id']}: {serializer.errors}")
        sessions.append(serializer.validated_data)
    if set(home_sessions_sync(patient=patient, sessions=sessions)) != {CREATED}:
        raise DemoDataError(f"{entry.email}: home sessions not all created")


def _gardner_tests(program: ExerciseProgram, entry: DemoPatient, patient: User,
                   coordinator: User) -> None:
    zone = zoneinfo.ZoneInfo(entry.time_zone)
    for days_after, onset_s, peak_s in GARDNER_TESTS:
        day = program.started_on + timedelta(days=days_after)
        progress_test_create(patient=patient, entered_by=coordinator, data={
            "performed_at": datetime.combine(day, time(SESSION_HOUR - 1), tzinfo=zone),
            "kind": "graded_treadmill", "protocol": "gardner",
            "claudication_onset_s": onset_s, "peak_walking_s": peak_s})


def demo_programs_seed(*, clinic: Clinic, patients: dict[str, User], coordinator: User,
                       now: datetime) -> None:
    """Seed the clinic's templates and enrol the demo's program patients from them."""
    program_templates_seed(clinic=clinic)
    templates = {
        "set": ProgramTemplate.objects.get(clinic=clinic, name=VASCULAR_SET["name"]),
        "home": ProgramTemplate.objects.get(clinic=clinic, name=NEUROGENIC_HOME["name"]),
    }
    for entry in DEMO_COHORT:
        if entry.number not in DEMO_PROGRAMS:
            continue
        kind, started_ago, ended_ago, last_ago, weekdays = DEMO_PROGRAMS[entry.number]
        patient, today = patients[entry.email], _local_today(entry, now)
        rng = random.Random(f"{DEMO_SEED}:program:{entry.email}")
        program = exercise_program_create(
            patient=patient, entered_by=coordinator, template=templates[kind], data={
                "started_on": today - timedelta(days=started_ago),
                "ended_on": None if ended_ago is None else today - timedelta(days=ended_ago),
                "note": "Enrolled from the clinic's template."})
        last = today - timedelta(days=last_ago)
        if kind == "home":
            _home_sessions(program, entry, patient, last=last, today=today, rng=rng)
        else:
            _supervised_sessions(program, coordinator, last=last, weekdays=weekdays, rng=rng)
        if entry.number == SET_KEEPS_UP:
            _gardner_tests(program, entry, patient, coordinator)
