"""The access log became the audit trail (audit.AuditEvent); audit's migration 0002 copied its
rows before this one drops it."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ("accounts", "0004_signin_backoff_notice_and_clinic_invitation"),
        ("audit", "0002_access_log_copied"),
    ]

    operations = [migrations.DeleteModel(name="AccessLog")]
