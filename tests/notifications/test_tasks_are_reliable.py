"""Task settings that keep work from being lost or looping: late acks, bounded retries shorter
than the broker's visibility timeout, and a record of tasks that kept failing."""

import pytest
from django.conf import settings

from config.celery import app as celery_app
from notifications import tasks
from notifications.models import TaskFailure


def test_every_retry_delay_is_shorter_than_the_visibility_timeout():
    visibility_s = settings.CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"]
    for task in (tasks.evaluate_patient, tasks.nightly_sweep):
        assert task.acks_late and task.reject_on_worker_lost
        assert task.retry_backoff_max < visibility_s
        assert task.max_retries is not None and task.max_retries <= 10
        assert task.time_limit < visibility_s


def test_tasks_go_to_their_queues():
    routes = settings.CELERY_TASK_ROUTES
    assert routes["notifications.tasks.nightly_sweep"]["queue"] == "batch"
    assert routes["notifications.tasks.*"]["queue"] == "realtime"


def test_a_task_that_keeps_failing_is_recorded_not_requeued(db, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("detector crashed")

    monkeypatch.setattr("notifications.tasks.patient_evaluate", broken)
    monkeypatch.setattr(tasks.evaluate_patient, "max_retries", 2)
    # In-process retries run at once; let them go through instead of raising the first one.
    celery_app.conf.task_eager_propagates = False
    try:
        result = tasks.evaluate_patient.apply(kwargs={"patient_id": "p-1"})
    finally:
        celery_app.conf.task_eager_propagates = True
    with pytest.raises(RuntimeError):
        result.get()
    failure = TaskFailure.objects.get()
    assert failure.task_name == "notifications.tasks.evaluate_patient"
    assert failure.attempts == 3 and "detector crashed" in failure.error


def test_beat_can_send_every_scheduled_task():
    # Celery refuses to send a task whose soft time limit (the task's, or CELERY_TASK_SOFT_TIME_
    # LIMIT) exceeds its hard one: beat then only logs an error, and the relay never ran.
    # A worker imports every app's tasks module at start (autodiscovery); so does this test.
    celery_app.loader.import_default_modules()
    for entry in settings.CELERY_BEAT_SCHEDULE.values():
        task = celery_app.tasks[entry["task"]]
        assert not (task.soft_time_limit and task.time_limit
                    and task.soft_time_limit > task.time_limit), entry["task"]


def test_the_outbox_relay_runs_often_enough_for_an_emergency_after_a_crash():
    # A dead worker's alert is published again within a lease plus one relay interval.
    relay = settings.CELERY_BEAT_SCHEDULE["relay-outbox"]
    assert settings.OUTBOX_LEASE_S + relay["schedule"] <= 45
