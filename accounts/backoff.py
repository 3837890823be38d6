"""Sign-in back-off per account: after a few wrong passwords each further try must wait, and the
wait doubles with every failure up to a ceiling. Nobody can lock an account for long by guessing
wrong on purpose; a signed-in phone (its token) keeps working throughout.

The failures are django-axes' records (PostgreSQL, shared by every worker, kept when Redis is
down); this module decides how long the account must wait, and django-axes refuses the attempt.

Sources:
- OWASP ASVS 5.0 V6.3.1: controls against credential stuffing and password brute force; V6.1.1:
  they must be documented and must not allow malicious account lockout (README "### Sign-in").
- NIST SP 800-63B §5.2.2 (rate limiting): at most 100 consecutive failed attempts on one
  account; an increasing wait between attempts is one of the suggested techniques.
"""

import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Max, Sum
from django.utils import timezone


def free_failures() -> int:
    """Wrong passwords allowed before any wait (ASVS V6.3.1: a typo must not cost a wait)."""
    return settings.AXES_FAILURE_LIMIT


def failure_memory() -> timedelta:
    """How long a failure counts: a day without one starts the account afresh."""
    return settings.AXES_COOLOFF_TIME


def backoff_wait(failures: int) -> timedelta:
    """How long the account must wait after its ``failures``-th consecutive failure.

    None before ``free_failures()``; then LOGIN_BACKOFF_BASE_S (60 s), doubling with each failure
    (60 s, 2, 4, 8 min) up to LOGIN_BACKOFF_MAX_S (15 min). At NIST SP 800-63B §5.2.2's ceiling of
    100 consecutive failures (LOGIN_FAILURE_HARD_LIMIT) the account waits the whole memory
    (24 h) or until a correct sign-in elsewhere resets it: 100 failures take about 23 h of
    15-minute waits to reach.
    """
    free = free_failures()
    if failures < free:
        return timedelta(0)
    if failures >= settings.LOGIN_FAILURE_HARD_LIMIT:
        return failure_memory()
    doublings = min(failures - free, 32)  # 2**32 s is far above any ceiling
    seconds = settings.LOGIN_BACKOFF_BASE_S * 2 ** doublings
    return timedelta(seconds=min(seconds, settings.LOGIN_BACKOFF_MAX_S))


@dataclass(frozen=True)
class BackoffState:
    failures: int
    retry_at: datetime | None  # None: may try now

    def retry_after_s(self, now: datetime | None = None) -> int:
        """Whole seconds to wait before the next try (0: now)."""
        if self.retry_at is None:
            return 0
        left = (self.retry_at - (now or timezone.now())).total_seconds()
        return max(0, math.ceil(left))

    @property
    def locked_hard(self) -> bool:
        return self.failures >= settings.LOGIN_FAILURE_HARD_LIMIT


def backoff_state(*, username: str, now: datetime | None = None) -> BackoffState:
    """The account's consecutive failures still remembered, and when it may try again."""
    now = now or timezone.now()
    if not username:
        return BackoffState(failures=0, retry_at=None)
    totals = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=now - failure_memory()
    ).aggregate(failures=Sum("failures_since_start"), last=Max("attempt_time"))
    failures = totals["failures"] or 0
    wait = backoff_wait(failures)
    if not wait or totals["last"] is None or totals["last"] + wait <= now:
        return BackoffState(failures=failures, retry_at=None)
    return BackoffState(failures=failures, retry_at=totals["last"] + wait)


class BackoffAxesHandler(AxesDatabaseHandler):
    """django-axes' database handler with a growing wait in place of its fixed lock.

    An attempt made while the account must wait is refused without looking at the password, and
    it is not counted (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off): an attacker cannot
    stretch the wait by hammering. The failure that reaches the back-off tells the account holder
    by e-mail, once per episode (accounts.services.sign_in_backoff_notice).
    """

    def is_locked(self, request, credentials=None) -> bool:
        username = get_client_username(request, credentials)
        return backoff_state(username=username).retry_at is not None

    def user_login_failed(self, sender, credentials, request=None, **kwargs):
        refused = bool(getattr(request, "axes_locked_out", False))
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None or refused:
            return
        failures = getattr(request, "axes_failures_since_start", None) or 0
        if failures >= free_failures():
            from .services import sign_in_backoff_notice  # services import models; keep lazy

            sign_in_backoff_notice(
                username=get_client_username(request, credentials), failures=failures,
                request=request,
            )

    def user_logged_in(self, sender, request, user, **kwargs):
        super().user_logged_in(sender, request, user, **kwargs)
        from .services import sign_in_backoff_episode_end

        sign_in_backoff_episode_end(username=user.get_username())
