"""Upgrading keeps the history: the rows of the old access log (accounts.AccessLog) are copied
into the audit trail, with who they were then, before the old table is dropped."""

from datetime import UTC, datetime

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from audit.models import AuditEvent

BEFORE = [("audit", "0001_initial"), ("accounts", "0003_decline_thresholds")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)


def test_access_log_rows_are_copied_then_the_old_table_is_dropped(alice, bob):
    with connection.cursor() as cursor:
        # The personas (and their clinic's program templates) as if stored long before.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    _migrate(BEFORE)  # back to the schema with accounts_accesslog
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO accounts_accesslog (actor_id, patient_id, action, at) VALUES "
            "(%s, %s, 'walk.list', %s), (%s, %s, 'patient.read', %s)",
            [bob.pk, alice.pk, datetime(2026, 6, 3, 8, tzinfo=UTC),
             bob.pk, alice.pk, datetime(2026, 11, 2, 9, tzinfo=UTC)])
        # As if written long before the upgrade: no foreign-key checks left pending.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())

    rows = list(AuditEvent.objects.filter(patient=alice).order_by("occurred_at").values_list(
        "actor__email", "actor_role", "clinic_id", "action", "outcome", "occurred_at"))
    assert rows == [
        (bob.email, "clinician", bob.clinic_id, "walk.list", "success",
         datetime(2026, 6, 3, 8, tzinfo=UTC)),
        (bob.email, "clinician", bob.clinic_id, "patient.read", "success",
         datetime(2026, 11, 2, 9, tzinfo=UTC)),
    ]
    assert "accounts_accesslog" not in connection.introspection.table_names()
    # The old rows' months got partitions of their own.
    with connection.cursor() as cursor:
        cursor.execute("SELECT tableoid::regclass::text FROM audit_auditevent "
                       "WHERE action = 'walk.list'")
        assert cursor.fetchone()[0] == "audit_auditevent_y2026m06"
