"""The fuzz tests run only when asked for (``-m fuzz``, as ``scripts/fuzz.sh`` does): they take
minutes, so the normal run leaves them out."""

from collections import Counter
from contextlib import contextmanager

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


def pytest_collection_modifyitems(config, items):
    if "fuzz" in (config.getoption("-m") or ""):
        return
    skipped = [item for item in items if item.get_closest_marker("fuzz")]
    if skipped:
        config.hook.pytest_deselected(items=skipped)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]


@pytest.fixture(autouse=True)
def _server_errors_answered(settings):
    settings.DEBUG_PROPAGATE_EXCEPTIONS = False  # a 5xx reaches schemathesis as a response


@contextmanager
def wsgi_connection_kept():
    """Requests go through Django's WSGI handler in this process, on the test's database
    connection: as Django's test client does, the handler must not close it after a request."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


# (persona, status) of every request the fuzz tests sent, for the figures in the summary.
ANSWERS: Counter = Counter()


def pytest_terminal_summary(terminalreporter):
    if not ANSWERS:
        return
    terminalreporter.section("fuzzing figures")
    for persona in sorted({persona for persona, _ in ANSWERS}):
        statuses = {status: n for (who, status), n in ANSWERS.items() if who == persona}
        listed = ", ".join(f"{status}: {n}" for status, n in sorted(statuses.items()))
        terminalreporter.write_line(
            f"{persona}: {sum(statuses.values())} requests ({listed})")


def pytest_configure(config):
    config.addinivalue_line("markers", "fuzz: schemathesis over every API operation "
                                       "(scripts/fuzz.sh; left out of the normal run)")
