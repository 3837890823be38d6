"""The patient list in order of need: open alerts by severity, then a recent decline, then the
longest silence. Two queries whatever the number of patients: one for the ordered patients with
their risk, one for the last 30 local days of walks behind every row's sparkline."""

from collections.abc import Iterator
from datetime import date, datetime, timedelta
from itertools import groupby
from operator import itemgetter
from typing import Any
from zoneinfo import ZoneInfo

from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import User

from .censored import Observation, km_median
from .models import Walk
from .trends import EPOCH, walks_by_local_day, walks_day_number_sql

SPARKLINE_DAYS = 30


def patients_by_risk(*, patients: QuerySet[User]) -> QuerySet[User]:
    """``patients`` annotated with their risk and ordered most in need first."""
    from notifications.models import Alert, AlertKind, AlertStatus, DetectorState

    declines = (AlertKind.PAIN_FREE_DISTANCE_DECLINE, AlertKind.MAX_WALKING_DISTANCE_DECLINE)
    open_alerts = Alert.objects.filter(patient=OuterRef("pk"), status=AlertStatus.OPEN)
    open_summary = open_alerts.order_by().values("patient").annotate(
        n=Count("id"), top=Max("severity_rank"))
    last_walk = Walk.objects.filter(patient=OuterRef("pk"), deleted_at__isnull=True).order_by(
        "-started_at").values("started_at")[:1]
    return patients.select_related("patient_profile").annotate(
        open_alert_count=Coalesce(Subquery(open_summary.values("n"), output_field=IntegerField()),
                                  0),
        top_severity_rank=Coalesce(Subquery(open_summary.values("top"),
                                            output_field=IntegerField()), -1),
        declining=ExpressionWrapper(
            Q(Exists(Alert.objects.filter(
                patient=OuterRef("pk"), kind__in=declines, status=AlertStatus.OPEN)))
            | Q(Exists(DetectorState.objects.filter(
                patient=OuterRef("pk"), kind__in=declines, condition_met=True))),
            output_field=BooleanField()),
        last_walk_at=Subquery(last_walk),
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


def _walk_days(walks: QuerySet) -> Iterator[tuple[Any, date, list[tuple]]]:
    """``(patient id, local day, [(.., distance_m, pain_onset_m), ...])`` per patient and day
    with walks. On PostgreSQL the rows come as one array per patient and column: 500 rows to
    read instead of tens of thousands."""
    time_zone = F("patient__patient_profile__time_zone")
    if connection.vendor != "postgresql":
        rows = walks_by_local_day(walks.order_by("patient_id", "started_at"), time_zone=time_zone,
                                  columns=("patient_id", "distance_m", "pain_onset_m"))
        for (day, patient_id), group in groupby(rows, key=itemgetter(0, 1)):
            yield patient_id, day, list(group)
        return
    try:
        inner, params = walks_day_number_sql(
            walks.order_by(), time_zone=time_zone,
            columns=("patient_id", "started_at", "distance_m", "pain_onset_m"))
    except EmptyResultSet:
        return
    in_order = 'ORDER BY w."started_at"'
    sql = (f'SELECT w."patient_id", array_agg(w."day_number" {in_order}), '
           f'array_agg(w."distance_m" {in_order}), array_agg(w."pain_onset_m" {in_order}) '
           f'FROM ({inner}) w GROUP BY w."patient_id"')
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        per_patient = cursor.fetchall()
    for patient_id, days, distances, onsets in per_patient:
        for day_number, group in groupby(zip(days, distances, onsets), key=itemgetter(0)):
            yield patient_id, EPOCH + timedelta(days=day_number), list(group)


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
    for patient_id, day, walks_of_day in _walk_days(walks):
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


def patient_risk_rows(*, patients: list[User], now: datetime | None = None) -> list[dict]:
    """Plain rows for patients from ``patients_by_risk``: the patient list's fields, ``risk``
    and a 30-day ``sparkline`` of pain-free distance (one value or null per local day)."""
    from notifications.models import SEVERITY_RANK

    now = now or timezone.now()
    severity_of = {rank: str(severity) for severity, rank in SEVERITY_RANK.items()}
    lines = sparklines(patients=patients, now=now)
    rows = []
    for patient in patients:
        profile = patient.patient_profile
        line = lines[patient.pk]
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
            "risk": {
                "open_alerts": patient.open_alert_count,
                "max_severity": severity_of.get(patient.top_severity_rank),
                "declining": patient.declining,
                "last_walk_at": _iso(patient.last_walk_at),
                "days_silent": (now - patient.last_active_at).days,
            },
            "sparkline": line["values"],
            "sparkline_censored": line["censored"],
            "sparkline_from": line["from"],
        })
    return rows
