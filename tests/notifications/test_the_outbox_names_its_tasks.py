"""The outbox hands work to Celery by task name: the web process needs none of the task code, and
the name it sends is a task the worker knows, on the realtime queue."""

import uuid

from kombu import Queue

from config.celery import app as celery_app
from notifications.models import OutboxMessage
from notifications.outbox import TASK_OF_TOPIC, outbox_put, outbox_relay


def test_every_topic_names_a_registered_task_on_the_realtime_queue():
    for topic in OutboxMessage.Topic.values:
        name = TASK_OF_TOPIC[topic]
        assert name in celery_app.tasks
        assert celery_app.amqp.router.route({}, name)["queue"].name == "realtime"


def test_a_published_message_reaches_the_broker_under_the_task_name(db):
    patient_id = str(uuid.uuid4())
    celery_app.conf.task_always_eager = False  # the autouse fixture restores eager mode
    queue = Queue("realtime")
    with celery_app.connection_for_write() as connection:
        outbox_put(topic=OutboxMessage.Topic.EVALUATE_PATIENT, key=patient_id,
                   payload={"patient_id": patient_id})
        assert outbox_relay() == 1
        received = []
        with connection.SimpleQueue(queue) as simple:
            while True:
                try:
                    message = simple.get(timeout=2)
                except simple.Empty:
                    break
                message.ack()
                received.append((message.headers["task"], message.payload))
    # A message body is [args, kwargs, embedded options] (Celery's message protocol 2).
    # The task also gets the message's id, to renew its lease and mark it done.
    (message_id,) = OutboxMessage.objects.filter(key=patient_id).values_list("pk", flat=True)
    ours = [task for task, (_, kwargs, _) in received
            if kwargs == {"patient_id": patient_id, "outbox_id": message_id}]
    assert ours == ["notifications.tasks.evaluate_patient"]
