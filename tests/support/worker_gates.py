"""The Celery app for end-to-end tests that kill a worker at a known point. Test stacks only.

``celery -A tests.support.worker_gates worker`` runs the real app (config.celery) unchanged, except
that with ``STRIDE_TEST_GATE`` set the worker's pool process stops at that point of a task, creates
the file ``reached`` in ``STRIDE_TEST_GATE_DIR`` and waits there until it is killed:

- ``evaluation``: inside the evaluation's transaction, just after it raised an alert (not yet
  committed);
- ``after_evaluation``: the evaluation committed and its alert change went to the outbox, but
  the task was not yet acknowledged to the broker;
- ``delivery``: a webhook delivery row is locked and about to be sent, nothing sent yet.

With ``STRIDE_TEST_GATE_RELEASE`` set as well, the pool process waits only until the test creates
the file ``release`` in that directory, then goes on (later passes do not stop): a test can
restart PostgreSQL under a task that is half done.

Production code never imports this module and reads none of these variables.
"""

import os
import time
from pathlib import Path

from celery.signals import task_postrun, worker_process_init

from config.celery import app

__all__ = ["app"]

GATE = os.environ.get("STRIDE_TEST_GATE", "")


RELEASE = bool(os.environ.get("STRIDE_TEST_GATE_RELEASE"))
_released = False


def _wait_here() -> None:
    """Say where we are, then hang until the test kills this process (or releases it)."""
    global _released
    if _released:
        return
    gate_dir = Path(os.environ["STRIDE_TEST_GATE_DIR"])
    (gate_dir / "reached").touch()
    while not (RELEASE and (gate_dir / "release").exists()):
        time.sleep(0.1)
    _released = True


@worker_process_init.connect
def _install_gate(**_) -> None:
    # Imported in the worker process once Django is set up, not when Celery loads this module.
    if GATE == "evaluation":
        from notifications import evaluation

        alert_raise = evaluation.alert_raise

        def alert_raise_then_wait(**kwargs):
            result = alert_raise(**kwargs)
            if result[1]:
                _wait_here()
            return result

        evaluation.alert_raise = alert_raise_then_wait
    elif GATE == "delivery":
        from notifications.channels import CHANNELS

        webhook = CHANNELS["webhook"]
        send = webhook.send

        def wait_then_send(delivery):
            _wait_here()
            return send(delivery)

        webhook.send = wait_then_send


@task_postrun.connect
def _after_task(sender=None, **_) -> None:
    if GATE == "after_evaluation" and sender is not None and sender.name.endswith(
            "evaluate_patient"):
        _wait_here()
