"""Referrals on the dashboard (issue 13): the clinic's list by status, and the review page where
a clinician reads each criterion with its source and signs or declines the draft."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.views.decorators.http import require_POST, require_safe
from rest_framework.exceptions import ValidationError

from accounts.models import Role
from audit.services import audit_event_record
from referrals.models import Referral, ReferralStatus
from referrals.patient_text import patient_text_of
from referrals.selectors import referral_signature_valid, referrals_visible_to
from referrals.services import referral_decline, referral_sign

from .access import carer_required

LIST_LIMIT = 200


def _referral_for(*, user, referral_id) -> Referral:
    referral = referrals_visible_to(user=user).filter(pk=referral_id).first()
    if referral is None:
        raise Http404("No such referral.")
    return referral


def _shown(value) -> str:
    """A value of the evidence as words: codes with spaces, lists joined."""
    if isinstance(value, list):
        return ", ".join(_shown(v) for v in value)
    return str(value).replace("_", " ") if isinstance(value, str) else str(value)


def _criteria_rows(referral: Referral) -> list[dict]:
    """Each criterion with its evidence as (label, value) pairs a clinician reads."""
    return [{"text": c.get("text", ""), "citation": c.get("citation", ""),
             "evidence": [(name.replace("_", " ").capitalize(), _shown(value))
                          for name, value in (c.get("evidence") or {}).items()
                          if value not in (None, "", []) and not name.endswith(("_id", "_ids"))]}
            for c in referral.criteria]


def _error_text(exc: ValidationError) -> str:
    detail = exc.detail
    if isinstance(detail, dict):
        return " ".join(str(m) for messages_ in detail.values() for m in messages_)
    return " ".join(str(m) for m in detail)


@require_safe
@carer_required
def referral_list(request):
    """The care teams' referrals in one status (drafts waiting for a signature by default)."""
    status = request.GET.get("status", ReferralStatus.DRAFT)
    if status not in ReferralStatus.values:
        status = ReferralStatus.DRAFT
    referrals = list(referrals_visible_to(user=request.user).filter(status=status)
                     .order_by("-drafted_at", "id")[:LIST_LIMIT])
    audit_event_record(actor=request.user, patient_ids=[r.patient_id for r in referrals],
                       action="dashboard.referral_list")
    tabs = [{"status": value, "label": label.split(",")[0], "current": value == status}
            for value, label in ReferralStatus.choices]
    return render(request, "dashboard/referral_list.html", {
        "referrals": referrals, "status": status, "tabs": tabs, "limit": LIST_LIMIT,
        "section": "referrals"})


@require_safe
@carer_required
def referral_review(request, referral_id):
    """One referral: what is ordered, each criterion with its values and source, the signature."""
    referral = _referral_for(user=request.user, referral_id=referral_id)
    audit_event_record(actor=request.user, action="dashboard.referral_read",
                       patient_ids=[referral.patient_id], target=referral)
    return render(request, "dashboard/referral_review.html", {
        "referral": referral, "criteria": _criteria_rows(referral), "section": "referrals",
        "may_sign": request.user.role == Role.CLINICIAN,
        "patient_text": patient_text_of(referral),
        "signature_valid": referral_signature_valid(referral=referral)})


@require_POST
@carer_required
def referral_sign_view(request, referral_id):
    """Sign the draft (clinicians only); the order then goes to the clinic's ordering system."""
    referral = _referral_for(user=request.user, referral_id=referral_id)
    if request.user.role != Role.CLINICIAN:
        return render(request, "dashboard/not_for_you.html", status=403)
    try:
        referral = referral_sign(referral=referral, clinician=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        audit_event_record(actor=request.user, action="dashboard.referral_sign",
                           patient_ids=[referral.patient_id], target=referral)
        messages.success(request, f"Signed: {referral.get_kind_display()}.")
    return redirect("dashboard:referral", referral_id=referral.pk)


@require_POST
@carer_required
def referral_decline_view(request, referral_id):
    """Decline the draft with a reason (clinicians only); it is kept."""
    referral = _referral_for(user=request.user, referral_id=referral_id)
    if request.user.role != Role.CLINICIAN:
        return render(request, "dashboard/not_for_you.html", status=403)
    try:
        referral = referral_decline(referral=referral, clinician=request.user,
                                    reason=request.POST.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        audit_event_record(actor=request.user, action="dashboard.referral_decline",
                           patient_ids=[referral.patient_id], target=referral)
        messages.success(request, f"Declined: {referral.get_kind_display()}.")
    return redirect("dashboard:referral", referral_id=referral.pk)


# Included by dashboard/urls.py under "referrals/", in the dashboard namespace.
urlpatterns = [
    path("", referral_list, name="referrals"),
    path("<uuid:referral_id>/", referral_review, name="referral"),
    path("<uuid:referral_id>/sign/", referral_sign_view, name="referral-sign"),
    path("<uuid:referral_id>/decline/", referral_decline_view, name="referral-decline"),
]
