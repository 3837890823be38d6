"""Writes of referrals: drafting from the criteria, and a clinician's sign, decline, complete.

The system only drafts; a clinician signs. Signing writes an outbox row in the same transaction,
so the order reaches the clinic's ordering system even if the broker is down at that moment.
"""

from datetime import timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from rest_framework.exceptions import ValidationError

from accounts.models import Role, User
from notifications.models import OutboxMessage
from notifications.outbox import outbox_put

from .criteria import criteria_met
from .models import OPEN_STATUSES, TRANSITIONS, Referral, ReferralStatus
from .selectors import referral_signature_compute

# A declined or completed order of a kind is not drafted again for this long, so a clinician who
# said no is not asked again every night (project choice).
REDRAFT_AFTER_DAYS = 90
DECLINE_REASON_MAX_LENGTH = 2000


class TransitionRefused(ValidationError):
    """The referral's status does not allow this step."""


def _transition_check(referral: Referral, to: str) -> None:
    if to not in TRANSITIONS[referral.status]:
        raise TransitionRefused(
            {"status": [f"A referral that is {referral.status} cannot become {to}."]})


def referral_drafts_check(*, patient: User, today=None) -> list[Referral]:
    """Draft a referral of each kind whose criteria ``patient`` meets and that has none open
    (nor one declined or completed lately); returns those drafted now. Safe to run twice."""
    met = criteria_met(patient, today=today)
    if not met:
        return []
    since = timezone.now() - timedelta(days=REDRAFT_AFTER_DAYS)
    blocked = set(Referral.objects.filter(patient=patient, kind__in=list(met)).filter(
        status__in=OPEN_STATUSES).values_list("kind", flat=True)) | set(
        Referral.objects.filter(patient=patient, kind__in=list(met), updated_at__gte=since,
                                status__in=(ReferralStatus.DECLINED, ReferralStatus.COMPLETED))
        .values_list("kind", flat=True))
    drafted = []
    for kind, criteria in met.items():
        if kind in blocked:
            continue
        try:
            # Savepoint: a concurrent check that drafted the same kind first wins, and the
            # unique constraint turns this one into a no-op.
            with transaction.atomic():
                drafted.append(Referral.objects.create(patient=patient, kind=kind,
                                                       criteria=criteria))
        except IntegrityError:
            continue
    return drafted


def referral_drafts_sweep() -> int:
    """Check every active patient against the criteria (the nightly run); returns how many
    referrals were drafted. A run again drafts nothing new."""
    drafted = 0
    patients = (User.objects.filter(role=Role.PATIENT, is_active=True)
                .select_related("patient_profile").order_by("pk"))
    for patient in patients.iterator(chunk_size=500):
        with transaction.atomic():
            drafted += len(referral_drafts_check(patient=patient))
    return drafted


def _locked(referral_id) -> Referral:
    return Referral.objects.select_for_update().get(pk=referral_id)


@transaction.atomic
def referral_sign(*, referral: Referral, clinician: User) -> Referral:
    """Sign a drafted referral: who, when and the SHA-256 of the content; queue the send."""
    referral = _locked(referral.pk)
    _transition_check(referral, ReferralStatus.SIGNED)
    now = timezone.now()
    referral.status = ReferralStatus.SIGNED
    referral.signed_by = clinician
    referral.signed_at = now
    referral.updated_at = now
    referral.signature_sha256 = referral_signature_compute(referral=referral)
    referral.save(update_fields=["status", "signed_by", "signed_at", "updated_at",
                                 "signature_sha256"])
    outbox_put(topic=OutboxMessage.Topic.SEND_REFERRAL, key=f"referral:{referral.pk}",
               payload={"referral_id": str(referral.pk)})
    return referral


@transaction.atomic
def referral_decline(*, referral: Referral, clinician: User, reason: str) -> Referral:
    """Decline a drafted referral with the clinician's reason; it is kept, never deleted."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": ["Say why the referral is declined."]})
    referral = _locked(referral.pk)
    _transition_check(referral, ReferralStatus.DECLINED)
    now = timezone.now()
    referral.status = ReferralStatus.DECLINED
    referral.declined_by = clinician
    referral.declined_at = now
    referral.declined_reason = reason[:DECLINE_REASON_MAX_LENGTH]
    referral.updated_at = now
    referral.save(update_fields=["status", "declined_by", "declined_at", "declined_reason",
                                 "updated_at"])
    return referral


@transaction.atomic
def referral_complete(*, referral: Referral, carer: User) -> Referral:
    """The ordered test or visit happened: close the referral."""
    referral = _locked(referral.pk)
    _transition_check(referral, ReferralStatus.COMPLETED)
    now = timezone.now()
    referral.status = ReferralStatus.COMPLETED
    referral.completed_at = now
    referral.completed_by = carer
    referral.updated_at = now
    referral.save(update_fields=["status", "completed_at", "completed_by", "updated_at"])
    return referral
