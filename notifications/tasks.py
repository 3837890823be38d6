"""Celery tasks. Each takes ids, calls one service, and is safe to run twice."""

import logging

from celery import Task, shared_task

logger = logging.getLogger(__name__)

# Every retry delay stays shorter than the broker's visibility timeout (config.settings), or
# Redis would hand the same message to a second worker while the first still waits.
RETRY_BACKOFF_MAX_S = 600


class RecordedTask(Task):
    """A task that, once its retries are spent, is recorded as failed instead of requeued."""

    def on_failure(self, exc, task_id, args, kwargs, einfo):
        from .models import TaskFailure

        TaskFailure.objects.create(
            task_name=self.name, task_id=task_id or "",
            arguments={"args": [str(a) for a in args], "kwargs": {k: str(v) for k, v in kwargs.items()}},
            error=f"{type(exc).__name__}: {exc}"[:5000], attempts=self.request.retries + 1,
        )
        logger.error("task %s %s gave up after %s attempts: %s", self.name, task_id,
                     self.request.retries + 1, exc)


TASK_OPTIONS = {
    "base": RecordedTask,
    "acks_late": True,
    "reject_on_worker_lost": True,
    "autoretry_for": (Exception,),
    "retry_backoff": True,
    "retry_backoff_max": RETRY_BACKOFF_MAX_S,
    "retry_jitter": True,
    "max_retries": 5,
    "soft_time_limit": 120,
    "time_limit": 180,
}


@shared_task(**TASK_OPTIONS)
def evaluate_patient(patient_id: str) -> int:
    """Run the detectors for one patient over the data stored so far."""
    from .evaluation import patient_evaluate

    return len(patient_evaluate(patient_id=patient_id))


# The sweep of every patient takes minutes at 10,000 patients (bench/detect.py); it still ends
# well inside the visibility timeout, and a retry skips the patients already judged.
@shared_task(**{**TASK_OPTIONS, "soft_time_limit": 2700, "time_limit": 3000})
def nightly_sweep() -> int:
    """Evaluate every patient (silence needs the wall clock) and publish any stranded outbox work."""
    from .evaluation import patients_sweep
    from .outbox import outbox_relay

    outbox_relay()
    return patients_sweep()


@shared_task(acks_late=True, reject_on_worker_lost=True, time_limit=60)
def relay_outbox() -> int:
    """Publish outbox messages left behind while the broker was down."""
    from .outbox import outbox_relay

    return outbox_relay()
