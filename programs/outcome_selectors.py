"""Reads of progress: each progress measure at the program's start and now, with its verdict.

Only programs' own records are read (progress tests); the questionnaire scores (WIQ, VascuQoL-6,
ODI, ZCQ) and the walking distances of the walks live in other record apps and are for the
insights layer to combine."""

from __future__ import annotations

import zoneinfo
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import QuerySet

from accounts.models import PatientProfile

from . import mcid
from .models import ExerciseProgram
from .outcomes import Exercise, ExerciseCause, ProgressTest, ProgressTestKind

# A test up to two weeks after the first session still counts as the program's start: clinics
# often test in the first week rather than before it.
BASELINE_GRACE_DAYS = 14
# After the program ends, a test within two weeks is still its end-of-program test; later ones
# belong to what came after.
FOLLOW_UP_GRACE_DAYS = 14


@dataclass(frozen=True)
class Measure:
    name: str
    kind: str
    field: str
    mcid: mcid.Mcid


MEASURES = (
    Measure("claudication_onset_s", ProgressTestKind.GRADED_TREADMILL, "claudication_onset_s",
            mcid.CLAUDICATION_ONSET_MCID),
    Measure("peak_walking_s", ProgressTestKind.GRADED_TREADMILL, "peak_walking_s",
            mcid.PEAK_WALKING_MCID),
    Measure("six_minute_walk_m", ProgressTestKind.SIX_MINUTE_WALK, "distance_m",
            mcid.SIX_MINUTE_WALK_MCID),
)


@dataclass(frozen=True)
class MeasuredValue:
    test_id: str
    performed_at: object
    value: int
    censored: bool  # True: no claudication came, the value is a lower bound (the test's end)


@dataclass(frozen=True)
class MeasureProgress:
    measure: str
    unit: str
    baseline: MeasuredValue | None
    latest: MeasuredValue | None
    change: int | None
    change_is_lower_bound: bool
    verdict: str | None
    mcid: mcid.Mcid


@dataclass(frozen=True)
class ProgramProgress:
    program: ExerciseProgram
    measures: list[MeasureProgress]


def _value(test: ProgressTest, measure: Measure) -> MeasuredValue:
    value = getattr(test, measure.field)
    censored = False
    if value is None and measure.field == "claudication_onset_s":
        # No claudication during the test: onset is at least the whole walking time.
        value, censored = test.peak_walking_s, True
    return MeasuredValue(str(test.pk), test.performed_at, value, censored)


def _pick(tests: list[tuple[date, ProgressTest]], program: ExerciseProgram):
    """(baseline test, latest test) of one kind, from (local day, test) in time order."""
    start = program.started_on
    before = [test for day, test in tests if day <= start]
    after_start = [test for day, test in tests
                   if start < day <= start + timedelta(days=BASELINE_GRACE_DAYS)]
    baseline = before[-1] if before else (after_start[0] if after_start else None)
    if baseline is None:
        return None, None
    last_day = (program.ended_on + timedelta(days=FOLLOW_UP_GRACE_DAYS)
                if program.ended_on else None)
    later = [test for day, test in tests if test.performed_at > baseline.performed_at
             and (last_day is None or day <= last_day)]
    return baseline, (later[-1] if later else None)


def _progress(measure: Measure, baseline, latest) -> MeasureProgress:
    first = _value(baseline, measure) if baseline else None
    last = _value(latest, measure) if latest else None
    change, lower_bound = None, False
    # A censored start has no lower bound on the change, so it gets no verdict; a censored
    # latest value gives a lower bound, and the verdict it reaches is at least that.
    if first is not None and last is not None and not first.censored:
        change, lower_bound = last.value - first.value, last.censored
    return MeasureProgress(
        measure=measure.name, unit=measure.mcid.unit, baseline=first, latest=last,
        change=change, change_is_lower_bound=lower_bound,
        verdict=mcid.mcid_verdict(change=change, mcid=measure.mcid), mcid=measure.mcid,
    )


def program_progress(*, program: ExerciseProgram) -> ProgramProgress:
    """Each progress measure at the program's start (the last test on or before its first day,
    else the first within 2 weeks after) and the latest since, with change and MCID verdict."""
    profile = PatientProfile.objects.filter(user_id=program.patient_id).first()
    zone = zoneinfo.ZoneInfo(profile.time_zone if profile else "UTC")
    tests = ProgressTest.objects.filter(
        patient_id=program.patient_id, deleted_at__isnull=True
    ).order_by("performed_at", "created_at")
    by_kind: dict[str, list[tuple[date, ProgressTest]]] = {}
    for test in tests:
        by_kind.setdefault(test.kind, []).append((test.performed_at.astimezone(zone).date(), test))
    picks = {kind: _pick(rows, program) for kind, rows in by_kind.items()}
    measures = [_progress(measure, *picks.get(measure.kind, (None, None)))
                for measure in MEASURES]
    return ProgramProgress(program=program, measures=measures)


def exercises_for(*, cause: str | None = None) -> QuerySet[Exercise]:
    """The library, by name; with ``cause``, the exercises for it and those for both."""
    exercises = Exercise.objects.all()
    if cause:
        exercises = exercises.filter(cause__in=[cause, ExerciseCause.BOTH])
    return exercises.order_by("name")
