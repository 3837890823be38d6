"""Holds the audit context of each request (address, route, request id), answers with the
request id, and records refused attempts at a patient's data (403, or 404 from scoping)."""

import logging

from accounts.models import Role, User

from .context import REQUEST_ID_HEADER, audit_context, client_address_of, request_id_from
from .models import Outcome
from .services import audit_event_record

logger = logging.getLogger(__name__)

DENIED_STATUSES = (403, 404)
# URL arguments that name the object a request is about; a patient when the route says so.
PATIENT_KWARGS = ("patient_pk", "patient_id")
OBJECT_KWARGS = ("pk", "object_id", "alert_id", "patient_id", "patient_pk")


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = request_id_from(request.META.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        with audit_context(remote_addr=client_address_of(request),
                           route=f"{request.method} {request.path}", request_id=request_id):
            response = self.get_response(request)
            if response.status_code in DENIED_STATUSES:
                try:
                    _denied_record(request)
                except Exception:  # an audit hiccup must not turn a 404 into a 500
                    logger.exception("could not record a refused request")
        response.headers.setdefault("X-Request-ID", request_id)
        return response


def _denied_record(request) -> None:
    """A signed-in caller refused an object named in the URL: one ``denied`` row."""
    match = getattr(request, "resolver_match", None)
    user = getattr(request, "user", None)
    if match is None or user is None or not user.is_authenticated:
        return
    kwargs = match.kwargs
    object_id = next((str(kwargs[key]) for key in OBJECT_KWARGS if key in kwargs), None)
    if object_id is None:
        return  # no object named: a refusal by role (e.g. a patient enrolling), not by scope
    patient_id = next((kwargs[key] for key in PATIENT_KWARGS if key in kwargs), None)
    if patient_id is None and (match.url_name or "").startswith("patient"):
        patient_id = kwargs.get("pk")
    if patient_id is not None and not User.objects.filter(
            pk=patient_id, role=Role.PATIENT).exists():
        patient_id = None
    # The view name keeps the namespace: "dashboard:patient" is a page, "patient-detail" the API.
    audit_event_record(
        actor=user, action=f"{match.view_name}.{request.method.lower()}"[:64],
        patient_ids=[patient_id] if patient_id is not None else None,
        object_type=match.view_name[:64], object_id=object_id, outcome=Outcome.DENIED)
