"""records: the models move here from tracker without copying a table (db_table kept)."""

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
                    name='AbiMeasurement',
                    fields=[
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('note', models.TextField(blank=True, default='')),
                        ('measured_at', models.DateTimeField()),
                        ('leg', models.CharField(choices=[('left', 'Left'), ('right', 'Right')], max_length=8)),
                        ('brachial_left_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('brachial_right_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('dorsalis_pedis_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('posterior_tibial_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('toe_pressure_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('post_exercise_abi', models.FloatField(blank=True, null=True)),
                        ('post_exercise_ankle_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('abi_recovery_min', models.FloatField(blank=True, null=True)),
                        ('ankle_pressure_mmhg', models.PositiveSmallIntegerField(blank=True, null=True)),
                        ('resting_abi', models.FloatField(blank=True, null=True)),
                        ('toe_brachial_index', models.FloatField(blank=True, null=True)),
                        ('category', models.CharField(blank=True, default='', max_length=20)),
                        ('interpretation', models.JSONField(blank=True, default=dict)),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_abimeasurement',
                        'ordering': ['-measured_at', 'leg'],
                        'indexes': [models.Index(fields=['patient', '-measured_at'], name='tracker_abi_patient_time')],
                    },
                ),
                migrations.CreateModel(
                    name='DistanceCalibration',
                    fields=[
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('note', models.TextField(blank=True, default='')),
                        ('recorded_at', models.DateTimeField()),
                        ('kind', models.CharField(choices=[('measured_course', 'Walk over a measured course'), ('six_minute_walk', 'Six-minute walk test')], max_length=20)),
                        ('measured_distance_m', models.FloatField()),
                        ('phone_distance_m', models.FloatField()),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_distancecalibration',
                        'ordering': ['-recorded_at'],
                        'indexes': [models.Index(fields=['patient', '-recorded_at'], name='tracker_calibration_patient')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('measured_distance_m__gt', 0), ('phone_distance_m__gt', 0)), name='calibration_distances_positive')],
                    },
                ),
                migrations.CreateModel(
                    name='PostureTest',
                    fields=[
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('note', models.TextField(blank=True, default='')),
                        ('performed_at', models.DateTimeField()),
                        ('kind', models.CharField(choices=[('bicycle', 'Bicycle test: upright against leaning forward'), ('shopping_cart', 'Walking without and with a forward-leaning aid')], max_length=16)),
                        ('measure', models.CharField(choices=[('time_s', 'Seconds to symptom onset'), ('workload_w', 'Workload at symptom onset (W)'), ('distance_m', 'Metres to symptom onset')], max_length=16)),
                        ('upright_value', models.FloatField(help_text='Without leaning forward (or without the aid).')),
                        ('forward_value', models.FloatField(help_text='Leaning forward (or with the aid).')),
                        ('forward_censored', models.BooleanField(default=False, help_text='The forward-leaning test ended before any symptom came.')),
                        ('effect_pct', models.FloatField(blank=True, null=True)),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_posturetest',
                        'ordering': ['-performed_at'],
                        'indexes': [models.Index(fields=['patient', '-performed_at'], name='tracker_posture_patient')],
                    },
                ),
                migrations.CreateModel(
                    name='RutherfordAssessment',
                    fields=[
                        ('version', models.PositiveIntegerField(default=1)),
                        ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                        ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                        ('deleted_at', models.DateTimeField(blank=True, null=True)),
                        ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                        ('note', models.TextField(blank=True, default='')),
                        ('assessed_at', models.DateTimeField()),
                        ('category', models.PositiveSmallIntegerField()),
                        ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                        ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'tracker_rutherfordassessment',
                        'ordering': ['-assessed_at'],
                        'indexes': [models.Index(fields=['patient', '-assessed_at'], name='tracker_rutherford_patient')],
                        'constraints': [models.CheckConstraint(condition=models.Q(('category__lte', 6)), name='rutherford_category_0_6')],
                    },
                ),
            ],
        ),
    ]
