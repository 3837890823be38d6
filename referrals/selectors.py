"""Reads of referrals, scoped like every patient query, and the content a signature covers."""

import hashlib
import json

from django.db.models import QuerySet

from accounts.models import CARE_ROLES, Role, User
from accounts.selectors import patients_visible_to

from .models import Referral, ReferralStatus

# What a patient sees: orders a clinician signed, not drafts or what was declined.
PATIENT_STATUSES = (ReferralStatus.SIGNED, ReferralStatus.SENT, ReferralStatus.COMPLETED)


def referrals_visible_to(*, user: User) -> QuerySet[Referral]:
    """The care team's patients' referrals; a patient's own signed orders; nothing else."""
    referrals = Referral.objects.select_related("patient", "signed_by", "declined_by")
    if not getattr(user, "is_authenticated", False) or not user.is_active:
        return referrals.none()
    if user.role == Role.PATIENT:
        return referrals.filter(patient=user, status__in=PATIENT_STATUSES)
    if user.role not in CARE_ROLES:
        return referrals.none()
    return referrals.filter(patient__in=patients_visible_to(user=user))


def referrals_of_patient(*, patient: User, limit: int = 20) -> list[Referral]:
    """The patient's latest referrals, drafts included, with who signed them (for the care
    team's patient page; the caller has already checked that it may see the patient)."""
    return list(Referral.objects.filter(patient=patient).select_related("signed_by")
                .order_by("-drafted_at")[:limit])


def referral_content(*, referral: Referral) -> dict:
    """The signed content: what is ordered, for whom, on which criteria, by whom and when."""
    return {
        "referral_id": str(referral.pk),
        "patient_id": str(referral.patient_id),
        "kind": referral.kind,
        "criteria": referral.criteria,
        "drafted_at": referral.drafted_at.isoformat(),
        "signed_by": str(referral.signed_by_id) if referral.signed_by_id else None,
        "signed_at": referral.signed_at.isoformat() if referral.signed_at else None,
    }


def canonical_json(content: dict) -> bytes:
    """Sorted keys, no spaces, UTF-8: the same content always gives the same bytes."""
    return json.dumps(content, sort_keys=True, separators=(",", ":"),
                      ensure_ascii=False).encode()


def referral_signature_compute(*, referral: Referral) -> str:
    """SHA-256 (hex) of the canonical JSON of ``referral_content``."""
    return hashlib.sha256(canonical_json(referral_content(referral=referral))).hexdigest()


def referral_signature_valid(*, referral: Referral) -> bool:
    """The stored signature still matches the content (nothing changed after signing)."""
    return bool(referral.signature_sha256) and (
        referral.signature_sha256 == referral_signature_compute(referral=referral))
