"""The real address of the client behind a known number of trusted proxies.

Every per-address rule (the login throttle, django-axes' records) uses this one function, so a
client cannot pick its own address by sending ``X-Forwarded-For``.
"""

import ipaddress

from django.conf import settings


def _valid(address: str) -> bool:
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return False
    return True


def client_address(request) -> str:
    """The client's IP address: ``REMOTE_ADDR`` with no trusted proxy (the default), else the
    address that the outermost trusted proxy saw, counted from the right of X-Forwarded-For.

    Each of ``TRUSTED_PROXY_COUNT`` proxies appends the address it received the request from; the
    entries to the left of those are whatever the client wrote and are never believed.
    """
    meta = getattr(request, "META", {})
    remote = meta.get("REMOTE_ADDR") or ""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [part.strip() for part in meta.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    hops = [part for part in forwarded if part] + [remote]
    # hops[-1] is the proxy next to us; hops[-1 - proxies] is the client the outermost one saw.
    # Fewer hops than proxies: a request that skipped the proxies; take the left-most we have.
    candidate = hops[-1 - proxies] if len(hops) > proxies else hops[0]
    # A trusted proxy writes a valid address; anything else is not an address to count by.
    return candidate if _valid(candidate) else remote
