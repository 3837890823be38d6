"""Reads of alerts and detector conclusions, scoped like every patient query."""

from typing import Any

from django.db.models import QuerySet

from accounts.models import CARE_ROLES, Role, User
from accounts.selectors import patients_visible_to

from .detectors.neurogenic import SOURCES as PATTERN_SOURCES
from .models import Alert, AlertKind, DetectorState


def alerts_visible_to(*, user: User) -> QuerySet[Alert]:
    """Carers see their patients' alerts; a patient sees only those with a message for them."""
    alerts = Alert.objects.select_related("patient")
    if getattr(user, "is_authenticated", False) and user.role == Role.PATIENT and user.is_active:
        return alerts.filter(patient=user).exclude(patient_message="")
    return alerts.filter(patient__in=patients_visible_to(user=user))


def pattern_patients_visible_to(*, user: User) -> QuerySet[User]:
    """Whose walking-pattern assessment ``user`` may read: the care team's patients only. The
    assessment is for clinicians (the service does not diagnose), so a patient sees none."""
    if getattr(user, "role", None) not in CARE_ROLES:
        return User.objects.none()
    return patients_visible_to(user=user)


def pattern_assessment_of(*, patient: User) -> dict[str, Any]:
    """The neurogenic-pattern detector's stored conclusion, shaped for the API; the status is
    ``not_enough_data`` when it has not judged the patient or could not class the walks."""
    state = (DetectorState.objects.filter(patient=patient, kind=AlertKind.NEUROGENIC_PATTERN)
             .values("last_conclusion", "evaluated_through").first())
    conclusion = (state or {}).get("last_conclusion") or {}
    evidence = conclusion.get("evidence") or {}
    assessed = bool(evidence.get("pattern_class"))
    signs = [
        {"name": name, "finding": sign.get("finding", ""), "lr": sign.get("lr"),
         "source": sign.get("source", ""),
         "citation": PATTERN_SOURCES.get(sign.get("source", ""), ""),
         "observed": sign.get("observed") or {}, "walk_ids": sign.get("walk_ids") or []}
        for name, sign in (evidence.get("signs") or {}).items() if isinstance(sign, dict)
    ] if assessed else []
    return {
        "patient": patient.pk,
        "status": "assessed" if assessed else "not_enough_data",
        "pattern_class": evidence.get("pattern_class") if assessed else None,
        "probability_neurogenic": evidence.get("posterior_neurogenic") if assessed else None,
        "prior_neurogenic": evidence.get("prior_neurogenic"),
        "recorded_cause": evidence.get("recorded_cause", patient.patient_profile.suspected_cause),
        "disagrees_or_changed": bool(conclusion.get("met")) if assessed else False,
        "reasons": evidence.get("reasons") or [],
        "as_of": conclusion.get("as_of") or (state or {}).get("evaluated_through"),
        "window_start": evidence.get("window_start"),
        "window_end": evidence.get("window_end"),
        "window_days": evidence.get("window_days"),
        "walks": len(evidence.get("walk_ids") or []),
        "signs": signs,
    }
