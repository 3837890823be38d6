"""Missed exercise sessions: a kind push to the patient after 2 in a row, and an alert to the
care team's coordinators after 4 in a row or when fewer than half of the last 2 weeks' sessions
were done.

Judged on the wall clock in the patient's local days (a planned day is missed only once it is
over there), after every session change (``core.signals.patient_records_changed`` runs the
evaluation) and in the nightly sweep. Pauses plan nothing, and no nudge goes out during one.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.severity import Severity
from programs.models import Exercise, ExerciseProgram, ProgramCause, ProgramMode
from programs.selectors import ProgramAdherence, program_adherence, program_last_day

from .channels.push import push_backend
from .models import (
    Alert,
    AlertKind,
    AlertStatus,
    DeliveryStatus,
    DetectorState,
    ExerciseNudge,
    NotificationPreference,
    OutboxMessage,
)
from .outbox import outbox_put
from .preferences import quiet_hours_end_at
from .services import Finding, alert_raise

logger = logging.getLogger(__name__)

# Issue 12: a push after 2 missed or skipped sessions in a row, the coordinator after 4, or when
# the last 2 weeks' adherence is below 50 %.
NUDGE_AFTER_IN_A_ROW = 2
ALERT_AFTER_IN_A_ROW = 4
RECENT_DAYS = 14
RECENT_MIN_PCT = 50
# A project choice: a percentage of fewer planned sessions says little (one missed out of one).
RECENT_MIN_PLANNED = 2
NUDGE_MAX_ATTEMPTS = 5
NUDGE_TITLE = "Your exercise program"

# The library exercise a nudge links to, by the program's cause (and mode: a treadmill is at the
# clinic, a walk anywhere). Spinal stenosis: a flexion exercise, which eases it.
EXERCISE_FOR = {
    (ProgramCause.VASCULAR, ProgramMode.SUPERVISED): "treadmill-interval-walking",
    (ProgramCause.VASCULAR, ProgramMode.MIXED): "treadmill-interval-walking",
    (ProgramCause.VASCULAR, ProgramMode.HOME): "track-walking",
    ProgramCause.NEUROGENIC: "knee-to-chest",
}
DEFAULT_EXERCISE = "track-walking"


@dataclass(frozen=True)
class AdherenceJudgement:
    """Where one program stands today in the patient's local days."""

    program: ExerciseProgram
    adherence: ProgramAdherence
    recent_first: date
    recent_last: date
    recent_planned: int
    recent_done: int

    @property
    def recent_pct(self) -> float | None:
        if self.recent_planned < RECENT_MIN_PLANNED:
            return None
        return round(100 * min(self.recent_done, self.recent_planned) / self.recent_planned, 1)

    @property
    def nudge_due(self) -> bool:
        """Enough missed in a row for a nudge, outside a pause (whether one went is stored)."""
        adherence = self.adherence
        return (adherence.missed_in_a_row >= NUDGE_AFTER_IN_A_ROW and not adherence.paused_today
                and adherence.missed_run_started_on is not None
                and self.program.patient.is_active)

    @property
    def alert_met(self) -> bool | None:
        """Met, cleared, or ``None`` while the program is too young to judge 2 weeks."""
        if self.adherence.missed_in_a_row >= ALERT_AFTER_IN_A_ROW:
            return True
        pct = self.recent_pct
        if pct is not None and self.recent_first >= self.program.started_on:
            return pct < RECENT_MIN_PCT
        return None if self.adherence.missed_in_a_row else False


def _patient_zone(patient: User) -> ZoneInfo:
    return ZoneInfo(getattr(getattr(patient, "patient_profile", None), "time_zone", None)
                    or "UTC")


def patient_local_today(*, patient: User, now: datetime) -> date:
    """``now`` as a day where the patient lives."""
    return now.astimezone(_patient_zone(patient)).date()


def program_running(*, program: ExerciseProgram, today: date) -> bool:
    """True on the days from the program's first to its last planned day."""
    last = program_last_day(program=program)
    return program.started_on <= today and (last is None or today <= last)


def programs_judge(*, patient: User, now: datetime) -> list[AdherenceJudgement]:
    """Each running program of ``patient`` judged at ``now``."""
    today = patient_local_today(patient=patient, now=now)
    judgements = []
    programs = ExerciseProgram.objects.filter(
        patient=patient, deleted_at__isnull=True, ended_on__isnull=True
    ).select_related("template")
    for program in programs:
        if not program_running(program=program, today=today):
            continue
        program.patient = patient  # loaded once, with the profile
        judgements.append(program_judge(
            program=program, adherence=program_adherence(program=program, today=today)))
    return judgements


def program_judge(*, program: ExerciseProgram, adherence: ProgramAdherence) -> AdherenceJudgement:
    """Where ``program`` stands on ``adherence.today``: its missed run and the last 2 weeks."""
    last = adherence.today - timedelta(days=1)
    first = last - timedelta(days=RECENT_DAYS - 1)
    planned, done = adherence.sessions_between(first, last)
    return AdherenceJudgement(program, adherence, first, last, planned, done)


def exercise_adherence_check(*, patient: User, now: datetime | None = None) -> list[Alert]:
    """Nudge the patient and alert the coordinators as their programs call for; returns the
    alerts changed. Safe to run any number of times: each run of misses nudges once."""
    now = now or timezone.now()
    judgements = programs_judge(patient=patient, now=now)
    for judgement in judgements:
        nudge_decide(judgement=judgement, now=now)
    return adherence_alert_apply(patient=patient, judgements=judgements, now=now)


# --- the nudge ---------------------------------------------------------------------------------


def nudge_exercise(*, program: ExerciseProgram) -> Exercise | None:
    """The library exercise that fits the program: by its template's cause, else the patient's
    suspected cause."""
    cause = program.template.cause if program.template else ProgramCause.BOTH
    if cause == ProgramCause.BOTH:
        cause = getattr(program.patient.patient_profile, "suspected_cause", "")
    slug = EXERCISE_FOR.get((cause, program.mode)) or EXERCISE_FOR.get(cause) or DEFAULT_EXERCISE
    return (Exercise.objects.filter(slug=slug).first()
            or Exercise.objects.filter(cause=cause).order_by("name").first())


def exercise_link(exercise: Exercise) -> str:
    """Where the phone opens the exercise (the library's own route, no outside host)."""
    return f"/api/v1/exercises/{exercise.slug}/"


def nudge_message(*, missed: int, exercise: Exercise | None) -> str:
    """The push: plain, kind, no blame, and careful about symptoms."""
    text = (f"Your last {missed} planned exercise sessions did not take place. That happens, and "
            "it is fine to start again with a short, easy session when you feel ready.")
    if exercise is not None:
        text += f" You could try {exercise.name}: {exercise_link(exercise)}"
    return text + (" Go at your own pace. If you feel unwell, or have chest pain, breathlessness "
                   "or dizziness, stop and tell your care team.")


def _patient_quiet_hours_end(patient: User, now: datetime) -> datetime | None:
    saved = NotificationPreference.objects.filter(user=patient).first()
    if saved is None:
        return None
    # A patient's quiet hours are local times where they live, like their days.
    zone = getattr(getattr(patient, "patient_profile", None), "time_zone", None)
    preference = NotificationPreference(user=patient, quiet_hours_start=saved.quiet_hours_start,
                                        quiet_hours_end=saved.quiet_hours_end,
                                        time_zone=zone or saved.time_zone)
    return quiet_hours_end_at(preference=preference, now=now)


@transaction.atomic
def nudge_decide(*, judgement: AdherenceJudgement, now: datetime) -> ExerciseNudge | None:
    """Claim the nudge for the program's current run of missed sessions, once; it is sent after
    commit, or when the patient's quiet hours end. Returns it when claimed by this call."""
    adherence, program = judgement.adherence, judgement.program
    if not judgement.nudge_due:
        return None
    if ExerciseNudge.objects.filter(program=program,
                                    run_started_on=adherence.missed_run_started_on).exists():
        return None
    exercise = nudge_exercise(program=program)
    held_until = _patient_quiet_hours_end(program.patient, now)
    try:
        with transaction.atomic():
            nudge = ExerciseNudge.objects.create(
                program=program, patient_id=program.patient_id,
                run_started_on=adherence.missed_run_started_on,
                missed_in_a_row=adherence.missed_in_a_row,
                exercise_slug=exercise.slug if exercise else "",
                message=nudge_message(missed=adherence.missed_in_a_row, exercise=exercise),
                status=DeliveryStatus.HELD if held_until else DeliveryStatus.PENDING,
                not_before=held_until)
    except IntegrityError:
        return None  # a concurrent run claimed it
    outbox_put(topic=OutboxMessage.Topic.SEND_NUDGE, key=str(nudge.pk),
               payload={"nudge_id": nudge.pk}, available_at=held_until)
    return nudge


class NudgeNotSent(Exception):
    """The push failed; the task tries again."""


def nudge_send(*, nudge_id: int, now: datetime | None = None) -> bool:
    """Send the nudge if it is due and not sent yet; True when this call sent it. Raises
    NudgeNotSent when the push failed and should be tried again."""
    nudge = _nudge_attempt(nudge_id=nudge_id, now=now or timezone.now())
    if nudge is not None and nudge.status == DeliveryStatus.RETRYING:
        raise NudgeNotSent(nudge.last_error)
    return nudge is not None and nudge.status == DeliveryStatus.SENT


@transaction.atomic
def _nudge_attempt(*, nudge_id: int, now: datetime) -> ExerciseNudge | None:
    # The row stays locked while it is sent, so two workers never send it both.
    nudge = (ExerciseNudge.objects.select_for_update(skip_locked=True)
             .filter(pk=nudge_id)
             .exclude(status__in=[DeliveryStatus.SENT, DeliveryStatus.FAILED,
                                  DeliveryStatus.WITHDRAWN])
             .first())
    if nudge is None or (nudge.not_before is not None and nudge.not_before > now):
        return None  # sent, being sent, or still in quiet hours (the outbox brings it back)
    # Held through quiet hours or waiting on a retry, the push may no longer be true: a
    # session done since, or a pause begun, ends the run it was about.
    adherence = program_adherence(
        program=nudge.program, today=patient_local_today(patient=nudge.program.patient, now=now))
    if adherence.missed_run_started_on != nudge.run_started_on or adherence.paused_today:
        nudge.status = DeliveryStatus.WITHDRAWN
        nudge.save(update_fields=["status"])
        return nudge
    nudge.attempts += 1
    try:
        push_backend().send(user_id=str(nudge.patient_id), title=NUDGE_TITLE,
                            message=nudge.message)
    except Exception as exc:  # any backend's failure is worth another try
        nudge.last_error = f"{type(exc).__name__}: {exc}"[:2000]
        nudge.status = (DeliveryStatus.FAILED if nudge.attempts >= NUDGE_MAX_ATTEMPTS
                        else DeliveryStatus.RETRYING)
        logger.warning("nudge %s to %s failed (attempt %s): %s", nudge.pk, nudge.patient_id,
                       nudge.attempts, nudge.last_error)
    else:
        nudge.status, nudge.sent_at = DeliveryStatus.SENT, now
    nudge.save(update_fields=["attempts", "status", "last_error", "sent_at"])
    return nudge


# --- the coordinators' alert -------------------------------------------------------------------


def adherence_finding(judgement: AdherenceJudgement, now: datetime) -> Finding:
    """The coordinators' alert as ``judgement`` states it at ``now``."""
    adherence, pct = judgement.adherence, judgement.recent_pct
    missed = adherence.missed_in_a_row
    if missed >= ALERT_AFTER_IN_A_ROW:
        title = f"Exercise program: {missed} sessions missed in a row"
    else:
        title = f"Exercise program: {pct:g} % of sessions done in the last 2 weeks"
    return Finding(
        kind=AlertKind.EXERCISE_ADHERENCE_LOW, severity=Severity.WARNING, title=title,
        # The end of the first missed day of the run (or now): the same on every run of the task.
        as_of=now if adherence.missed_run_started_on is None else min(now, datetime.combine(
            adherence.missed_run_started_on + timedelta(days=1), datetime.min.time(),
            tzinfo=_patient_zone(judgement.program.patient))),
        evidence={
            "program_ids": [str(judgement.program.pk)],
            "missed_in_a_row": missed,
            "missed_since": (adherence.missed_run_started_on.isoformat()
                             if adherence.missed_run_started_on else None),
            "recent_first_day": judgement.recent_first.isoformat(),
            "recent_last_day": judgement.recent_last.isoformat(),
            "recent_sessions_planned": judgement.recent_planned,
            "recent_sessions_done": judgement.recent_done,
            "recent_adherence_pct": pct,
        },
    )


def alert_condition(
    judgements: list[AdherenceJudgement],
) -> tuple[bool | None, AdherenceJudgement | None]:
    """Whether any program calls for the coordinators' alert (None: too young to say), and the
    first that does."""
    verdicts = [j.alert_met for j in judgements]
    met_one = next((j for j, met in zip(judgements, verdicts, strict=True) if met), None)
    return (True if met_one else (None if None in verdicts else False)), met_one


@transaction.atomic
def adherence_alert_apply(*, patient: User, judgements: list[AdherenceJudgement],
                          now: datetime) -> list[Alert]:
    """The coordinators' alert for ``patient`` from their programs' judgements, with hysteresis
    as for the data-time detectors: raised when the condition starts to hold, updated while it
    holds, raised again only after it cleared in between."""
    kind = AlertKind.EXERCISE_ADHERENCE_LOW
    met, met_one = alert_condition(judgements)
    state = DetectorState.objects.select_for_update().filter(patient=patient, kind=kind).first()
    if met is None or (state is None and not met):
        return []  # nothing to judge yet, or nothing ever held: no row for every patient
    state = state or DetectorState(patient=patient, kind=kind)
    changed = []
    if met:
        finding = adherence_finding(met_one, now)
        unresolved = Alert.objects.filter(patient=patient, kind=kind).exclude(
            status=AlertStatus.RESOLVED).exists()
        if not state.condition_met or unresolved:
            alert, was_changed = alert_raise(patient_id=patient.pk, finding=finding)
            if was_changed:
                changed.append(alert)
        if not state.condition_met:
            state.condition_met, state.met_since = True, finding.as_of
        evidence = finding.evidence
    else:
        if state.condition_met:
            state.condition_met, state.cleared_at = False, now
        evidence = {"missed_in_a_row": [j.adherence.missed_in_a_row for j in judgements],
                    "recent_adherence_pct": [j.recent_pct for j in judgements]}
    # evaluated_through stays empty: this judges the wall clock, not data time (the data-time
    # detectors start from the earliest evaluated_through).
    state.last_conclusion = {"met": met, "as_of": now.isoformat(), "evidence": evidence}
    state.updated_at = now
    state.save()
    return changed
