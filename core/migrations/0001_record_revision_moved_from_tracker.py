"""core: the models move here from tracker without copying a table (db_table kept)."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    initial = True

    # The tables were created by tracker's migrations; this only moves the models' state here.
    dependencies = [
        ("tracker", "0004_exercise_programs"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.CreateModel(
                    name='RecordRevision',
                    fields=[
                        ('id', models.BigAutoField(primary_key=True, serialize=False)),
                        ('record_type', models.CharField(max_length=32)),
                        ('record_id', models.UUIDField()),
                        ('version', models.PositiveIntegerField(help_text='The version number of the kept snapshot.')),
                        ('snapshot', models.JSONField()),
                        ('action', models.CharField(choices=[('update', 'Updated'), ('delete', 'Deleted')], max_length=8)),
                        ('changed_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('changed_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_recordrevision',
                        'ordering': ['record_type', 'record_id', 'version'],
                        'indexes': [models.Index(fields=['record_type', 'record_id'], name='tracker_revision_record')],
                        'constraints': [models.UniqueConstraint(fields=('record_type', 'record_id', 'version'), name='revision_unique_version')],
                    },
                ),
            ],
        ),
    ]
