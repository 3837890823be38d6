"""API error handling: every client mistake is a 4xx with a body that names the problem, in
JSON under /api/ even when no DRF view was reached."""

from django.core.exceptions import RequestDataTooBig
from django.http import JsonResponse
from django.views import defaults
from rest_framework.response import Response
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """DRF's handler, plus a 413 for bodies Django refuses as too large."""
    if isinstance(exc, RequestDataTooBig):
        return Response({"detail": "The request body is too large."}, status=413)
    return exception_handler(exc, context)


def _is_api(request) -> bool:
    return request.path.startswith("/api/")


def bad_request(request, exception=None):
    """Django's 400 (a request it refuses before any view, e.g. too many query parameters or a
    disallowed host): JSON for the API."""
    if _is_api(request):
        return JsonResponse({"detail": "Bad request."}, status=400)
    return defaults.bad_request(request, exception)


def not_found(request, exception=None):
    """Django's 404 (no URL matched, e.g. an id that is not a UUID): JSON for the API."""
    if _is_api(request):
        return JsonResponse({"detail": "Not found."}, status=404)
    return defaults.page_not_found(request, exception)


def server_error(request):
    """Django's 500: JSON for the API. The error is still logged and still a 500."""
    if _is_api(request):
        return JsonResponse({"detail": "Server error."}, status=500)
    return defaults.server_error(request)
