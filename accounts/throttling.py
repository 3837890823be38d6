"""Login throttling, per real client address and per account, kept in the shared cache (Redis
in production, so every web worker counts the same attempts).

Both throttles let a request through when the cache does not answer: the back-off per account
(accounts.backoff, in PostgreSQL) still protects every account, and a patient must be able to sign
in to report a red flag while Redis is being repaired.
"""

import hashlib
import logging

from rest_framework.exceptions import APIException
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from .client_address import client_address

logger = logging.getLogger(__name__)


class _CacheFailsOpen:
    def allow_request(self, request, view):
        try:
            return super().allow_request(request, view)
        except APIException:
            raise  # a body that cannot be parsed (reading the e-mail parses it) is the client's
        except Exception:  # the cache backend's connection errors vary by client
            logger.warning("login throttle skipped: cache unavailable", exc_info=True)
            return True


class LoginRateThrottle(_CacheFailsOpen, ScopedRateThrottle):
    """Per-address login rate limit (scope ``login``), across all accounts: slows a spray of one
    password over many accounts from one address."""

    def get_ident(self, request):
        return client_address(request)


class LoginAccountRateThrottle(_CacheFailsOpen, SimpleRateThrottle):
    """Per-account login rate limit (scope ``login_account``), from any number of addresses:
    slows a distributed guess at one account before the back-off starts."""

    scope = "login_account"

    def get_cache_key(self, request, view):
        data = request.data
        email = data.get("email") if isinstance(data, dict) else None
        if not isinstance(email, str) or not email.strip():
            return None  # the serializer answers 400 for it
        # Hashed so the cache holds no e-mail addresses.
        ident = hashlib.sha256(email.strip().lower().encode()).hexdigest()
        return self.cache_format % {"scope": self.scope, "ident": ident}
