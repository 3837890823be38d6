"""The nightly missed-session sweep: every running exercise program judged in bulk.

A chunk of patients costs a fixed number of queries (their programs, sessions, pauses, nudges
already claimed, alert states and open alerts), and adherence is computed from those rows in
Python. Only a patient for whom something changes (a nudge falls due, the coordinators' alert
starts, goes on or clears) goes through the per-patient services of ``exercise_adherence``,
which lock, write and send exactly as after a session change, so a retried sweep claims nothing
twice.
"""

from collections import defaultdict
from datetime import datetime, timedelta

from django.db.models import Q
from django.utils import timezone

from accounts.models import Role
from programs.models import ExerciseProgram
from programs.selectors import adherence_from_rows, paused_days_of, session_rows_of

from .exercise_adherence import (
    AdherenceJudgement,
    adherence_alert_apply,
    adherence_finding,
    alert_condition,
    nudge_decide,
    patient_local_today,
    program_judge,
    program_running,
)
from .models import Alert, AlertKind, AlertStatus, DetectorState, ExerciseNudge
from .services import alert_would_change

SWEEP_CHUNK = 1000  # patients per chunk: a few thousand session rows each


def exercise_adherence_sweep(*, now: datetime | None = None) -> int:
    """Nudge and alert for every running program as ``exercise_adherence_check`` would; returns
    the number of alerts changed."""
    now = now or timezone.now()
    patient_ids = sorted(set(_running_programs(now).order_by().values_list(
        "patient_id", flat=True)))
    changed = 0
    for first in range(0, len(patient_ids), SWEEP_CHUNK):
        # A chunk is a range of patient ids: no list of a thousand ids to send with each query.
        chunk = patient_ids[first:first + SWEEP_CHUNK]
        changed += _chunk_sweep(Q(patient_id__gte=chunk[0], patient_id__lte=chunk[-1]), now)
    return changed


def _running_programs(now: datetime):
    # Read in UTC days widened by one each way, then judged in the patient's own day.
    return ExerciseProgram.objects.filter(
        Q(ended_on__isnull=True), deleted_at__isnull=True,
        started_on__lte=(now + timedelta(days=1)).date(),
        patient__is_active=True, patient__role=Role.PATIENT)


def programs_judge_in_bulk(*, patients: Q, now: datetime) -> dict:
    """``programs_judge`` for many patients at once (``patients`` filters on ``patient_id``):
    patient id to the judgements of their running programs, from four queries."""
    candidates = _running_programs(now).filter(patients)
    programs = list(candidates.select_related("patient__patient_profile", "template"))
    sessions = session_rows_of(program_ids=candidates.values("pk"))
    by_patient: dict[object, list[AdherenceJudgement]] = defaultdict(list)
    for program in programs:
        today = patient_local_today(patient=program.patient, now=now)
        if not program_running(program=program, today=today):
            continue
        rows = sessions[program.pk]
        adherence = adherence_from_rows(program=program, today=today,
                                        paused_days=paused_days_of(rows.pauses),
                                        supervised=rows.supervised, home=rows.home)
        by_patient[program.patient_id].append(program_judge(program=program,
                                                            adherence=adherence))
    return by_patient


def _chunk_sweep(patients: Q, now: datetime) -> int:
    by_patient = programs_judge_in_bulk(patients=patients, now=now)
    nudged = set(ExerciseNudge.objects.filter(patients).values_list(
        "program_id", "run_started_on"))
    kind = AlertKind.EXERCISE_ADHERENCE_LOW
    met_before = dict(DetectorState.objects.filter(patients, kind=kind)
                      .values_list("patient_id", "condition_met"))
    open_alerts = {alert.patient_id: alert for alert in Alert.objects.filter(
        patients, kind=kind).exclude(status=AlertStatus.RESOLVED).only(
        "patient_id", "severity_rank", "evidence")}
    changed = 0
    for patient_id, judgements in by_patient.items():
        for judgement in judgements:
            if _nudge_due(judgement, nudged):
                nudge_decide(judgement=judgement, now=now)
        met, met_one = alert_condition(judgements)
        was_met, alert = met_before.get(patient_id), open_alerts.get(patient_id)
        # Raised, revised or cleared only; while nothing changes the state stays as the last
        # change left it (one write per patient and night would be the sweep's main cost).
        if (met and (not was_met or (alert is not None and alert_would_change(
                alert=alert, finding=adherence_finding(met_one, now))))) or (
                met is False and was_met):
            changed += len(adherence_alert_apply(patient=judgements[0].program.patient,
                                                 judgements=judgements, now=now))
    return changed


def _nudge_due(judgement: AdherenceJudgement, nudged: set) -> bool:
    return judgement.nudge_due and (
        (judgement.program.pk, judgement.adherence.missed_run_started_on) not in nudged)
