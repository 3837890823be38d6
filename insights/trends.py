"""A patient's walking over time, by local day, week (Monday first) or calendar month.

Distances are calibrated (phone distance x the patient's calibration factor). Pain-free and
maximal walking distances are Kaplan-Meier medians (``core.stats.censored``): a walk without pain
counts as "at least this far". A median the walks never reached is a lower bound, returned as
``{"value": longest distance, "censored": true}``.

Baseline band: the KM median and quartiles (25th and 75th KM quantiles) of pain-free distance
over the patient's first 28 local days of walks. Program reference: the KM median of the 28 local
days before the latest exercise program that started by the end of the window. Changes are in per
cent of those references; a change computed from a lower bound is itself a lower bound (flagged
``censored``); there is no change where the reference is missing, zero or not reached.
"""

from collections.abc import Sequence
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import Prefetch

from accounts.models import User
from core.postgres import rows_by_local_day
from core.stats.censored import (
    CensoredMedian,
    km_median,
    km_quantile,
    max_walking_observations,
    pain_free_observations,
)
from notifications.models import Alert
from programs.models import ExerciseProgram, ProgramPause
from questionnaires.models import QuestionnaireResponse
from records.models import AbiMeasurement, Procedure, RutherfordAssessment
from records.selectors import procedure_label, procedure_settles_at, procedures_of
from tracker.models import Walk

BUCKETS = ("day", "week", "month")
BASELINE_DAYS = 28
PROGRAM_REFERENCE_DAYS = 28


def _estimate(result: CensoredMedian) -> dict | None:
    if result.value is None:
        return None
    return {"value": round(result.value, 1), "censored": not result.reached}


def _change(current: dict | None, reference: dict | None) -> dict | None:
    """Per cent change of ``current`` against ``reference``; None where it cannot be said."""
    if current is None or reference is None or reference["censored"] or not reference["value"]:
        return None
    pct = (current["value"] - reference["value"]) / reference["value"] * 100
    return {"value": round(pct, 1), "censored": current["censored"]}


# --- local days and buckets ---------------------------------------------------------------------

def bucket_start(day: date, bucket: str) -> date:
    """The first local day of the bucket holding ``day``: itself, its Monday, or the 1st."""
    if bucket == "day":
        return day
    if bucket == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def bucket_next(start: date, bucket: str) -> date:
    """The first day of the following bucket."""
    if bucket == "day":
        return start + timedelta(days=1)
    if bucket == "week":
        return start + timedelta(days=7)
    return date(start.year + start.month // 12, start.month % 12 + 1, 1)


def local_day_bounds(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """Aware datetimes from local midnight of ``first`` to local midnight after ``last``."""
    return (datetime.combine(first, time.min, tzinfo=tz),
            datetime.combine(last + timedelta(days=1), time.min, tzinfo=tz))


class _WalkRow:
    """A walk's calibrated distances, shaped for ``pain_free_observations`` and friends."""

    __slots__ = ("day", "distance_m", "pain_onset_m", "stopped_because", "pain_nrs")

    def __init__(self, row: tuple, factor: float):
        self.day, distance_m, pain_onset_m, self.stopped_because, self.pain_nrs = row
        self.distance_m = distance_m * factor
        self.pain_onset_m = None if pain_onset_m is None else pain_onset_m * factor


_WALK_COLUMNS = ("distance_m", "pain_onset_m", "stopped_because", "pain_nrs")


def _walk_rows(patient: User, first: date, last: date, tz: ZoneInfo,
               factor: float) -> list[_WalkRow]:
    """The patient's live walks on local days ``first``..``last``, calibrated, in one query."""
    lower, upper = local_day_bounds(first, last, tz)
    walks = Walk.objects.filter(
        patient=patient, deleted_at__isnull=True, started_at__gte=lower, started_at__lt=upper
    ).order_by()
    rows = rows_by_local_day(walks, time_field="started_at", time_zone=tz.key,
                             columns=_WALK_COLUMNS)
    return [_WalkRow(row, factor) for row in rows]


def pain_free_median(walks: Sequence[_WalkRow]) -> dict | None:
    """The KM median pain-free distance of ``walks`` as ``{"value", "censored"}``, or None."""
    return _estimate(km_median(pain_free_observations(walks)))


# --- the parts of the answer --------------------------------------------------------------------

def _baseline_reset(procedures: list[Procedure], tz: ZoneInfo) -> tuple[datetime, dict] | None:
    """The latest procedure, once settled (``PROCEDURE_SETTLING_DAYS``): walking is judged afresh
    after it. An exercise program does not restart the baseline: the trends compare with the
    weeks before it separately (``program.reference``)."""
    if not procedures:
        return None
    latest = procedures[-1]
    settles_at = procedure_settles_at(latest)
    return settles_at, {"kind": "procedure", "id": str(latest.pk), "procedure": latest.kind,
                        "performed_on": local_day(latest.performed_at, tz),
                        "settles_on": local_day(settles_at, tz)}


def local_day(at: datetime, tz: ZoneInfo) -> str:
    """The patient's local day of ``at``, as ISO text."""
    return at.astimezone(tz).date().isoformat()


def _baseline(patient: User, tz: ZoneInfo, factor: float,
              reset: tuple[datetime, dict] | None) -> dict | None:
    """The pain-free distance band over the first 28 local days of walks: the patient's first,
    or the first after the latest procedure has settled (``restarted_after``)."""
    walks_after = Walk.objects.filter(patient=patient, deleted_at__isnull=True)
    if reset is not None:
        walks_after = walks_after.filter(started_at__gte=reset[0])
    first_at = walks_after.order_by("started_at").values_list("started_at", flat=True).first()
    if first_at is None:
        return None
    first = first_at.astimezone(tz).date()
    last = first + timedelta(days=BASELINE_DAYS - 1)
    # Whole local days, from the day of the first walk after the reset.
    walks = _walk_rows(patient, first, last, tz, factor)
    observations = pain_free_observations(walks)
    return {
        "from": first.isoformat(),
        "to": last.isoformat(),
        "restarted_after": None if reset is None else reset[1],
        "walks": len(walks),
        "walks_without_pain": sum(w.pain_onset_m is None for w in walks),
        "pain_free_distance_m": {
            "median": _estimate(km_median(observations)),
            "q25": _estimate(km_quantile(observations, 0.25)),
            "q75": _estimate(km_quantile(observations, 0.75)),
        },
    }


def _program_json(program: ExerciseProgram) -> dict:
    return {
        "id": str(program.pk),
        "started_on": program.started_on.isoformat(),
        "ended_on": program.ended_on.isoformat() if program.ended_on else None,
        "sessions_per_week": program.sessions_per_week,
        "minutes_per_session": program.minutes_per_session,
    }


def _program_reference(program: ExerciseProgram | None, patient: User, tz: ZoneInfo,
                       factor: float) -> dict | None:
    """The program and the KM median pain-free distance of the 28 days before it started."""
    if program is None:
        return None
    first = program.started_on - timedelta(days=PROGRAM_REFERENCE_DAYS)
    last = program.started_on - timedelta(days=1)
    walks = _walk_rows(patient, first, last, tz, factor)
    return {
        **_program_json(program),
        "reference": {"from": first.isoformat(), "to": last.isoformat(), "walks": len(walks),
                      "pain_free_distance_m": pain_free_median(walks)},
    }


def _bucket_json(start: date, end: date, walks: list[_WalkRow]) -> dict:
    row = {"start": start.isoformat(), "end": end.isoformat(), "walks": len(walks)}
    if not walks:
        return {**row, "walks_without_pain": 0, "pain_free_distance_m": None,
                "max_walking_distance_m": None, "total_distance_m": 0, "mean_pain_nrs": None}
    nrs = [w.pain_nrs for w in walks if w.pain_nrs is not None]
    return {
        **row,
        "walks_without_pain": sum(w.pain_onset_m is None for w in walks),
        "pain_free_distance_m": _estimate(km_median(pain_free_observations(walks))),
        "max_walking_distance_m": _estimate(km_median(max_walking_observations(walks))),
        "total_distance_m": round(sum(w.distance_m for w in walks), 1),
        "mean_pain_nrs": round(sum(nrs) / len(nrs), 1) if nrs else None,
    }


def _annotations(patient: User, tz: ZoneInfo, lower: datetime, upper: datetime, first: date,
                 last: date, programs: list[ExerciseProgram], procedures: list[Procedure],
                 internal_alerts: bool) -> list[dict]:
    """Alerts, ABI and Rutherford measurements, program start and end, the program's planned
    pauses (any that overlap the window, with their whole span), procedures, questionnaire
    scores."""
    def local(at: datetime) -> str:
        return local_day(at, tz)

    alive = {"patient": patient, "deleted_at__isnull": True}
    notes: list[dict] = []
    alerts = Alert.objects.filter(patient=patient, as_of__gte=lower, as_of__lt=upper)
    if not internal_alerts:
        alerts = alerts.exclude(patient_message="")
    for a in alerts.order_by("as_of").values("id", "as_of", "kind", "severity", "status", "title",
                                             "patient_message"):
        note = {"date": local(a["as_of"]), "kind": "alert", "id": str(a["id"]),
                "alert_kind": a["kind"], "severity": a["severity"], "status": a["status"],
                "label": a["title"] if internal_alerts else a["patient_message"]}
        notes.append(note)
    for m in AbiMeasurement.objects.filter(**alive, measured_at__gte=lower, measured_at__lt=upper
                                           ).values("id", "measured_at", "leg", "resting_abi",
                                                    "category"):
        notes.append({"date": local(m["measured_at"]), "kind": "measurement", "id": str(m["id"]),
                      "measurement": "abi", "leg": m["leg"], "value": m["resting_abi"],
                      "label": f"ABI {m['leg']} {m['resting_abi']} ({m['category']})"})
    for r in RutherfordAssessment.objects.filter(**alive, assessed_at__gte=lower,
                                                 assessed_at__lt=upper
                                                 ).values("id", "assessed_at", "category"):
        notes.append({"date": local(r["assessed_at"]), "kind": "measurement", "id": str(r["id"]),
                      "measurement": "rutherford", "value": r["category"],
                      "label": f"Rutherford {r['category']}"})
    for q in QuestionnaireResponse.objects.filter(**alive, answered_at__gte=lower,
                                                  answered_at__lt=upper
                                                  ).values("id", "answered_at", "instrument",
                                                           "scores"):
        notes.append({"date": local(q["answered_at"]), "kind": "questionnaire", "id": str(q["id"]),
                      "instrument": q["instrument"], "scores": q["scores"],
                      "label": q["instrument"].upper()})
    for program in programs:
        for kind, day in (("program_start", program.started_on),
                          ("program_end", program.ended_on)):
            if day is not None and first <= day <= last:
                notes.append({"date": day.isoformat(), "kind": kind, "id": str(program.pk),
                              "label": f"Exercise program {kind.split('_')[1]}s "
                                       f"({program.sessions_per_week}x{program.minutes_per_session}"
                                       f" min a week)"})
        for pause in program.live_pauses:
            if pause.starts_on <= last and pause.ends_on >= first:
                # Dated by its first day, which may be before the window: the span is the fact.
                notes.append({"date": pause.starts_on.isoformat(), "kind": "program_pause",
                              "id": str(pause.pk), "program_id": str(program.pk),
                              "starts_on": pause.starts_on.isoformat(),
                              "ends_on": pause.ends_on.isoformat(), "reason": pause.reason,
                              "label": f"Exercise program paused "
                                       f"({pause.get_reason_display().lower()}), "
                                       f"{pause.starts_on.isoformat()} to "
                                       f"{pause.ends_on.isoformat()}"})
    for procedure in procedures:
        if lower <= procedure.performed_at < upper:
            notes.append({"date": local(procedure.performed_at), "kind": "procedure",
                          "id": str(procedure.pk), "procedure": procedure.kind,
                          "label": procedure_label(procedure)})
    notes.sort(key=lambda note: (note["date"], note["kind"]))
    return notes


def patient_trends(*, patient: User, start: date, end: date, bucket: str,
                   include_internal_alerts: bool = True) -> dict[str, Any]:
    """Walking trends of ``patient`` from local day ``start`` to ``end`` by ``bucket``, as the
    trends API answers them (plain JSON data). Buckets are whole weeks or months covering the
    range. ``include_internal_alerts=False`` (a patient reading) keeps only alerts meant for them.
    """
    if bucket not in BUCKETS:
        raise ValueError(f"bucket: must be one of {', '.join(BUCKETS)}")
    if start > end:
        raise ValueError("from: must not be after 'to'")
    profile = patient.patient_profile
    tz = ZoneInfo(profile.time_zone)
    factor = profile.distance_calibration_factor
    first = bucket_start(start, bucket)
    last = bucket_next(bucket_start(end, bucket), bucket) - timedelta(days=1)

    walks = _walk_rows(patient, first, last, tz, factor)
    by_bucket: dict[date, list[_WalkRow]] = {}
    for walk in walks:
        by_bucket.setdefault(bucket_start(walk.day, bucket), []).append(walk)

    # The pauses come with the programs: one more query, whatever their number.
    programs = list(ExerciseProgram.objects.filter(
        patient=patient, deleted_at__isnull=True, started_on__lte=last
    ).order_by("-started_on", "-created_at").prefetch_related(Prefetch(
        "pauses", queryset=ProgramPause.objects.filter(deleted_at__isnull=True)
        .order_by("starts_on"), to_attr="live_pauses")))
    program = _program_reference(programs[0] if programs else None, patient, tz, factor)
    lower, upper = local_day_bounds(first, last, tz)
    procedures = list(procedures_of(patient_id=patient.pk).filter(performed_at__lt=upper))
    baseline = _baseline(patient, tz, factor, _baseline_reset(procedures, tz))
    baseline_median = baseline["pain_free_distance_m"]["median"] if baseline else None
    program_median = program["reference"]["pain_free_distance_m"] if program else None
    program_start = programs[0].started_on if programs else None

    buckets = []
    cursor = first
    while cursor <= last:
        following = bucket_next(cursor, bucket)
        row = _bucket_json(cursor, following - timedelta(days=1), by_bucket.get(cursor, []))
        median = row["pain_free_distance_m"]
        row["change_vs_baseline_pct"] = _change(median, baseline_median)
        # The bucket holding the program's first day counts as "since the program started".
        since_program = program_start is not None and following > program_start
        row["change_vs_program_start_pct"] = (
            _change(median, program_median) if since_program else None)
        buckets.append(row)
        cursor = following

    return {
        "patient": str(patient.pk),
        "time_zone": profile.time_zone,
        "bucket": bucket,
        "from": first.isoformat(),
        "to": last.isoformat(),
        "distance_calibration_factor": factor,
        "baseline": baseline,
        "program": program,
        "buckets": buckets,
        "annotations": _annotations(patient, tz, lower, upper, first, last, programs, procedures,
                                    include_internal_alerts),
    }
