"""The "Exercise program" section of the clinician's patient page: the patient's current (or most
recent) program with its dose and planned pauses, its adherence week by week, its progress tests
against their MCIDs, and the patient's older programs in brief.

Constant queries whatever the number of programs, sessions, pauses or tests: the programs (with
their template) and their pauses, then for the program shown its supervised and home sessions
and its progress tests (``programs.outcome_selectors.program_progress``: profile and tests).
Callers pass a patient already scoped to them, with ``patient_profile`` loaded.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from django.db.models import Prefetch

from accounts.models import User
from notifications.exercise_adherence import RECENT_DAYS, RECENT_MIN_PCT
from programs import mcid
from programs.models import (
    ExerciseProgram,
    HomeSession,
    HomeStatus,
    ProgramPause,
    SupervisedSession,
)
from programs.outcome_selectors import program_progress
from programs.selectors import (
    GUIDELINE_MINUTES_PER_SESSION,
    GUIDELINE_SESSIONS_PER_WEEK,
    GUIDELINE_WEEKS,
    ProgramAdherence,
    adherence_from_rows,
    paused_days_of,
    program_days,
    program_last_day,
)

WEEKDAY_NAMES = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}
MEASURE_LABELS = {
    "claudication_onset_s": "Claudication onset time (treadmill)",
    "peak_walking_s": "Peak walking time (treadmill)",
    "six_minute_walk_m": "6-minute walk distance",
}
VERDICT_LABELS = {mcid.NOT_REACHED: "not reached", mcid.SMALL: "small", mcid.MODERATE: "moderate",
                  mcid.LARGE: "large", mcid.REACHED: "reached"}
OLDER_PROGRAMS_SHOWN = 5


def _pct(done: int, planned: int) -> float | None:
    return round(100 * done / planned, 1) if planned else None


def _status(program: ExerciseProgram, today: date) -> str:
    last = program_last_day(program=program)
    if program.started_on > today:
        return "planned"
    if last is not None and last < today:
        return "ended"
    return "running"


def _shown_program(programs: list[ExerciseProgram], today: date) -> ExerciseProgram | None:
    """The latest running program; else the latest that has started; else the next planned."""
    started = [p for p in programs if p.started_on <= today]  # newest first
    running = [p for p in started if _status(p, today) == "running"]
    if running:
        return running[0]
    if started:
        return started[0]
    return min(programs, key=lambda p: p.started_on) if programs else None


def _dose(program: ExerciseProgram) -> dict[str, Any]:
    """The prescription in words and numbers, and whether it reaches the guideline dose."""
    days = program_days(program=program)
    meets = (program.sessions_per_week >= GUIDELINE_SESSIONS_PER_WEEK
             and program.minutes_per_session >= GUIDELINE_MINUTES_PER_SESSION
             and (program.weeks is None or program.weeks >= GUIDELINE_WEEKS))
    return {
        "sessions_per_week": program.sessions_per_week,
        "minutes_per_session": program.minutes_per_session,
        "minutes_per_session_final": program.minutes_per_session_final,
        "days": ", ".join(WEEKDAY_NAMES[d] for d in days),
        "days_chosen": bool(program.days_of_week),
        "prescription_meets_guideline": meets,
    }


def _brief(program: ExerciseProgram, today: date) -> dict[str, Any]:
    last = program_last_day(program=program)
    return {
        "id": program.pk,
        "name": program.template.name if program.template else "Exercise program",
        "mode": program.get_mode_display(),
        "status": _status(program, today),
        "started_on": program.started_on,
        "ended_on": program.ended_on,
        "last_day": last,
        "weeks": program.weeks,
        "dose": _dose(program),
    }


@dataclass(frozen=True)
class GuidelineDose:
    """Where the program stands against >= 3 sessions of >= 30 min a week for >= 12 weeks."""

    verdict: str  # "met", "on_course", "behind", "out_of_reach", "not_met", "not_started"
    weeks_at_dose: int
    weeks_complete: int
    weeks_needed: int
    weeks_left: int | None  # None: open-ended

    @property
    def weeks_short(self) -> int:
        """Weeks at the dose still needed beyond those the program has left."""
        if self.weeks_left is None:
            return 0
        return max(0, self.weeks_needed - self.weeks_at_dose - self.weeks_left)


def _guideline(adherence: ProgramAdherence, program: ExerciseProgram, status: str) -> GuidelineDose:
    at_dose = adherence.guideline_weeks
    complete = sum(week.complete for week in adherence.weeks)
    last = program_last_day(program=program)
    if status == "ended":
        weeks_left = 0
    elif last is None:
        weeks_left = None
    else:
        planned_weeks = -(-((last - program.started_on).days + 1) // 7)
        weeks_left = max(0, planned_weeks - complete)

    def dose(verdict: str) -> GuidelineDose:
        return GuidelineDose(verdict, at_dose, complete, GUIDELINE_WEEKS, weeks_left)

    if adherence.meets_guideline_dose:
        return dose("met")
    if not adherence.weeks:
        return dose("not_started")
    if status == "ended":
        return dose("not_met")
    if weeks_left is not None and at_dose + weeks_left < GUIDELINE_WEEKS:
        return dose("out_of_reach")
    # Every complete week so far at the dose: on course; a week short of it: behind.
    return dose("on_course" if at_dose >= complete else "behind")


def _adherence(adherence: ProgramAdherence, program: ExerciseProgram, status: str,
               last_session_on: date | None) -> dict[str, Any]:
    today = adherence.today
    recent_last = today - timedelta(days=1)
    recent_first = recent_last - timedelta(days=RECENT_DAYS - 1)
    recent_planned, recent_done = adherence.sessions_between(max(recent_first,
                                                                 program.started_on), recent_last)
    totals = {name: adherence.total(name) for name in (
        "sessions_planned", "sessions_done", "sessions_skipped", "sessions_missed",
        "minutes_planned", "minutes_done")}
    recent_pct = _pct(min(recent_done, recent_planned), recent_planned)
    return {
        **totals,
        "sessions_pct": _pct(totals["sessions_done"], totals["sessions_planned"]),
        "minutes_pct": _pct(totals["minutes_done"], totals["minutes_planned"]),
        "recent_days": RECENT_DAYS,
        "recent_planned": recent_planned,
        "recent_done": recent_done,
        "recent_pct": recent_pct,
        "recent_low": recent_pct is not None and recent_pct < RECENT_MIN_PCT,
        "missed_in_a_row": adherence.missed_in_a_row,
        "missed_run_started_on": adherence.missed_run_started_on,
        "last_session_on": last_session_on,
        "days_since_last_session": (today - last_session_on).days if last_session_on else None,
        "paused_today": adherence.paused_today,
        "weeks": adherence.weeks,
        "guideline": _guideline(adherence, program, status),
    }


def _measure(row) -> dict[str, Any]:
    def shown(value):
        return None if value is None else {"value": value.value, "censored": value.censored,
                                           "performed_at": value.performed_at}

    return {
        "measure": row.measure,
        "label": MEASURE_LABELS.get(row.measure, row.measure.replace("_", " ")),
        "unit": row.unit,
        "baseline": shown(row.baseline),
        "latest": shown(row.latest),
        "change": row.change,
        "change_is_lower_bound": row.change_is_lower_bound,
        "verdict": row.verdict,
        "verdict_label": VERDICT_LABELS.get(row.verdict, ""),
        "mcid": row.mcid,
    }


def patient_program_section(*, patient: User, today: date | None = None) -> dict[str, Any] | None:
    """The program shown on the patient page (running, else the latest started, else the next
    planned) with dose, pauses, adherence and progress, and the other programs in brief; None
    when the patient has no program."""
    today = today or patient.patient_profile.local_today()
    programs = list(
        ExerciseProgram.objects.filter(patient=patient, deleted_at__isnull=True)
        .select_related("template")
        .prefetch_related(Prefetch("pauses", to_attr="live_pauses",
                                   queryset=ProgramPause.objects.filter(deleted_at__isnull=True)
                                   .order_by("starts_on")))
        .order_by("-started_on", "-created_at")
    )
    program = _shown_program(programs, today)
    if program is None:
        return None
    supervised = list(SupervisedSession.objects.filter(
        program=program, deleted_at__isnull=True).values_list("performed_on", "minutes"))
    home = list(HomeSession.objects.filter(program=program, deleted_at__isnull=True)
                .values_list("performed_on", "status", "minutes"))
    adherence = adherence_from_rows(program=program, today=today,
                                    paused_days=paused_days_of(program.live_pauses),
                                    supervised=supervised, home=home)
    done_days = [day for day, _ in supervised if day <= today] + [
        day for day, status, _ in home if status == HomeStatus.DONE and day <= today]
    shown = _brief(program, today)
    progress = program_progress(program=program)
    return {
        "program": program,
        **shown,
        "week": (today - program.started_on).days // 7 + 1 if shown["status"] == "running"
        else None,
        "pauses": [{"starts_on": p.starts_on, "ends_on": p.ends_on,
                    "reason": p.get_reason_display(), "note": p.note,
                    "days": (p.ends_on - p.starts_on).days + 1}
                   for p in program.live_pauses],
        "adherence": _adherence(adherence, program, shown["status"],
                                max(done_days) if done_days else None),
        "progress": [_measure(row) for row in progress.measures],
        "progress_tested": any(row.baseline or row.latest for row in progress.measures),
        "others": [_brief(p, today) for p in programs if p.pk != program.pk
                   ][:OLDER_PROGRAMS_SHOWN],
        "others_total": len(programs) - 1,
    }
