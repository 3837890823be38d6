"""Audit rows are kept in one PostgreSQL partition per month, made ahead of time by a beat task
or ``manage.py audit_partitions``; a month without its partition lands in the DEFAULT one, so
nothing is lost; an old month can be detached for archiving while the others stay online."""

from datetime import UTC, date, datetime

import pytest
import time_machine
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from audit.models import AuditEvent
from audit.partitions import (
    DEFAULT_PARTITION,
    audit_partitions_ensure,
    partition_name,
    partitions_attached,
)
from audit.services import audit_event_record
from audit.tasks import audit_partitions_make

JAN_2025 = datetime(2025, 1, 15, 10, 0, tzinfo=UTC)


def _rows_in(table):
    with connection.cursor() as cursor:
        cursor.execute(f'SELECT action FROM "{table}" ORDER BY id')
        return [row[0] for row in cursor.fetchall()]


def _partition_of(event_id):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent WHERE id = %s",
                       [event_id])
        return cursor.fetchone()[0]


def test_each_row_goes_to_the_partition_of_its_month(alice, bob):
    (event,) = audit_event_record(actor=bob, action="walk.read", patient_ids=[alice.pk])
    assert _partition_of(event.pk) == partition_name(event.occurred_at.date())


def test_the_months_ahead_are_made_and_running_again_makes_nothing(db):
    with time_machine.travel(datetime(2031, 5, 20, tzinfo=UTC)):
        made = audit_partitions_make()
        assert made == [partition_name(date(2031, m, 1))
                        for m in range(5, 6 + settings.AUDIT_PARTITION_MONTHS_AHEAD)]
        assert audit_partitions_make() == []
        call_command("audit_partitions", "--months-ahead", "6")
    assert partition_name(date(2031, 11, 1)) in partitions_attached()
    assert "audit-partitions" in settings.CELERY_BEAT_SCHEDULE
    # A partition made later carries the table's append-only triggers, pgtrigger's included.
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = %s::regclass "
                       "AND NOT tgisinternal ORDER BY 1", [partition_name(date(2031, 5, 1))])
        triggers = [row[0] for row in cursor.fetchall()]
    assert triggers == ["audit_event_append_only", "pgtrigger_append_only_00dfa"]


def test_a_month_without_a_partition_loses_nothing(alice, bob):
    with time_machine.travel(datetime(2033, 2, 1, 12, tzinfo=UTC)):
        (event,) = audit_event_record(actor=bob, action="walk.read", patient_ids=[alice.pk])
    assert _partition_of(event.pk) == DEFAULT_PARTITION
    # Its month's partition is then not made (the row would have to move out of DEFAULT).
    assert audit_partitions_ensure(first_month=date(2033, 2, 1), last_month=date(2033, 3, 1)) \
        == [partition_name(date(2033, 3, 1))]
    assert AuditEvent.objects.filter(pk=event.pk).exists()


def test_an_old_month_is_detached_for_archiving_and_the_others_stay(alice, bob):
    audit_partitions_ensure(first_month=date(2025, 1, 1), last_month=date(2025, 1, 1))
    with time_machine.travel(JAN_2025):
        audit_event_record(actor=bob, action="walk.read", patient_ids=[alice.pk])
    audit_event_record(actor=bob, action="patient.read", patient_ids=[alice.pk])

    call_command("audit_partitions", "--detach", "2025-01")

    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["patient.read"]
    archived = partition_name(date(2025, 1, 1))
    assert archived not in partitions_attached()
    assert _rows_in(archived) == ["walk.read"]  # a plain table now, to dump and drop


def test_the_current_month_cannot_be_detached(db):
    with pytest.raises(CommandError, match="over"):
        call_command("audit_partitions", "--detach", datetime.now(UTC).strftime("%Y-%m"))
    with pytest.raises(CommandError, match="YYYY-MM"):
        call_command("audit_partitions", "--detach", "last-year")
