"""programs: the models move here from tracker without copying a table (db_table kept)."""

import django.db.models.deletion
import django.utils.timezone
import uuid
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
                    name='ExerciseProgram',
                    fields=[
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('note', models.TextField(blank=True, default='')),
                        ('started_on', models.DateField(help_text="The patient's local day of the first session.")),
                        ('ended_on', models.DateField(blank=True, help_text='Empty while it runs.', null=True)),
                        ('sessions_per_week', models.PositiveSmallIntegerField()),
                        ('minutes_per_session', models.PositiveSmallIntegerField()),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_exerciseprogram',
                        'ordering': ['-started_on', '-created_at'],
                        'indexes': [models.Index(fields=['patient', '-started_on'], name='tracker_program_patient')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('ended_on__isnull', True), ('ended_on__gte', models.F('started_on')), _connector='OR'), name='program_ends_after_it_starts'), models.CheckConstraint(condition=models.Q(('sessions_per_week__gte', 1), ('sessions_per_week__lte', 14)), name='program_sessions_per_week_in_range'), models.CheckConstraint(condition=models.Q(('minutes_per_session__gte', 1), ('minutes_per_session__lte', 240)), name='program_minutes_per_session_in_range')],
                    },
                ),
            ],
        ),
    ]
