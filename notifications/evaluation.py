"""Running the detectors for a patient and turning their conclusions into alerts.

Detectors judge by data time. After new data, every local day with new walks is judged in order,
as it would have been live, so a week synced late or a replayed history gives the same alerts.
Hysteresis: an alert is raised when a condition starts to hold, and raised again only after the
condition has cleared in between.
"""

import logging
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.db import transaction
from django.db.models import Count, F, Max, Min, Q
from django.utils import timezone

from accounts.models import Role, User
from core.postgres import end_time, times_before_latest
from records.models import REVASCULARISATIONS, AbiMeasurement, PostureTest, Procedure
from records.selectors import procedure_label, procedure_settles_at, procedures_of
from tracker.models import SymptomKind, SymptomReport, Walk
from tracker.red_flags import BACK_LOCATIONS

from .detectors.decline import (
    MAX_WALKING,
    PAIN_FREE,
    decline_title,
    decline_walks,
    distance_decline,
    threshold_effective,
)
from .detectors.limb_threat import AbiReading, RestPainReport, limb_threat_progression
from .detectors.neurogenic import neurogenic_pattern
from .detectors.silence import USUAL_WINDOW, silence
from .exercise_adherence import exercise_adherence_check
from .exercise_sweep import exercise_adherence_sweep
from .models import Alert, AlertKind, DetectorState
from .services import Finding, alert_raise

logger = logging.getLogger(__name__)

REST_PAIN_KINDS = (SymptomKind.REST_PAIN, SymptomKind.NIGHT_PAIN)
# Walks older than this before a judgement point play no part in it.
HISTORY_WINDOW = timedelta(days=180)
# A long offline period is replayed day by day up to this many days, then judged at its end.
MAX_REPLAY_DAYS = 62
# The nightly sweep reads this many patients' latest data times and detector states at once.
SWEEP_CHUNK = 500


@dataclass(frozen=True)
class Conclusion:
    """A detector's answer at one data time: met, cleared, or ``None`` for not enough data."""

    kind: str
    met: bool | None
    finding: Finding | None = None
    evidence: dict = field(default_factory=dict)


@dataclass
class PatientData:
    """What the detectors read about one patient, loaded once per evaluation."""

    patient: User
    time_zone: str
    suspected_cause: str
    calibration_factor: float
    walks: list[Walk] = field(default_factory=list)  # oldest first
    rest_pain: list[RestPainReport] = field(default_factory=list)
    abi: list[AbiReading] = field(default_factory=list)
    posture_tests: list = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)  # oldest first


def patient_data_load(*, patient: User, since: datetime | None = None) -> PatientData:
    """Load the records the detectors need, in a fixed number of queries."""
    profile = patient.patient_profile
    # Detectors never read the bookkeeping columns; skipping them saves a third of the load time.
    walks = Walk.objects.filter(patient=patient, deleted_at__isnull=True).defer(
        "note", "version", "created_at", "updated_at", "deleted_at")
    if since is not None:
        walks = walks.filter(started_at__gte=since - HISTORY_WINDOW)
    # Night pain in the leg or foot is ischaemic rest pain until proved otherwise (Rutherford 4:
    # tracker.red_flags); night pain in the back alone is not.
    rest_pain = [
        (pk, at) for pk, at, kind, places in SymptomReport.objects.filter(
            patient=patient, deleted_at__isnull=True, kind__in=REST_PAIN_KINDS,
        ).values_list("id", "occurred_at", "kind", "locations")
        if kind == SymptomKind.REST_PAIN or not (places and set(places) <= BACK_LOCATIONS)
    ]
    abi = AbiMeasurement.objects.filter(patient=patient, deleted_at__isnull=True).values_list(
        "id", "measured_at", "leg", "resting_abi", "ankle_pressure_mmhg", "toe_pressure_mmhg"
    )
    return PatientData(
        patient=patient,
        time_zone=profile.time_zone,
        suspected_cause=profile.suspected_cause,
        calibration_factor=profile.distance_calibration_factor,
        walks=list(walks.order_by("started_at")),
        rest_pain=[RestPainReport(str(pk), at) for pk, at in rest_pain],
        abi=[AbiReading(str(pk), *rest) for pk, *rest in abi],
        posture_tests=list(PostureTest.objects.filter(patient=patient, deleted_at__isnull=True)),
        procedures=list(procedures_of(patient_id=patient.pk)),
    )


def _limb_threat(data: PatientData, as_of: datetime) -> Conclusion:
    result = limb_threat_progression(
        data.rest_pain, data.abi, as_of=as_of, time_zone=data.time_zone
    )
    if not result.met:
        return Conclusion(AlertKind.LIMB_THREAT, False)
    return Conclusion(AlertKind.LIMB_THREAT, True, Finding(
        kind=AlertKind.LIMB_THREAT,
        severity="urgent",
        title="Possible progression to limb threat: " + "; ".join(result.reasons),
        as_of=result.as_of,
        evidence={**result.evidence, "reasons": list(result.reasons)},
    ))


def _neurogenic_pattern(data: PatientData, as_of: datetime) -> Conclusion:
    # Clinician-facing only: no patient message, the service does not diagnose.
    result = neurogenic_pattern(data.walks, data.posture_tests, as_of=as_of,
                                time_zone=data.time_zone, suspected_cause=data.suspected_cause,
                                abi_readings=data.abi)
    if not result.met:  # None (not enough data) leaves the hysteresis state as it was
        return Conclusion(AlertKind.NEUROGENIC_PATTERN, result.met, evidence=result.evidence)
    return Conclusion(AlertKind.NEUROGENIC_PATTERN, True, Finding(
        kind=AlertKind.NEUROGENIC_PATTERN, severity="warning", title=result.title,
        as_of=result.as_of, evidence=result.evidence,
    ))


# A fall in walking distance this soon after a revascularisation may be a restenosis or an
# occluded graft: urgent, whatever the size of the drop (issue 10 clinical review; early failure
# of endovascular and open repairs clusters in the first months, 2019 Global Vascular Guidelines
# on CLTI, Conte MS et al., J Vasc Surg 2019;69:3S-125S, section on surveillance).
POST_REVASCULARISATION_URGENT = timedelta(days=90)


def _distance_decline(data: PatientData, as_of: datetime, *, measure: str, kind: str) -> Conclusion:
    # Calibrated distances; the threshold is the patient's, else the clinic's, else 15 %.
    profile, clinic = data.patient.patient_profile, data.patient.clinic
    threshold_pct, source = threshold_effective(profile.decline_threshold_pct,
                                                clinic.decline_threshold_pct)
    walks = data.walks
    procedure = next((p for p in reversed(data.procedures) if p.performed_at <= as_of), None)
    if procedure is not None:
        # Judged afresh from the walks after the procedure, once it has settled.
        settles_at = procedure_settles_at(procedure)
        about = {"procedure": procedure_label(procedure),
                 "performed_at": procedure.performed_at.isoformat(),
                 "settles_at": settles_at.isoformat()}
        if as_of < settles_at:
            return Conclusion(kind, None, evidence={"reason": "settling after a procedure",
                                                    "after_procedure": about})
        walks = [w for w in walks if w.started_at >= settles_at]
    result = distance_decline(decline_walks(walks, data.calibration_factor), measure=measure,
                              as_of=as_of, time_zone=data.time_zone, threshold_pct=threshold_pct,
                              threshold_source=source)
    evidence = result.evidence if procedure is None else {**result.evidence,
                                                          "after_procedure": about}
    if not result.met:  # None (not enough data, or undecided) leaves the hysteresis state as it was
        return Conclusion(kind, result.met, evidence={**evidence, "reason": result.reason})
    severity, title = result.severity, decline_title(result)
    if (procedure is not None and procedure.kind in REVASCULARISATIONS
            and as_of - procedure.performed_at <= POST_REVASCULARISATION_URGENT):
        severity = "urgent"
        title = f"Within 90 days of a revascularisation: {title[0].lower()}{title[1:]}"
    # Clinician-facing only (see the detector's docstring for why there is no patient message).
    return Conclusion(kind, True, Finding(kind=kind, severity=severity, title=title,
                                          as_of=result.as_of, evidence=evidence))


def _pain_free_decline(data: PatientData, as_of: datetime) -> Conclusion:
    return _distance_decline(data, as_of, measure=PAIN_FREE,
                             kind=AlertKind.PAIN_FREE_DISTANCE_DECLINE)


def _max_walking_decline(data: PatientData, as_of: datetime) -> Conclusion:
    return _distance_decline(data, as_of, measure=MAX_WALKING,
                             kind=AlertKind.MAX_WALKING_DISTANCE_DECLINE)


# Detectors judged at data time, in this order. More join as they are written (see tests).
DATA_TIME_DETECTORS: list[Callable[[PatientData, datetime], Conclusion]] = [
    _limb_threat, _neurogenic_pattern, _pain_free_decline, _max_walking_decline]


def _judgement_points(data: PatientData, start: datetime | None, end: datetime) -> list[datetime]:
    """The ends of the patient's local days with data after ``start``, and ``end`` itself."""
    zone = ZoneInfo(data.time_zone)
    times = [w.started_at for w in data.walks] + [r.occurred_at for r in data.rest_pain]
    times += [a.measured_at for a in data.abi]
    days = sorted({
        t.astimezone(zone).date() for t in times if (start is None or t > start) and t <= end
    })
    points = [
        min(datetime.combine(day, time.max, tzinfo=zone).astimezone(UTC), end)
        for day in days[-MAX_REPLAY_DAYS:]
    ]
    if not points or points[-1] < end:
        points.append(end)
    return points


def _apply(patient_id: uuid.UUID, state: DetectorState, conclusion: Conclusion, as_of: datetime,
           changed: list[Alert]) -> None:
    if conclusion.met is None:
        return
    if conclusion.met:
        unresolved = Alert.objects.filter(patient_id=patient_id, kind=conclusion.kind).exclude(
            status="resolved").exists()
        # Raise on a new episode; while it lasts, only update the alert still open for it.
        if not state.condition_met or unresolved:
            alert, was_changed = alert_raise(patient_id=patient_id, finding=conclusion.finding)
            if was_changed:
                changed.append(alert)
        if not state.condition_met:
            state.condition_met, state.met_since = True, conclusion.finding.as_of
    elif state.condition_met:
        state.condition_met, state.cleared_at = False, as_of
    # Kept whether or not the condition holds, so a clinician sees why no alert was raised too.
    evidence = conclusion.finding.evidence if conclusion.finding else conclusion.evidence
    state.last_conclusion = {"met": conclusion.met, "as_of": as_of.isoformat(),
                             **({"evidence": evidence} if evidence else {})}


@transaction.atomic
def patient_evaluate(
    *, patient_id: uuid.UUID | str, now: datetime | None = None,
    detectors: Iterable[Callable[[PatientData, datetime], Conclusion]] | None = None,
    adherence: bool = True,
) -> list[Alert]:
    """Judge the patient's data since the last evaluation, day by day; returns changed alerts.
    ``adherence=False`` leaves the exercise programs to the caller (the sweep judges them in
    bulk)."""
    patient = User.objects.select_related("patient_profile", "clinic").filter(
        pk=patient_id, role=Role.PATIENT).first()
    if patient is None:
        logger.info("evaluate: patient %s no longer exists", patient_id)
        return []
    detectors = list(detectors or DATA_TIME_DETECTORS)
    states = {
        s.kind: s for s in DetectorState.objects.select_for_update().filter(patient=patient)
    }
    data = patient_data_load(patient=patient)
    latest = max(
        [w.started_at + timedelta(seconds=w.duration_s) for w in data.walks]
        + [r.occurred_at for r in data.rest_pain] + [a.measured_at for a in data.abi],
        default=None,
    )
    changed: list[Alert] = []
    if latest is not None:
        evaluated = [s.evaluated_through for s in states.values() if s.evaluated_through]
        start = min(evaluated) if evaluated else None
        for as_of in _judgement_points(data, start, latest):
            for detector in detectors:
                conclusion = detector(data, as_of)
                state = states.get(conclusion.kind) or DetectorState(
                    patient=patient, kind=conclusion.kind
                )
                states[conclusion.kind] = state
                _apply(patient.pk, state, conclusion, as_of, changed)
                state.evaluated_through = as_of
    for state in states.values():
        state.updated_at = timezone.now()
    # One statement for all states (rows are locked above, or new): a sweep saves one per patient.
    DetectorState.objects.bulk_create(
        states.values(), update_conflicts=True, unique_fields=["patient", "kind"],
        update_fields=["condition_met", "met_since", "cleared_at", "evaluated_through",
                       "last_conclusion", "updated_at"])
    if now is not None:
        changed += _silence_check(patient.pk, [w.started_at for w in data.walks], now)
    # Missed exercise sessions are judged on the wall clock, after every session change too.
    if adherence:
        changed += exercise_adherence_check(patient=patient, now=now)
    # Each change was handed to delivery by alert_raise (services.alert_changed_notify).
    return changed


DECLINES = (AlertKind.PAIN_FREE_DISTANCE_DECLINE, AlertKind.MAX_WALKING_DISTANCE_DECLINE)


def _silence_check(patient_id: uuid.UUID, walk_times: list[datetime], now: datetime) -> list[Alert]:
    result = silence(walk_times, now=now)
    if not result.met:
        return []
    # Stopping walking after a falling distance is not a lapse of habit: it can be the disease
    # winning, and with no walks the decline detector has nothing to judge. It escalates from
    # information to a warning (e-mailed to the care team by default).
    after_decline = (
        Alert.objects.filter(patient_id=patient_id, kind__in=DECLINES)
        .exclude(status="resolved").exists()
        or DetectorState.objects.filter(patient_id=patient_id, kind__in=DECLINES,
                                        condition_met=True).exists())
    title = f"No walks logged since {result.last_walk_at:%Y-%m-%d}"
    alert, was_changed = alert_raise(patient_id=patient_id, finding=Finding(
        kind=AlertKind.SILENCE, severity="warning" if after_decline else "info",
        # Nothing here changes from one night to the next while the silence lasts, so the alert
        # is not revised (and re-sent) every night; the days silent follow from last_walk_at.
        title=f"{title}, after a falling walking distance" if after_decline else title,
        as_of=result.last_walk_at + timedelta(days=7),
        evidence={"last_walk_at": result.last_walk_at.isoformat(),
                  "walks_in_4_weeks_before": result.walks_before,
                  **({"after_decline": True} if after_decline else {})},
    ))
    return [alert] if was_changed else []


def patients_sweep(
    *, now: datetime | None = None, progress: Callable[[int, int], None] | None = None
) -> int:
    """Evaluate every patient, including silence; returns the number of alerts changed.

    Patients whose detectors have all judged their latest data (the realtime worker does so
    after each upload) are only checked for silence, from a few weeks of walk times read in bulk.
    """
    now = now or timezone.now()
    patient_ids = list(
        User.objects.filter(role=Role.PATIENT, is_active=True).values_list("pk", flat=True)
    )
    changed = 0
    for first in range(0, len(patient_ids), SWEEP_CHUNK):
        chunk = patient_ids[first:first + SWEEP_CHUNK]
        judged = _judged_through_latest(chunk, len(DATA_TIME_DETECTORS))
        walk_times = _silence_walk_times(judged, now)
        for done, patient_id in enumerate(chunk, start=first + 1):
            if patient_id in judged:
                with transaction.atomic():
                    changed += len(_silence_check(patient_id, walk_times.get(patient_id, []), now))
            else:
                changed += len(patient_evaluate(patient_id=patient_id, now=now, adherence=False))
            if progress:
                progress(done, len(patient_ids))
    # Missed exercise sessions: every running program at once, in bulk.
    return changed + exercise_adherence_sweep(now=now)


def _judged_through_latest(patient_ids: list, detector_count: int) -> set:
    """Those patients whose every detector state is judged through their latest data time."""
    latest: dict = {}
    for records, at in (
        (Walk.objects.filter(patient_id__in=patient_ids, deleted_at__isnull=True),
         end_time("started_at", "duration_s")),
        (SymptomReport.objects.filter(patient_id__in=patient_ids, deleted_at__isnull=True,
                                      kind__in=REST_PAIN_KINDS), F("occurred_at")),
        (AbiMeasurement.objects.filter(patient_id__in=patient_ids, deleted_at__isnull=True),
         F("measured_at")),
    ):
        for patient_id, time_ in records.values("patient_id").annotate(at=Max(at)).values_list(
                "patient_id", "at"):
            latest[patient_id] = max(time_, latest.get(patient_id, time_))
    states = DetectorState.objects.filter(patient_id__in=patient_ids).values("patient_id").annotate(
        n=Count("id", filter=Q(evaluated_through__isnull=False)), through=Min("evaluated_through"))
    judged = {s["patient_id"] for s in states if s["n"] >= detector_count
              and (s["patient_id"] not in latest or s["through"] >= latest[s["patient_id"]])}
    return judged | (set(patient_ids) - set(latest))  # no data at all: nothing to judge


def _silence_walk_times(patient_ids: set, now: datetime) -> dict:
    """Each patient's walk times from four weeks before their last walk (all ``silence`` reads)."""
    return times_before_latest(Walk, time_field="started_at", patient_ids=sorted(patient_ids),
                               until=now, window=USUAL_WINDOW)
