"""django-axes hooks: which account a login attempt is for, and the answer once it is locked."""

from django.conf import settings
from django.http import JsonResponse


def login_username(request, credentials) -> str:
    """The lower-cased e-mail of a login attempt, from the API (``email``) or the admin form."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username") or request.POST.get("email")
    return (value or "").strip().lower()


def lockout_minutes() -> int:
    """How long a locked account stays locked, in whole minutes."""
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def lockout_response(request, original_response=None, credentials=None):
    """429 for a locked account, saying for how long: JSON for the API; for a page (the
    dashboard's sign-in, which says it is locked itself) the page as it was rendered."""
    minutes = lockout_minutes()
    if (request is not None and not request.path.startswith("/api/")
            and original_response is not None):
        original_response.status_code = 429
        return original_response
    return JsonResponse(
        {
            "detail": (
                "Too many failed logins: this account is locked for "
                f"{minutes} minutes. Try again later or ask your clinic to reset it."
            ),
            "code": "account_locked",
        },
        status=429,
    )
