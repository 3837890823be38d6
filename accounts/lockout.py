"""django-axes hooks: which account a login attempt is for, and the answer while it must wait."""

from django.http import JsonResponse

from .backoff import backoff_state


def login_username(request, credentials) -> str:
    """The lower-cased e-mail of a login attempt, from the API (``email``) or the admin form."""
    credentials = credentials or {}
    value = credentials.get("email") or credentials.get("username")
    if value is None and request is not None and hasattr(request, "POST"):
        value = request.POST.get("username") or request.POST.get("email")
    return (value or "").strip().lower()


def wait_text(seconds: int) -> str:
    """A wait in words: "45 seconds", "1 minute", "15 minutes", "24 hours"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = -(-seconds // 60)
    if minutes < 120:
        return f"{minutes} minute{'s' if minutes != 1 else ''}"
    return f"{-(-minutes // 60)} hours"


def backoff_message(username: str) -> tuple[str, int, bool]:
    """What to tell someone whose sign-in must wait, the wait in seconds, and whether the
    account is locked (NIST's 100 failures) rather than backed off."""
    state = backoff_state(username=username)
    seconds = max(1, state.retry_after_s())
    if state.locked_hard:
        return (f"Too many failed sign-ins: this account is locked for {wait_text(seconds)}. "
                "Ask your clinic to unlock it, or try again later."), seconds, True
    return (f"Too many failed sign-ins to this account. Wait {wait_text(seconds)}, then try "
            "again; each wrong password makes the next wait longer."), seconds, False


def lockout_response(request, original_response=None, credentials=None):
    """429 with Retry-After while the account must wait: JSON for the API; for a page (the
    dashboard's sign-in, which shows the wait itself; the admin's) the page as rendered."""
    message, seconds, locked = backoff_message(login_username(request, credentials))
    if (request is not None and not request.path.startswith("/api/")
            and original_response is not None):
        response = original_response
        response.status_code = 429
    else:
        response = JsonResponse({
            "detail": message, "code": "account_locked" if locked else "sign_in_backoff",
            "retry_after_s": seconds,
        }, status=429)
    response["Retry-After"] = str(seconds)
    return response
