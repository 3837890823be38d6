"""Sending a signed order to the clinic's ordering system: the clinic's signed webhook.

The body is JSON (``referral_body``) signed like alert webhooks (notifications/channels/webhook.py:
``X-Stride-Timestamp``, ``X-Stride-Signature``); ``X-Stride-Delivery`` is ``referral:<id>``. An
order can arrive twice (Stride died between the 2xx and recording it): the receiver keeps the
referral id to drop repeats.
"""

import time

import requests
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from notifications.channels.webhook import body_encode, signature_compute
from notifications.models import WebhookEndpoint

from .models import Referral, ReferralStatus
from .selectors import referral_content


class ReferralSendFailed(Exception):
    """The ordering system did not take the order; the task tries again later."""


def referral_body(referral: Referral) -> dict:
    """What the ordering system receives: the signed content, its hash and the clinic."""
    return {"type": "referral.signed", "content": referral_content(referral=referral),
            "signature_sha256": referral.signature_sha256,
            "clinic_id": str(referral.patient.clinic_id)}


def _endpoint_of(referral: Referral) -> WebhookEndpoint | None:
    return (WebhookEndpoint.objects.filter(clinic_id=referral.patient.clinic_id, is_active=True)
            .order_by("id").first())


def referral_send(*, referral_id) -> bool:
    """POST one signed order to its clinic's endpoint and mark it sent; False when there is
    nothing to send (already sent, no longer signed, or no endpoint). Raises on failure."""
    referral = Referral.objects.select_related("patient").filter(pk=referral_id).first()
    if referral is None or referral.status != ReferralStatus.SIGNED:
        return False
    endpoint = _endpoint_of(referral)
    if endpoint is None:
        Referral.objects.filter(pk=referral.pk).update(
            send_error="The clinic has no ordering system connected: order it by hand.")
        return False
    body = body_encode(referral_body(referral))
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json", "User-Agent": "Stride-Webhook/1",
        "X-Stride-Timestamp": timestamp,
        "X-Stride-Signature": signature_compute(secret=endpoint.secret, timestamp=timestamp,
                                                body=body),
        "X-Stride-Delivery": f"referral:{referral.pk}",
    }
    try:
        response = requests.post(endpoint.url, data=body, headers=headers,
                                 timeout=settings.WEBHOOK_TIMEOUT_S, allow_redirects=False)
        error = None if 200 <= response.status_code < 300 else f"HTTP {response.status_code}"
    except requests.RequestException as exc:
        error = f"{type(exc).__name__}: {exc}"
    if error:
        Referral.objects.filter(pk=referral.pk).update(send_error=error[:2000])
        raise ReferralSendFailed(error)
    with transaction.atomic():
        locked = Referral.objects.select_for_update().get(pk=referral.pk)
        if locked.status == ReferralStatus.SIGNED:
            now = timezone.now()
            locked.status, locked.sent_at, locked.send_error = ReferralStatus.SENT, now, ""
            locked.updated_at = now
            locked.save(update_fields=["status", "sent_at", "send_error", "updated_at"])
    return True
