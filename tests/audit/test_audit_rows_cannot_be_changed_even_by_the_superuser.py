"""The audit trail is append-only in PostgreSQL itself: UPDATE and DELETE are refused whoever
sends them, the database superuser's raw SQL included, on the table and on each partition."""

import pytest
from django.db import DatabaseError, connection, transaction

from audit.models import AuditEvent
from audit.partitions import partition_name
from audit.services import audit_event_record


def _raw(sql, params=()):
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def bobs_read_of_alice(alice, bob):
    (event,) = audit_event_record(actor=bob, action="walk.read", patient_ids=[alice.pk])
    return event


def test_the_test_runs_as_the_database_superuser(db):
    with connection.cursor() as cursor:
        cursor.execute("SELECT rolsuper FROM pg_roles WHERE rolname = current_user")
        assert cursor.fetchone()[0] is True


@pytest.mark.parametrize("sql", [
    "UPDATE audit_auditevent SET action = 'nothing.happened' WHERE id = %s",
    "UPDATE audit_auditevent SET patient_id = NULL WHERE id = %s",
    "DELETE FROM audit_auditevent WHERE id = %s",
])
def test_superusers_raw_sql_cannot_change_or_delete_a_row(bobs_read_of_alice, sql):
    with pytest.raises(DatabaseError, match="append-only|Cannot update or delete"):
        _raw(sql, [bobs_read_of_alice.pk])
    row = AuditEvent.objects.get(pk=bobs_read_of_alice.pk)
    assert (row.action, row.patient_id) == ("walk.read", bobs_read_of_alice.patient_id)


def test_nor_on_the_months_partition_directly(bobs_read_of_alice):
    table = partition_name(bobs_read_of_alice.occurred_at.date())
    for sql in (f'UPDATE "{table}" SET action = %s WHERE id = %s',
                f'DELETE FROM "{table}" WHERE id = %s AND %s IS NOT NULL'):
        with pytest.raises(DatabaseError):
            _raw(sql, ["x", bobs_read_of_alice.pk] if sql.startswith("UPDATE")
                 else [bobs_read_of_alice.pk, 1])
    assert AuditEvent.objects.filter(pk=bobs_read_of_alice.pk, action="walk.read").exists()


def test_switching_pgtriggers_ignore_on_does_not_open_the_table(bobs_read_of_alice):
    # Any session may set pgtrigger.ignore, which silences pgtrigger's own trigger; the second
    # trigger of the migration has no such switch.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic(), \
            connection.cursor() as cursor:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'audit_auditevent'::regclass "
                       "AND tgname LIKE 'pgtrigger_%%'")
        names = ",".join(row[0] for row in cursor.fetchall())
        cursor.execute(f"SET LOCAL pgtrigger.ignore = '{{{names}}}'")
        cursor.execute("DELETE FROM audit_auditevent WHERE id = %s", [bobs_read_of_alice.pk])
    assert AuditEvent.objects.filter(pk=bobs_read_of_alice.pk).exists()


def test_the_orm_cannot_either(bobs_read_of_alice):
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=bobs_read_of_alice.pk).update(action="x")
    with pytest.raises(DatabaseError), transaction.atomic():
        AuditEvent.objects.filter(pk=bobs_read_of_alice.pk).delete()
    assert AuditEvent.objects.filter(pk=bobs_read_of_alice.pk, action="walk.read").exists()


def test_new_rows_are_still_written(alice, bob, bobs_read_of_alice):
    audit_event_record(actor=bob, action="walk.list", patient_ids=[alice.pk])
    assert AuditEvent.objects.filter(patient=alice).count() == 2
