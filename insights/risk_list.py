"""The patient list in order of need: open alerts by severity (an urgent or emergency alert counts
until it is resolved, acknowledged or not), then a recent decline, then the
longest silence. Two queries whatever the number of patients: one for the ordered patients with
their risk, its top alert, latest ABI, Rutherford category and running program (all
subqueries of that one query), one for the last 30 local days of walks behind every row's
sparkline. Filters (cause, alert kind, program, name) narrow the first query and add none."""

from datetime import datetime, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    JSONField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce, JSONObject
from django.utils import timezone

from accounts.models import User
from accounts.selectors import patients_visible_to
from core.postgres import days_by_patient
from core.severity import SEVERITY_RANK, Severity
from core.stats.censored import Observation, km_median
from notifications.evidence_text import alert_short_label
from notifications.models import Alert, AlertKind, AlertStatus, DetectorState
from programs.models import ExerciseProgram
from records.models import AbiMeasurement, RutherfordAssessment
from tracker.models import Walk

SPARKLINE_DAYS = 30


PROGRAM_FILTERS = ("running", "none")
NAME_SEARCH_MAX_CHARS = 100


def patients_risk_ordered(*, user: User, cause: str = "", alert_kind: str = "",
                          program: str = "", name: str = "") -> list[dict]:
    """The patients ``user`` may see, most in need first (open alerts by severity, a decline,
    silence), as plain rows with ``risk`` and a 30-day pain-free ``sparkline``, narrowed by the
    filters (empty: no filter). Two queries."""
    patients = patients_filtered(patients=patients_visible_to(user=user), cause=cause,
                                 alert_kind=alert_kind, program=program, name=name)
    return patient_risk_rows(patients=list(patients_by_risk(patients=patients)))


def _running_programs(today=None):
    today = today or timezone.now().date()
    return ExerciseProgram.objects.filter(
        patient=OuterRef("pk"), deleted_at__isnull=True, started_on__lte=today,
    ).filter(Q(ended_on__isnull=True) | Q(ended_on__gte=today))


def patients_filtered(*, patients: QuerySet[User], cause: str = "", alert_kind: str = "",
                      program: str = "", name: str = "") -> QuerySet[User]:
    """``patients`` with the recorded ``cause``, an unresolved alert of ``alert_kind``, a
    ``program`` running or ``"none"``, and ``name`` in their name or e-mail; empty: any."""
    if cause:
        patients = patients.filter(patient_profile__suspected_cause=cause)
    if alert_kind:
        patients = patients.filter(Exists(Alert.objects.filter(
            patient=OuterRef("pk"), kind=alert_kind).exclude(status=AlertStatus.RESOLVED)))
    if program == "running":
        patients = patients.filter(Exists(_running_programs()))
    elif program == "none":
        patients = patients.filter(~Exists(_running_programs()))
    name = name.strip()[:NAME_SEARCH_MAX_CHARS]
    if name:
        patients = patients.filter(Q(full_name__icontains=name) | Q(email__icontains=name))
    return patients


def patients_by_risk(*, patients: QuerySet[User]) -> QuerySet[User]:
    """``patients`` annotated with their risk and ordered most in need first."""
    declines = (AlertKind.PAIN_FREE_DISTANCE_DECLINE, AlertKind.MAX_WALKING_DISTANCE_DECLINE)
    open_alerts = Alert.objects.filter(patient=OuterRef("pk"), status=AlertStatus.OPEN)
    open_summary = open_alerts.order_by().values("patient").annotate(n=Count("id"))
    # Acknowledging an urgent or emergency alert is not dealing with it: the patient stays first
    # until it is resolved. A lesser alert, once acknowledged, no longer ranks the patient.
    ranking_alerts = Alert.objects.filter(
        Q(status=AlertStatus.OPEN)
        | Q(status=AlertStatus.ACKNOWLEDGED, severity_rank__gte=SEVERITY_RANK[Severity.URGENT]),
        patient=OuterRef("pk"),
    )
    ranking = ranking_alerts.order_by().values("patient").annotate(top=Max("severity_rank"))
    # The alert that puts the patient where they are, named on the row.
    top_alert = ranking_alerts.order_by("-severity_rank", "-as_of").values(
        json=JSONObject(kind="kind", status="status", drop_pct="evidence__drop_pct"))[:1]
    # The latest ABI; legs measured at the same time give the lower (worse) one.
    abi = AbiMeasurement.objects.filter(
        patient=OuterRef("pk"), deleted_at__isnull=True, resting_abi__isnull=False,
    ).order_by("-measured_at", "resting_abi").values(
        json=JSONObject(abi="resting_abi", category="category", leg="leg",
                        measured_at="measured_at"))[:1]
    rutherford = RutherfordAssessment.objects.filter(
        patient=OuterRef("pk"), deleted_at__isnull=True).order_by("-assessed_at").values(
        "category")[:1]
    last_walk = Walk.objects.filter(patient=OuterRef("pk"), deleted_at__isnull=True).order_by(
        "-started_at").values("started_at")[:1]
    return patients.select_related("patient_profile").annotate(
        open_alert_count=Coalesce(Subquery(open_summary.values("n"), output_field=IntegerField()),
                                  0),
        top_severity_rank=Coalesce(Subquery(ranking.values("top"),
                                            output_field=IntegerField()), -1),
        declining=ExpressionWrapper(
            Q(Exists(Alert.objects.filter(
                patient=OuterRef("pk"), kind__in=declines, status=AlertStatus.OPEN)))
            | Q(Exists(DetectorState.objects.filter(
                patient=OuterRef("pk"), kind__in=declines, condition_met=True))),
            output_field=BooleanField()),
        last_walk_at=Subquery(last_walk),
        top_alert=Subquery(top_alert, output_field=JSONField()),
        latest_abi=Subquery(abi, output_field=JSONField()),
        rutherford_category=Subquery(rutherford, output_field=IntegerField()),
        in_program=Exists(_running_programs()),
        # Never walked counts as silent since enrolment.
        last_active_at=Coalesce(Subquery(last_walk), F("date_joined")),
    ).order_by("-top_severity_rank", "-declining", "last_active_at", "full_name", "email")


def _iso(value) -> str | None:
    if value is None:
        return None
    text = value.isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def day_estimate(walks: list[tuple]) -> tuple[float, bool]:
    """KM median pain-free distance of one day's ``(.., distance_m, pain_onset_m)`` rows as
    ``(value, censored)``."""
    result = km_median([Observation(d, False) if o is None else Observation(o, True)
                        for *_, d, o in walks])
    return result.value, not result.reached


def sparklines(*, patients: list[User], now: datetime | None = None) -> dict[Any, dict]:
    """Per patient id: the first local day and the KM median pain-free distance (calibrated) of
    each of the last 30 local days, ``None`` on days without walks. One query."""
    now = now or timezone.now()
    lines = {}
    for patient in patients:
        profile = patient.patient_profile
        first = now.astimezone(ZoneInfo(profile.time_zone)).date() - timedelta(
            days=SPARKLINE_DAYS - 1)
        lines[patient.pk] = {"from": first, "values": [None] * SPARKLINE_DAYS,
                             "censored": [None] * SPARKLINE_DAYS,
                             "factor": profile.distance_calibration_factor}
    # Wide enough for any time zone; each patient's own days are cut below.
    walks = Walk.objects.filter(
        patient__in=list(lines), deleted_at__isnull=True,
        started_at__gte=now - timedelta(days=SPARKLINE_DAYS + 1), started_at__lte=now,
    )
    for patient_id, day, walks_of_day in days_by_patient(
            walks, time_field="started_at", time_zone=F("patient__patient_profile__time_zone"),
            columns=("distance_m", "pain_onset_m")):
        line = lines[patient_id]
        index = (day - line["from"]).days
        if 0 <= index < SPARKLINE_DAYS:
            value, is_bound = day_estimate(walks_of_day)
            line["values"][index] = round(value * line["factor"], 1)
            line["censored"][index] = is_bound
    for line in lines.values():
        line["from"] = line["from"].isoformat()
        del line["factor"]
    return lines


def _age_years(born, today) -> int | None:
    if born is None:
        return None
    return today.year - born.year - ((today.month, today.day) < (born.month, born.day))


def _top_alert(value: dict | None) -> dict | None:
    if not value:
        return None
    return {"kind": value["kind"], "status": value["status"],
            "label": alert_short_label(value["kind"], value.get("drop_pct"))}


def patient_risk_rows(*, patients: list[User], now: datetime | None = None) -> list[dict]:
    """Plain rows for patients from ``patients_by_risk``: the patient list's fields, ``risk``
    (with its top alert named), ``clinical`` (age, latest ABI, Rutherford, program) and a 30-day
    ``sparkline`` of pain-free distance (one value or null per local day)."""
    now = now or timezone.now()
    severity_of = {rank: str(severity) for severity, rank in SEVERITY_RANK.items()}
    lines = sparklines(patients=patients, now=now)
    rows = []
    for patient in patients:
        profile = patient.patient_profile
        line = lines[patient.pk]
        zone = ZoneInfo(profile.time_zone)
        today = now.astimezone(zone).date()
        # Whole local days: a walk this morning is "today", one last evening is 1 day ago.
        days_since_walk = (None if patient.last_walk_at is None else
                           (today - patient.last_walk_at.astimezone(zone).date()).days)
        abi = patient.latest_abi
        rows.append({
            "id": str(patient.pk),
            "email": patient.email,
            "full_name": patient.full_name,
            "is_active": patient.is_active,
            "date_joined": _iso(patient.date_joined),
            "date_of_birth": _iso(profile.date_of_birth),
            "sex": profile.sex,
            "time_zone": profile.time_zone,
            "suspected_cause": profile.suspected_cause,
            "affected_side": profile.affected_side,
            "decline_threshold_pct": profile.decline_threshold_pct,
            "risk": {
                "open_alerts": patient.open_alert_count,
                "max_severity": severity_of.get(patient.top_severity_rank),
                "declining": patient.declining,
                "last_walk_at": _iso(patient.last_walk_at),
                "days_silent": (now - patient.last_active_at).days,
                "days_since_last_walk": days_since_walk,
                "top_alert": _top_alert(patient.top_alert),
            },
            "clinical": {
                "age_years": _age_years(profile.date_of_birth, today),
                "abi": None if not abi else {
                    "value": abi["abi"], "category": abi["category"], "leg": abi["leg"],
                    "measured_at": abi["measured_at"]},
                "rutherford_category": patient.rutherford_category,
                "in_program": patient.in_program,
            },
            "sparkline": line["values"],
            "sparkline_censored": line["censored"],
            "sparkline_from": line["from"],
        })
    return rows
