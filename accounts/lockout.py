"""django-axes hooks: which account a login attempt is for, and the answer once it is locked."""

from django.conf import settings
from django.http import JsonResponse
from django.shortcuts import render


def login_username(request, credentials) -> str:
    """The lower-cased e-mail of a login attempt, from the API (``email``) or the admin form."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username") or request.POST.get("email")
    return (value or "").strip().lower()


def lockout_response(request, original_response=None, credentials=None):
    """429 for a locked account, saying for how long: JSON for the API, the sign-in page with the
    message for the dashboard."""
    minutes = int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)
    if request is not None and not request.path.startswith("/api/"):
        from dashboard.forms import LoginForm

        return render(request, "dashboard/login.html", status=429, context={
            "form": LoginForm(request),
            "locked_message": (f"Too many failed sign-ins: this account is locked for {minutes} "
                               "minutes. Try again later or ask your clinic to reset it."),
        })
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
