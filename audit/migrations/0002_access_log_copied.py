"""Copy the rows of the old access log (accounts.AccessLog) into the audit trail; the next
accounts migration then drops the old table. Their months get partitions first."""

from django.db import migrations

from audit.partitions import audit_partitions_ensure

COPY = """
INSERT INTO audit_auditevent (occurred_at, actor_id, actor_label, actor_role, clinic_id,
    patient_id, action, object_type, object_id, route, outcome, remote_addr, request_id)
SELECT log.at, log.actor_id, actor.email, actor.role, actor.clinic_id, log.patient_id,
    log.action, '', '', '', 'success', NULL, 'accesslog-' || log.id
FROM accounts_accesslog log JOIN accounts_user actor ON actor.id = log.actor_id
ORDER BY log.at, log.id
"""


def copy_access_log(apps, schema_editor):
    with schema_editor.connection.cursor() as cursor:
        cursor.execute("SELECT min(at), max(at) FROM accounts_accesslog")
        first, last = cursor.fetchone()
        if first is not None:
            audit_partitions_ensure(first_month=first.date(), last_month=last.date())
        cursor.execute(COPY)


class Migration(migrations.Migration):

    dependencies = [
        ("audit", "0001_initial"),
        ("accounts", "0003_decline_thresholds"),
    ]

    # Rows cannot be taken out of the append-only table again: reversing copies nothing back.
    operations = [migrations.RunPython(copy_access_log, migrations.RunPython.noop)]
