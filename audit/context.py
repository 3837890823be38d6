"""What the audit service knows about the request (or command) it is called from: the client's
address, the route and a request id. A middleware sets it per request; commands set it too."""

import contextlib
import re
import uuid
from contextvars import ContextVar
from dataclasses import dataclass

REQUEST_ID_HEADER = "HTTP_X_REQUEST_ID"
REQUEST_ID_MAX_LENGTH = 64
# Letters, digits and . _ : - only: an id from a proxy or the phone, never markup or a log line.
_REQUEST_ID_RE = re.compile(rf"^[A-Za-z0-9._:-]{{1,{REQUEST_ID_MAX_LENGTH}}}$")
ROUTE_MAX_LENGTH = 300


@dataclass(frozen=True)
class AuditContext:
    remote_addr: str | None = None
    route: str = ""
    request_id: str = ""


_NONE = AuditContext()
_current: ContextVar[AuditContext | None] = ContextVar("audit_context", default=None)


def request_id_new() -> str:
    """A fresh request id (32 hex digits)."""
    return uuid.uuid4().hex


def request_id_from(value: str | None) -> str:
    """The caller's X-Request-ID when it is well formed and short enough, else a new one."""
    if value and _REQUEST_ID_RE.match(value):
        return value
    return request_id_new()


def client_address_of(request) -> str | None:
    """The address the connection came from (REMOTE_ADDR); proxies' headers are not trusted here."""
    return request.META.get("REMOTE_ADDR") or None


def audit_context_current() -> AuditContext:
    """The context of the request or command running now (empty outside both)."""
    return _current.get() or _NONE


@contextlib.contextmanager
def audit_context(*, remote_addr: str | None = None, route: str = "", request_id: str = ""):
    """Run a block with this audit context (a request, a management command, a task)."""
    token = _current.set(AuditContext(
        remote_addr=remote_addr, route=route[:ROUTE_MAX_LENGTH],
        request_id=request_id or request_id_new()))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
