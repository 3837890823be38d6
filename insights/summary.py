"""The patient summary a clinician reads before a visit, built in a fixed number of queries."""

from datetime import timedelta
from typing import Any

from django.db.models import Count, Max, Min, Q
from django.utils import timezone

from accounts.models import SuspectedCause, User
from questionnaires.models import QuestionnaireResponse
from records.models import AbiMeasurement, PostureTest, Procedure, RutherfordAssessment
from records.scoring.abi import AbiCategory, fontaine_stage
from records.selectors import procedure_label, procedure_settles_at
from tracker.models import SymptomReport, Walk
from tracker.red_flags import KIND_TRIAGE, symptom_triage

RED_FLAG_WINDOW = timedelta(days=90)
RECENT_WALKS_WINDOW = timedelta(days=30)
# A normal or borderline resting ABI (0.91-1.40) does not rule out PAD in a patient with
# exertional leg symptoms: the 2024 ACC/AHA PAD guideline (Gornik HL et al., Circulation
# 2024;149:e1313-e1410) recommends an exercise treadmill ABI then. Same cut-offs as
# ``records.scoring.abi`` (ABI categories "normal" and "borderline").
EXERCISE_ABI_SUGGESTED_FOR = {AbiCategory.NORMAL, AbiCategory.BORDERLINE}


def _latest_by(rows, key: str) -> dict[str, Any]:
    """The first row for each value of ``key``; rows come newest first."""
    latest: dict[str, Any] = {}
    for row in rows:
        latest.setdefault(row[key], row)
    return latest


def _exercise_abi_suggested(latest_abi: dict, *, symptomatic: bool) -> list[dict[str, Any]]:
    """Legs whose latest resting ABI is normal or borderline with no post-exercise ABI entered on
    that measurement, in a patient with symptoms. Symptomatic means walks that ended in pain, or
    a suspected cause other than unknown (the care team has already judged the legs to hurt on
    walking): the guideline's "exertional leg symptoms". A neurogenic suspicion is included on
    purpose: a normal exercise ABI is what rules vascular claudication out."""
    if not symptomatic:
        return []
    return [
        {
            "leg": leg,
            "measurement_id": row["id"],
            "resting_abi": row["resting_abi"],
            "reason": (
                f"resting ABI {row['resting_abi']:.2f} is {row['category']} in a patient with "
                "exertional leg symptoms: an exercise (treadmill) ABI can still show PAD "
                "(2024 ACC/AHA PAD guideline)"
            ),
        }
        for leg, row in sorted(latest_abi.items())
        if row["category"] in EXERCISE_ABI_SUGGESTED_FOR and row["post_exercise_abi"] is None
    ]


def _with_wifi(row: dict[str, Any]) -> dict[str, Any]:
    """The WIfI ischaemia grade beside the category, lifted out of the stored interpretation."""
    interpretation = row.get("interpretation") or {}
    row["wifi_ischaemia_grade"] = interpretation.get("wifi_ischaemia_grade")
    row["wifi_ischaemia_decided_by"] = interpretation.get("wifi_ischaemia_decided_by")
    return row


def patient_summary(*, patient: User) -> dict[str, Any]:
    """Latest measurements, questionnaire scores, posture tests, 90 days of red flags and walk
    counts for one patient, and its procedures. Eight queries whatever the amount of data."""
    now = timezone.now()
    alive = {"patient": patient, "deleted_at__isnull": True}

    abi_rows = AbiMeasurement.objects.filter(**alive).order_by("-measured_at").values(
        "id", "measured_at", "leg", "resting_abi", "category", "ankle_pressure_mmhg",
        "toe_pressure_mmhg", "toe_brachial_index", "post_exercise_abi", "interpretation",
    )
    rutherford = RutherfordAssessment.objects.filter(**alive).order_by("-assessed_at").values(
        "id", "assessed_at", "category").first()
    questionnaires = QuestionnaireResponse.objects.filter(**alive).order_by("-answered_at").values(
        "id", "instrument", "answered_at", "scores")
    procedures = [
        {"id": p.pk, "performed_at": p.performed_at, "kind": p.kind, "label": procedure_label(p),
         "settles_at": procedure_settles_at(p)}
        for p in Procedure.objects.filter(**alive).order_by("-performed_at")]
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
        with_pain=Count("id", filter=Q(pain_onset_m__isnull=False)),
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
    latest_abi = {leg: _with_wifi(row) for leg, row in _latest_by(abi_rows, "leg").items()}
    symptomatic = walks.pop("with_pain") > 0 or profile.suspected_cause != SuspectedCause.UNKNOWN
    return {
        "patient": patient.pk,
        "suspected_cause": profile.suspected_cause,
        "affected_side": profile.affected_side,
        "distance_calibration_factor": profile.distance_calibration_factor,
        "abi": latest_abi,
        "exercise_abi_suggested": _exercise_abi_suggested(latest_abi, symptomatic=symptomatic),
        "rutherford": rutherford,
        "questionnaires": _latest_by(questionnaires, "instrument"),
        "posture_tests": _latest_by(posture, "kind"),
        "procedures": procedures,
        "red_flags_90_days": red_flags,
        "walks": {
            **walks,
            "days_since_last": (now - walks["last_at"]).days if walks["last_at"] else None,
        },
    }
