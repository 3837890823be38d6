"""The coordinator's cohort table: every running exercise program of the caller's care teams with
its weeks done, adherence, last session, missed sessions in a row and the change in pain-free
distance, most in need of a call first.

Five queries whatever the number of patients: the programs (with patient and profile), their
supervised sessions, home sessions and pauses, and the walks behind the distance change.

Pain-free distance is the Kaplan-Meier median (``core.stats.censored``; a walk without pain is
"at least this far"), calibrated. The reference is the 28 local days before the program started
(as the trends' program reference), or, when the patient logged no walk then, the program's first
14 days; the current value is the last 14 local days. A change from a current median that is a
lower bound is itself a lower bound (``censored``); none where the reference is a bound or missing.
"""

from bisect import bisect_left, bisect_right
from datetime import UTC, date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User
from core.postgres import EPOCH, arrays_by_patient
from core.stats.censored import Observation, km_median
from programs.models import ExerciseProgram, HomeStatus
from programs.selectors import (
    SessionRows,
    adherence_from_rows,
    paused_days_of,
    programs_visible_to,
    session_rows_of,
)
from tracker.models import Walk

from .trends import PROGRAM_REFERENCE_DAYS

RECENT_DAYS = 14
RECENT_WEEKS = 2


class _Walks:
    """A patient's walks as parallel arrays in time order: local day numbers (days since
    ``core.postgres.EPOCH``) and the pain-free observation of each (calibrated; a walk without
    pain is "at least its distance"). A window of days is then a slice found by bisection."""

    __slots__ = ("days", "distances_m", "onsets_m", "factor")

    def __init__(self, days=(), distances_m=(), onsets_m=(), factor=1.0):
        self.days, self.distances_m, self.onsets_m, self.factor = (
            days, distances_m, onsets_m, factor)

    def between(self, first: date, last: date) -> list[Observation]:
        """The observations of the walks from local day ``first`` to ``last`` (both included)."""
        lo = bisect_left(self.days, (first - EPOCH).days)
        hi = bisect_right(self.days, (last - EPOCH).days)
        factor = self.factor
        return [Observation(distance * factor, False) if onset is None
                else Observation(onset * factor, True)
                for distance, onset in zip(self.distances_m[lo:hi], self.onsets_m[lo:hi],
                                           strict=True)]


def _ratio_pct(done: int, planned: int) -> float | None:
    return round(100 * done / planned, 1) if planned else None


def _median(observations: list[Observation]) -> dict | None:
    if not observations:
        return None
    result = km_median(observations)
    if result.value is None:
        return None
    return {"value": round(result.value, 1), "censored": not result.reached,
            "walks": len(observations)}


def _distance_change(walks: _Walks, program: ExerciseProgram, today: date) -> dict:
    """Pain-free distance at the program's start against the last 14 local days."""
    start = program.started_on
    before = walks.between(start - timedelta(days=PROGRAM_REFERENCE_DAYS),
                           start - timedelta(days=1))
    reference_from = "before_program"
    if not before:
        before = walks.between(start, start + timedelta(days=RECENT_DAYS - 1))
        reference_from = "program_first_weeks"
    recent = walks.between(max(start, today - timedelta(days=RECENT_DAYS - 1)), today)
    reference, current = _median(before), _median(recent)
    change = None
    if reference and current and not reference["censored"] and reference["value"]:
        change = {"value_m": round(current["value"] - reference["value"], 1),
                  "pct": round((current["value"] - reference["value"]) / reference["value"] * 100,
                               1),
                  "censored": current["censored"]}
    return {"reference": reference, "reference_from": reference_from if reference else None,
            "current": current, "change": change}


def _running_programs(user: User, now: datetime) -> list[ExerciseProgram]:
    """The latest live program of each visible patient that has started and not yet ended in
    the patient's local days (read in UTC days widened by one, then checked locally)."""
    candidates = programs_visible_to(user=user).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=(now - timedelta(days=1)).date()),
        started_on__lte=(now + timedelta(days=1)).date(),
    ).select_related("patient__patient_profile").only(
        # What the rows and adherence read: the whole patient rows were a tenth of the request.
        "patient_id", "started_on", "ended_on", "created_at", "mode", "weeks",
        "sessions_per_week", "minutes_per_session", "minutes_per_session_final", "days_of_week",
        "patient__email", "patient__full_name", "patient__patient_profile__time_zone",
        "patient__patient_profile__distance_calibration_factor",
    ).order_by("patient_id", "-started_on", "-created_at")
    running: dict[Any, ExerciseProgram] = {}
    for program in candidates:
        if program.patient_id in running:
            continue
        today = now.astimezone(ZoneInfo(program.patient.patient_profile.time_zone)).date()
        if program.started_on <= today and (program.ended_on is None or program.ended_on >= today):
            running[program.patient_id] = program
    return list(running.values())


def program_cohort_rows(*, user: User, now: datetime | None = None) -> list[dict[str, Any]]:
    """One plain row per running program of ``user``'s care teams, most in need of a call first:
    most planned sessions missed in a row, then the lowest adherence over the last 2 weeks."""
    now = now or timezone.now()
    programs = _running_programs(user, now)
    todays = {p.pk: now.astimezone(ZoneInfo(p.patient.patient_profile.time_zone)).date()
              for p in programs}
    if not programs:
        return []
    sessions = session_rows_of(program_ids=[p.pk for p in programs])

    factors = {p.patient_id: p.patient.patient_profile.distance_calibration_factor
               for p in programs}
    walks_of = {patient_id: _Walks(factor=factor) for patient_id, factor in factors.items()}
    for patient_id, days, distances, onsets in arrays_by_patient(
            _walks_needed(programs, list(walks_of), now), time_field="started_at",
            time_zone=F("patient__patient_profile__time_zone"),
            columns=("distance_m", "pain_onset_m")):
        walks_of[patient_id] = _Walks(days, distances, onsets, factors[patient_id])

    rows = [_row(p, todays[p.pk], sessions[p.pk], walks_of[p.patient_id]) for p in programs]
    rows.sort(key=lambda row: (
        -row["missed_in_a_row"],
        row["adherence_recent_pct"] if row["adherence_recent_pct"] is not None else 101.0,
        row["patient"]["full_name"] or row["patient"]["email"]))
    return rows


def _walks_needed(programs: list[ExerciseProgram], patient_ids: list, now: datetime):
    """The walks the distance change reads: around the programs' starts (the 28 days before, the
    first 14 after) and the last 14 days; a day wider each way for the time zones."""
    def utc(day: date) -> datetime:
        return datetime.combine(day, time.min, tzinfo=UTC)

    first = min(p.started_on for p in programs) - timedelta(days=PROGRAM_REFERENCE_DAYS + 1)
    last = max(p.started_on for p in programs) + timedelta(days=RECENT_DAYS + 1)
    return Walk.objects.filter(
        Q(started_at__gte=utc(first), started_at__lt=utc(last))
        | Q(started_at__gte=now - timedelta(days=RECENT_DAYS + 1)),
        patient_id__in=patient_ids, deleted_at__isnull=True, started_at__lte=now)


def _row(program: ExerciseProgram, today: date, sessions: SessionRows,
         walks: _Walks) -> dict[str, Any]:
    supervised, home = sessions.supervised, sessions.home
    adherence = adherence_from_rows(program=program, today=today,
                                    paused_days=paused_days_of(sessions.pauses),
                                    supervised=supervised, home=home)
    recent = adherence.weeks[-RECENT_WEEKS:]
    done_days = [day for day, _ in supervised if day <= today] + [
        day for day, status, _ in home if status == HomeStatus.DONE and day <= today]
    patient = program.patient
    return {
        "program": {"id": str(program.pk), "mode": program.mode,
                    "started_on": program.started_on.isoformat(), "weeks": program.weeks,
                    "sessions_per_week": program.sessions_per_week},
        "patient": {"id": str(patient.pk), "email": patient.email,
                    "full_name": patient.full_name,
                    "time_zone": patient.patient_profile.time_zone},
        "week": (today - program.started_on).days // 7 + 1,
        "weeks_done": sum(week.complete for week in adherence.weeks),
        "sessions_done": adherence.total("sessions_done"),
        "sessions_planned": adherence.total("sessions_planned"),
        "adherence_pct": _ratio_pct(adherence.total("sessions_done"),
                                    adherence.total("sessions_planned")),
        "adherence_recent_pct": _ratio_pct(sum(w.sessions_done for w in recent),
                                           sum(w.sessions_planned for w in recent)),
        "minutes_adherence_pct": _ratio_pct(adherence.total("minutes_done"),
                                            adherence.total("minutes_planned")),
        "last_session_on": max(done_days).isoformat() if done_days else None,
        "days_since_last_session": (today - max(done_days)).days if done_days else None,
        "missed_in_a_row": adherence.missed_in_a_row,
        "pain_free_distance_m": _distance_change(walks, program, today),
    }
