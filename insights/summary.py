"""The patient summary a clinician reads before a visit, built in a fixed number of queries."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from accounts.models import User
from questionnaires.models import QuestionnaireResponse
from records.models import AbiMeasurement, PostureTest, RutherfordAssessment
from records.scoring.abi import fontaine_stage
from tracker.models import SymptomReport, Walk
from tracker.red_flags import KIND_TRIAGE, symptom_triage

RED_FLAG_WINDOW = timedelta(days=90)
RECENT_WALKS_WINDOW = timedelta(days=30)


def _latest_by(rows, key: str) -> dict[str, Any]:
    """The first row for each value of ``key``; rows come newest first."""
    latest: dict[str, Any] = {}
    for row in rows:
        latest.setdefault(row[key], row)
    return latest


def patient_summary(*, patient: User) -> dict[str, Any]:
    """Latest measurements, questionnaire scores, posture tests, 90 days of red flags and walk
    counts for one patient. Seven queries whatever the amount of data."""
    now = timezone.now()
    alive = {"patient": patient, "deleted_at__isnull": True}

    abi_rows = AbiMeasurement.objects.filter(**alive).order_by("-measured_at").values(
        "id", "measured_at", "leg", "resting_abi", "category", "ankle_pressure_mmhg",
        "toe_brachial_index", "post_exercise_abi", "interpretation",
    )
    rutherford = RutherfordAssessment.objects.filter(**alive).order_by("-assessed_at").values(
        "id", "assessed_at", "category").first()
    questionnaires = QuestionnaireResponse.objects.filter(**alive).order_by("-answered_at").values(
        "id", "instrument", "answered_at", "scores")
    posture = PostureTest.objects.filter(**alive).order_by("-performed_at").values(
        "id", "kind", "measure", "performed_at", "upright_value", "forward_value",
        "forward_censored", "effect_pct")
    flagged = SymptomReport.objects.filter(
        Q(kind__in=list(KIND_TRIAGE)) | ~Q(red_flags=[]),
        occurred_at__gte=now - RED_FLAG_WINDOW, **alive,
    ).order_by("-occurred_at").values("id", "occurred_at", "kind", "red_flags", "locations")
    walks = Walk.objects.filter(**alive).aggregate(
        total=Count("id"),
        last_30_days=Count("id", filter=Q(started_at__gte=now - RECENT_WALKS_WINDOW)),
        without_pain=Count("id", filter=Q(pain_onset_m__isnull=True)),
        first_at=Min("started_at"),
        last_at=Max("started_at"),
    )

    red_flags = []
    for report in flagged:
        triage = symptom_triage(kind=report["kind"], red_flags=report["red_flags"],
                                locations=report["locations"])
        if triage is not None:
            red_flags.append({**report, "severity": triage.severity})

    if rutherford is not None:
        rutherford["fontaine_stage"] = fontaine_stage(rutherford["category"])
    profile = patient.patient_profile
    return {
        "patient": patient.pk,
        "suspected_cause": profile.suspected_cause,
        "affected_side": profile.affected_side,
        "distance_calibration_factor": profile.distance_calibration_factor,
        "abi": _latest_by(abi_rows, "leg"),
        "rutherford": rutherford,
        "questionnaires": _latest_by(questionnaires, "instrument"),
        "posture_tests": _latest_by(posture, "kind"),
        "red_flags_90_days": red_flags,
        "walks": {
            **walks,
            "days_since_last": (now - walks["last_at"]).days if walks["last_at"] else None,
        },
    }
