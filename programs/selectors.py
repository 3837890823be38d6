"""Reads of exercise programs: what the caller may see, the schedule in the patient's local
days, and adherence (sessions and minutes done against those planned)."""

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.contrib.postgres.aggregates import ArrayAgg
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import User
from accounts.selectors import patients_visible_to

from .models import ExerciseProgram, HomeSession, HomeStatus, ProgramPause, SupervisedSession

# AHA/ACC 2016 (Gerhard-Herman, Circulation 2017;135:e726) and ESVS 2024: the dose that works is
# at least 3 sessions a week of at least 30 minutes, for at least 12 weeks.
GUIDELINE_SESSIONS_PER_WEEK = 3
GUIDELINE_MINUTES_PER_SESSION = 30
GUIDELINE_WEEKS = 12
# Where sessions fall when a program names no days (ISO weekdays), by sessions a week.
SPREAD_DAYS = {1: (1,), 2: (1, 4), 3: (1, 3, 5), 4: (1, 2, 4, 5), 5: (1, 2, 3, 4, 5),
               6: (1, 2, 3, 4, 5, 6)}
ALL_DAYS = (1, 2, 3, 4, 5, 6, 7)


def programs_visible_to(*, user: User) -> QuerySet[ExerciseProgram]:
    """Programs of the patients ``user`` may see, not deleted."""
    return ExerciseProgram.objects.filter(patient__in=patients_visible_to(user=user),
                                          deleted_at__isnull=True)


def program_days(*, program: ExerciseProgram) -> tuple[int, ...]:
    """The ISO weekdays on which a session is planned."""
    if program.days_of_week:
        return tuple(sorted(set(program.days_of_week)))
    return SPREAD_DAYS.get(program.sessions_per_week, ALL_DAYS)


def program_last_day(*, program: ExerciseProgram) -> date | None:
    """The last planned day: the end of its weeks or the day it was ended, whichever is first."""
    ends = [day for day in (
        program.started_on + timedelta(days=7 * program.weeks - 1) if program.weeks else None,
        program.ended_on,
    ) if day is not None]
    return min(ends) if ends else None


def planned_minutes(*, program: ExerciseProgram, week: int) -> int:
    """Minutes planned for one session in ``week`` (1-based): rising evenly to the final dose."""
    start, final = program.minutes_per_session, program.minutes_per_session_final
    if not final or not program.weeks or program.weeks == 1:
        return start
    step = (final - start) / (program.weeks - 1)
    return round(start + step * (min(week, program.weeks) - 1))


@dataclass
class WeekAdherence:
    week: int
    starts_on: date
    ends_on: date
    sessions_planned: int = 0
    sessions_done: int = 0
    sessions_skipped: int = 0
    sessions_missed: int = 0
    minutes_planned: int = 0
    minutes_done: int = 0
    paused_days: int = 0
    # Sessions of at least the guideline's minutes (for the guideline dose).
    guideline_sessions: int = 0
    complete: bool = False

    @property
    def meets_guideline(self) -> bool:
        return self.guideline_sessions >= GUIDELINE_SESSIONS_PER_WEEK


@dataclass
class ProgramAdherence:
    program: ExerciseProgram
    today: date
    weeks: list[WeekAdherence] = field(default_factory=list)
    # Planned days, most recent first, missed or skipped since the last session done.
    missed_in_a_row: int = 0
    # The first planned day of that run (None when nothing is missed in a row): a run of missed
    # sessions is named by it, and a new run starts after a session is done.
    missed_run_started_on: date | None = None
    paused_today: bool = False
    # The plan up to the horizon, as day ordinals (``date.toordinal``), for windows such as the
    # last 14 days: first and last planned day, ISO weekdays, sessions a day, paused days, and
    # sessions done per day.
    _span: tuple[int, int] = (1, 0)
    _weekdays: frozenset = frozenset()
    _per_day: int = 1
    _paused: frozenset = frozenset()
    _done: dict = field(default_factory=dict)

    def sessions_between(self, first: date, last: date) -> tuple[int, int]:
        """Sessions planned and done from ``first`` to ``last`` (both included), up to the
        horizon (yesterday, or the program's last day)."""
        planned = done = 0
        for ordinal in range(max(first.toordinal(), self._span[0]),
                             min(last.toordinal(), self._span[1]) + 1):
            if ordinal not in self._paused and (ordinal - 1) % 7 + 1 in self._weekdays:
                planned += self._per_day
            done += self._done.get(ordinal, 0)
        return planned, done

    def total(self, name: str) -> int:
        return sum(getattr(week, name) for week in self.weeks)

    @property
    def guideline_weeks(self) -> int:
        return sum(week.meets_guideline for week in self.weeks)

    @property
    def meets_guideline_dose(self) -> bool:
        return self.guideline_weeks >= GUIDELINE_WEEKS


@dataclass
class SessionRows:
    """A program's sessions and pauses as plain rows, read in bulk for many programs."""

    supervised: list[tuple[date, int]] = field(default_factory=list)  # (day, minutes)
    home: list[tuple[date, str, int]] = field(default_factory=list)  # (day, status, minutes)
    pauses: list[ProgramPause] = field(default_factory=list)


def session_rows_of(*, program_ids) -> dict:
    """Each program's live sessions and pauses, in three queries whatever their number;
    ``program_ids`` is a list or a query of ids (``programs.values("pk")``: a subquery, so
    thousands of ids are not sent three times). The sessions come as one array per program and
    column: a row per session made the nightly sweep's reading (hundreds of thousands of
    sessions) cost more than judging them."""
    rows: dict = defaultdict(SessionRows)
    in_order = ("performed_on", "id")  # the same order for every array of a program
    for program_id, days, minutes in SupervisedSession.objects.filter(
            program_id__in=program_ids, deleted_at__isnull=True).order_by().values(
            "program_id").annotate(days=ArrayAgg("performed_on", order_by=in_order),
                                   minutes=ArrayAgg("minutes", order_by=in_order)).values_list(
            "program_id", "days", "minutes"):
        rows[program_id].supervised = list(zip(days, minutes, strict=True))
    for program_id, days, statuses, minutes in HomeSession.objects.filter(
            program_id__in=program_ids, deleted_at__isnull=True).order_by().values(
            "program_id").annotate(days=ArrayAgg("performed_on", order_by=in_order),
                                   statuses=ArrayAgg("status", order_by=in_order),
                                   minutes=ArrayAgg("minutes", order_by=in_order)).values_list(
            "program_id", "days", "statuses", "minutes"):
        rows[program_id].home = list(zip(days, statuses, minutes, strict=True))
    for pause in ProgramPause.objects.filter(
            program_id__in=program_ids, deleted_at__isnull=True).only(
            "program_id", "starts_on", "ends_on"):
        rows[pause.program_id].pauses.append(pause)
    return rows


def paused_days_of(pauses) -> set[date]:
    days = set()
    for pause in pauses:
        day = pause.starts_on
        while day <= pause.ends_on:
            days.add(day)
            day += timedelta(days=1)
    return days


def patient_local_today(*, patient: User) -> date:
    """Today in the patient's time zone (UTC when the profile is missing)."""
    profile = getattr(patient, "patient_profile", None)
    if profile is None:
        return timezone.now().date()
    return profile.local_today()


def program_adherence(*, program: ExerciseProgram, today: date | None = None) -> ProgramAdherence:
    """Adherence of ``program`` week by week, up to the patient's local ``today``.

    A planned day counts once it is over (today's session is not yet missed); a paused day plans
    nothing. A week's missed sessions are those planned and over that were neither done nor
    skipped, whatever day of that week they were done on. The schedule is the program as it
    stands now: an edit of its days or dose re-plans every week.
    """
    today = today or patient_local_today(patient=program.patient)
    last = program_last_day(program=program)
    horizon = min(today - timedelta(days=1), last) if last else today - timedelta(days=1)
    paused = paused_days_of(ProgramPause.objects.filter(program=program, deleted_at__isnull=True))
    if horizon < program.started_on:  # nothing planned is over yet: no session to read
        return adherence_from_rows(program=program, today=today, paused_days=paused,
                                   supervised=(), home=())
    supervised = SupervisedSession.objects.filter(
        program=program, deleted_at__isnull=True, performed_on__range=(program.started_on, horizon)
    ).values_list("performed_on", "minutes")
    home = HomeSession.objects.filter(
        program=program, deleted_at__isnull=True, performed_on__range=(program.started_on, horizon)
    ).values_list("performed_on", "status", "minutes")
    return adherence_from_rows(program=program, today=today, paused_days=paused,
                               supervised=supervised, home=home)


def adherence_from_rows(*, program: ExerciseProgram, today: date, paused_days: set[date],
                        supervised, home) -> ProgramAdherence:
    """``program_adherence`` from rows already read: ``supervised`` as ``(day, minutes)``,
    ``home`` as ``(day, status, minutes)`` (a cohort or the nightly sweep reads them for many
    programs at once)."""
    result = ProgramAdherence(program=program, today=today)
    result.paused_today = today in paused_days
    last = program_last_day(program=program)
    horizon = min(today - timedelta(days=1), last) if last else today - timedelta(days=1)
    if horizon < program.started_on:
        return result
    # Days as ordinals (date.toordinal: day 1 is Monday 1 January of year 1), so the day loops
    # below are integer arithmetic: the nightly sweep runs them for every program.
    start, end = program.started_on.toordinal(), horizon.toordinal()
    paused = {day.toordinal() for day in paused_days}
    days = set(program_days(program=program))
    per_day = max(1, program.sessions_per_week // len(days)) if days else 1
    n_weeks = (end - start) // 7 + 1
    weeks = [WeekAdherence(week=n + 1, starts_on=date.fromordinal(start + 7 * n),
                           ends_on=date.fromordinal(start + 7 * n + 6),
                           complete=start + 7 * n + 6 <= end) for n in range(n_weeks)]
    done = {}  # sessions done per day ordinal
    done_rows = [(day, minutes) for day, minutes in supervised]
    for day, status, minutes in home:
        if status == HomeStatus.DONE:
            done_rows.append((day, minutes))
        else:
            ordinal = day.toordinal()
            if start <= ordinal <= end:
                weeks[(ordinal - start) // 7].sessions_skipped += 1
    for day, minutes in done_rows:
        ordinal = day.toordinal()
        if not start <= ordinal <= end:
            continue
        week = weeks[(ordinal - start) // 7]
        week.sessions_done += 1
        week.minutes_done += minutes
        week.guideline_sessions += minutes >= GUIDELINE_MINUTES_PER_SESSION
        done[ordinal] = done.get(ordinal, 0) + 1
    for week in weeks:
        minutes_each = planned_minutes(program=program, week=week.week)
        first = start + 7 * (week.week - 1)
        last = min(first + 6, end)
        if last == first + 6 and not paused:
            # A whole week without pauses holds each weekday once.
            planned = per_day * len(days)
        else:
            planned = 0
            for ordinal in range(first, last + 1):
                if ordinal in paused:
                    week.paused_days += 1
                elif (ordinal - 1) % 7 + 1 in days:  # the ISO weekday of an ordinal
                    planned += per_day
        week.sessions_planned = planned
        week.minutes_planned = planned * minutes_each
        week.sessions_missed = max(
            0, week.sessions_planned - week.sessions_done - week.sessions_skipped)
    result.weeks = weeks
    result._span, result._weekdays, result._per_day = (start, end), frozenset(days), per_day
    result._paused, result._done = frozenset(paused), done
    ordinal = end
    while ordinal >= start and ordinal not in done:
        if ordinal not in paused and (ordinal - 1) % 7 + 1 in days:
            result.missed_in_a_row += per_day
            result.missed_run_started_on = date.fromordinal(ordinal)
        ordinal -= 1
    return result
