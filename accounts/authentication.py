"""Bearer-token authentication that reads the token as strictly as any other input."""

import re

from drf_spectacular.contrib.knox_auth_token import KnoxTokenScheme
from knox.auth import TokenAuthentication
from rest_framework import exceptions

# knox issues hex tokens; anything else (bytes that are not UTF-8, a NUL PostgreSQL cannot
# compare) is no token of ours and must answer 401, not reach the database.
_TOKEN = re.compile(rb"[0-9A-Za-z]{1,512}")


class StrictTokenAuthentication(TokenAuthentication):
    """knox's ``Authorization: Bearer <token>``, refusing a malformed token with a 401."""

    def authenticate_credentials(self, token):
        if not _TOKEN.fullmatch(token):
            raise exceptions.AuthenticationFailed("Invalid token.")
        return super().authenticate_credentials(token)


class StrictTokenScheme(KnoxTokenScheme):
    """Described in OpenAPI exactly as knox's own scheme (``knoxApiToken``)."""

    target_class = StrictTokenAuthentication
