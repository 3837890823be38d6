"""Signed webhook to a clinic's own system: one POST per alert change.

The body is JSON::

    {"alert_id": "...", "kind": "red_flag_cauda_equina", "severity": "emergency",
     "status": "open", "revision": 1, "as_of": "2026-11-25T08:00:00+00:00",
     "patient_id": "...", "clinic_id": "..."}

Headers:

- ``X-Stride-Timestamp``: Unix seconds when this attempt was signed;
- ``X-Stride-Signature``: ``sha256=`` + hex(HMAC-SHA256(secret, f"{timestamp}.{body}")), where
  ``body`` is the exact bytes received, decoded as UTF-8;
- ``X-Stride-Delivery``: the delivery id, the same on every retry of this message.

A receiver verifies it like this (Python; any language with HMAC-SHA256 will do)::

    timestamp = request.headers["X-Stride-Timestamp"]
    if abs(time.time() - int(timestamp)) > 300:
        reject()  # too old (or too new): a replayed request
    expected = "sha256=" + hmac.new(secret.encode(), f"{timestamp}.".encode() + raw_body,
                                    hashlib.sha256).hexdigest()
    if not hmac.compare_digest(expected, request.headers["X-Stride-Signature"]):
        reject()

then answers 2xx. Any other answer, a timeout or a refused connection is retried with growing
delays, a few times, then given up and recorded. A message can arrive twice (if Stride dies between
your 2xx and recording it): keep ``(alert_id, revision)`` or the delivery id to drop repeats.
"""

import hashlib
import hmac
import json
import time

import requests
from django.conf import settings

from .base import Channel, ChannelError, SendResult

SIGNATURE_TOLERANCE_S = 300


def webhook_body(alert, *, change: str = "new", with_evidence: bool = False) -> dict:
    """What the clinic's system receives about one alert change: ids, state and what changed
    (``new``, ``escalated``, ``acknowledged``, ``resolved``, ``reopened``, ``digest``...). Only
    the weekly digest carries the evidence, the reason it is sent."""
    body = {
        "alert_id": str(alert.pk),
        "kind": alert.kind,
        "severity": alert.severity,
        "status": alert.status,
        "revision": alert.revision,
        "as_of": alert.as_of.isoformat(),
        "patient_id": str(alert.patient_id),
        "clinic_id": str(alert.patient.clinic_id),
        "change": change,
    }
    if with_evidence:
        body["evidence"] = alert.evidence
    return body


def body_encode(body: dict) -> bytes:
    """The exact bytes that are signed and sent."""
    return json.dumps(body, separators=(",", ":"), sort_keys=True).encode()


def signature_compute(*, secret: str, timestamp: str, body: bytes) -> str:
    """``sha256=<hex>`` over ``{timestamp}.{body}`` with the endpoint's secret."""
    digest = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return "sha256=" + digest.hexdigest()


def signature_verify(*, secret: str, timestamp: str, body: bytes, signature: str,
                     now: float | None = None, tolerance_s: int = SIGNATURE_TOLERANCE_S) -> bool:
    """What a receiver does: the signature matches and the timestamp is recent."""
    try:
        age_s = abs((time.time() if now is None else now) - int(timestamp))
    except ValueError:
        return False
    if age_s > tolerance_s:
        return False
    expected = signature_compute(secret=secret, timestamp=timestamp, body=body)
    return hmac.compare_digest(expected, signature)


class WebhookChannel(Channel):
    name = "webhook"

    def send(self, delivery) -> SendResult:
        """POST the body fixed at claim time, signed now; anything but 2xx is a failure."""
        endpoint = delivery.endpoint
        if endpoint is None or not endpoint.is_active:
            raise ChannelError("the webhook endpoint was removed or switched off")
        body = body_encode(delivery.payload)
        timestamp = str(int(time.time()))
        headers = {
            "Content-Type": "application/json",
            "User-Agent": "Stride-Webhook/1",
            "X-Stride-Timestamp": timestamp,
            "X-Stride-Signature": signature_compute(secret=endpoint.secret, timestamp=timestamp,
                                                    body=body),
            "X-Stride-Delivery": str(delivery.pk),
        }
        try:
            response = requests.post(endpoint.url, data=body, headers=headers,
                                     timeout=settings.WEBHOOK_TIMEOUT_S, allow_redirects=False)
        except requests.RequestException as exc:
            raise ChannelError(f"{type(exc).__name__}: {exc}") from exc
        if not 200 <= response.status_code < 300:
            raise ChannelError(f"answered HTTP {response.status_code}",
                               response_code=response.status_code)
        return SendResult(response_code=response.status_code)
