"""Referrals and orders drafted when a patient's record meets published criteria.

A referral is only ever drafted by the system; a clinician signs or declines it, and only a signed
one is sent to the clinic's ordering system (DESIGN.md: "never sent by itself"). Rows are never
deleted: a trigger refuses DELETE, and a withdrawn order is a declined one.
"""

import uuid

import pgtrigger
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone


class ReferralKind(models.TextChoices):
    MRI_LUMBAR_SPINE = "mri_lumbar_spine", "MRI of the lumbar spine"
    ARTERIAL_DUPLEX = "arterial_duplex", "Arterial duplex ultrasound of the legs"
    ABI = "abi", "ABI or exercise ABI"
    CT_ANGIOGRAPHY = "ct_angiography", "CT angiography of the leg arteries"
    PHYSIOTHERAPY = "physiotherapy", "Physiotherapy"
    SET = "set", "Supervised exercise therapy"
    VASCULAR_SURGERY_OPINION = "vascular_surgery_opinion", "Vascular surgery opinion"
    SPINE_SURGERY_OPINION = "spine_surgery_opinion", "Spine surgery opinion"
    EPIDURAL_INJECTION = "epidural_injection", "Epidural steroid injection"


class ReferralStatus(models.TextChoices):
    DRAFT = "draft", "Drafted, waiting for a clinician"
    SIGNED = "signed", "Signed"
    SENT = "sent", "Sent to the ordering system"
    DECLINED = "declined", "Declined"
    COMPLETED = "completed", "Completed"


# Which status may follow which. A signed order is completed without being sent when the clinic
# has no ordering system connected (it is ordered by hand and closed here).
TRANSITIONS = {
    ReferralStatus.DRAFT: {ReferralStatus.SIGNED, ReferralStatus.DECLINED},
    ReferralStatus.SIGNED: {ReferralStatus.SENT, ReferralStatus.COMPLETED},
    ReferralStatus.SENT: {ReferralStatus.COMPLETED},
    ReferralStatus.DECLINED: set(),
    ReferralStatus.COMPLETED: set(),
}
# "Open": the order still waits for a decision or its result; one per patient and kind.
OPEN_STATUSES = (ReferralStatus.DRAFT, ReferralStatus.SIGNED, ReferralStatus.SENT)


class Referral(models.Model):
    """One drafted order for one patient, with the criteria that made the system draft it."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    patient = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                related_name="referrals")
    kind = models.CharField(max_length=32, choices=ReferralKind.choices)
    status = models.CharField(max_length=12, choices=ReferralStatus.choices,
                              default=ReferralStatus.DRAFT)
    # [{"code", "text", "source", "evidence": {...}}], as judged when drafted; fixed after that.
    criteria = models.JSONField(default=list)
    drafted_at = models.DateTimeField(default=timezone.now)
    signed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True,
                                  blank=True, related_name="+")
    signed_at = models.DateTimeField(null=True, blank=True)
    # SHA-256 (hex) of the canonical JSON of the signed content (selectors.referral_content).
    signature_sha256 = models.CharField(max_length=64, blank=True, default="")
    declined_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                    null=True, blank=True, related_name="+")
    declined_at = models.DateTimeField(null=True, blank=True)
    declined_reason = models.TextField(blank=True, default="")
    sent_at = models.DateTimeField(null=True, blank=True)
    send_error = models.TextField(blank=True, default="",
                                  help_text="Why the last send to the ordering system failed.")
    completed_at = models.DateTimeField(null=True, blank=True)
    completed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT,
                                     null=True, blank=True, related_name="+")
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-drafted_at", "id"]
        indexes = [models.Index(fields=["patient", "-drafted_at"], name="referral_patient_time"),
                   models.Index(fields=["status", "-drafted_at"], name="referral_status_time")]
        constraints = [
            # One open referral per patient and kind: a retried or concurrent check cannot draft
            # a second one.
            models.UniqueConstraint(fields=["patient", "kind"],
                                    condition=Q(status__in=["draft", "signed", "sent"]),
                                    name="referral_one_open_per_patient_kind"),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "declined"])
                | (Q(signed_by__isnull=False) & Q(signed_at__isnull=False)
                   & ~Q(signature_sha256="")),
                name="referral_signed_has_signature"),
            models.CheckConstraint(
                condition=~Q(status="declined") | ~Q(declined_reason=""),
                name="referral_declined_has_reason"),
        ]
        triggers = [
            # Part of the record: kept for good, whoever runs the DELETE.
            pgtrigger.Protect(name="referral_never_deleted", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.status})"
