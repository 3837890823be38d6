"""Reads the dashboard pages need beyond the shared selectors: a patient's timeline and the
conclusion of the neurogenic-pattern detector. Callers pass a patient already scoped to them."""

from datetime import datetime
from typing import Any

from django.utils.dateparse import parse_datetime

from accounts.models import User
from notifications.models import Alert, AlertKind, DetectorState
from tracker.models import SymptomKind, SymptomReport
from tracker.models.symptoms import RedFlag
from tracker.red_flags import symptom_triage

TIMELINE_LIMIT = 200


def patient_timeline(*, patient: User, since: datetime) -> list[dict[str, Any]]:
    """Symptom reports (with red flags and triage) and alerts since ``since``, newest first."""
    reports = (
        SymptomReport.objects.filter(patient=patient, deleted_at__isnull=True,
                                     occurred_at__gte=since)
        .order_by("-occurred_at")
        .values("id", "occurred_at", "kind", "red_flags", "nrs", "locations", "side", "note")
        [:TIMELINE_LIMIT]
    )
    events = []
    for report in reports:
        triage = symptom_triage(kind=report["kind"], red_flags=report["red_flags"],
                                locations=report["locations"])
        events.append({
            "type": "symptom",
            "at": report["occurred_at"],
            "title": SymptomKind(report["kind"]).label if report["kind"] in SymptomKind.values
            else report["kind"],
            "red_flags": [RedFlag(f).label if f in RedFlag.values else f
                          for f in report["red_flags"]],
            "severity": triage.severity if triage else "",
            "nrs": report["nrs"],
            "locations": report["locations"],
            "side": report["side"] or "",
            "note": report["note"],
        })
    alerts = (
        Alert.objects.filter(patient=patient, as_of__gte=since)
        .order_by("-as_of")[:TIMELINE_LIMIT]
    )
    for alert in alerts:
        events.append({
            "type": "alert", "at": alert.as_of, "title": alert.title, "severity": alert.severity,
            "status": alert.get_status_display(), "alert": alert,
        })
    events.sort(key=lambda event: event["at"], reverse=True)
    return events[:TIMELINE_LIMIT]


def patient_alerts_unresolved(*, patient: User) -> list[Alert]:
    """The patient's open and acknowledged alerts, most severe first."""
    return list(
        Alert.objects.filter(patient=patient).exclude(status="resolved")
        .order_by("-severity_rank", "created_at", "id")
    )


# Evidence codes whose words need more than spaces for underscores.
LABELS = {
    "resting_abi": "resting ABI",
    "abi_0_90_or_less": "ABI 0.90 or less",
    "abi_normal_1_00_to_1_40": "ABI normal (1.00-1.40)",
    "abi_borderline_or_non_compressible": "ABI borderline or non-compressible",
}


def _label(value) -> str:
    if not value:
        return ""
    return LABELS.get(str(value)) or str(value).replace("_like", "-like").replace("_", " ")


def neurogenic_pattern_conclusion(*, patient: User) -> dict[str, Any] | None:
    """The neurogenic-pattern detector's latest conclusion, shaped for display; None when it has
    not judged this patient yet.

    ``met``: the pattern disagrees with the recorded cause (or changed class). The evidence
    (class, posterior, likelihood-ratio signs, sources) is there when the detector kept it.
    """
    state = (
        DetectorState.objects.filter(patient=patient, kind=AlertKind.NEUROGENIC_PATTERN)
        .values("last_conclusion", "evaluated_through").first()
    )
    if state is None or not state["last_conclusion"]:
        return None
    conclusion = state["last_conclusion"]
    evidence = conclusion.get("evidence") or {}
    as_of = conclusion.get("as_of")
    as_of = parse_datetime(as_of) if isinstance(as_of, str) else None
    as_of = as_of or state["evaluated_through"]
    previous = evidence.get("previous_window") or {}
    signs = [
        {"name": _label(name), "finding": _label(sign.get("finding")), "lr": sign.get("lr"),
         "source": sign.get("source", ""), "walks": len(sign.get("walk_ids") or [])}
        for name, sign in (evidence.get("signs") or {}).items() if isinstance(sign, dict)
    ]
    return {
        "met": conclusion.get("met"),
        "as_of": as_of,
        "pattern_class": _label(evidence.get("pattern_class")),
        "posterior": evidence.get("posterior_neurogenic"),
        "prior": evidence.get("prior_neurogenic"),
        "window_start": evidence.get("window_start"),
        "window_end": evidence.get("window_end"),
        "walks": len(evidence.get("walk_ids") or []),
        "reasons": [_label(r) for r in evidence.get("reasons") or []],
        "previous_class": _label(previous.get("pattern_class")),
        "signs": signs,
        "sources": evidence.get("sources") or {},
    }
