"""programs (issue 12, outcomes): progress tests, the 6-minute walk and the Gardner treadmill test."""

import django.db.models.deletion
import django.utils.timezone
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0003_templates_sessions_seed_standard_templates'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ProgressTest',
            fields=[
                ('version', models.PositiveIntegerField(default=1)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('updated_at', models.DateTimeField(default=django.utils.timezone.now)),
                ('deleted_at', models.DateTimeField(blank=True, null=True)),
                ('id', models.UUIDField(default=uuid.uuid4, editable=False, primary_key=True, serialize=False)),
                ('note', models.TextField(blank=True, default='')),
                ('performed_at', models.DateTimeField()),
                ('kind', models.CharField(choices=[('six_minute_walk', '6-minute walk test'), ('graded_treadmill', 'Graded treadmill test (Gardner)')], max_length=24)),
                ('protocol', models.CharField(blank=True, choices=[('gardner', 'Gardner: 2 mph, 0 % grade, +2 % every 2 min')], default='', help_text='Treadmill tests only.', max_length=16)),
                ('distance_m', models.PositiveIntegerField(blank=True, help_text='6-minute walk: metres walked.', null=True)),
                ('pain_onset_m', models.PositiveIntegerField(blank=True, help_text='6-minute walk: metres at pain onset; empty if none.', null=True)),
                ('claudication_onset_s', models.PositiveIntegerField(blank=True, help_text='Treadmill: seconds to claudication onset; empty if none.', null=True)),
                ('peak_walking_s', models.PositiveIntegerField(blank=True, help_text='Treadmill: seconds to maximal pain or stop.', null=True)),
                ('entered_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('patient', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['-performed_at'],
                'indexes': [models.Index(fields=['patient', 'kind', 'performed_at'], name='programs_progress_patient')],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('kind', 'six_minute_walk'), _negated=True), models.Q(('distance_m__isnull', False), ('distance_m__lte', 1200), ('claudication_onset_s__isnull', True), ('peak_walking_s__isnull', True), models.Q(('pain_onset_m__isnull', True), ('pain_onset_m__lte', models.F('distance_m')), _connector='OR'), ('protocol', '')), _connector='OR'), name='progress_six_minute_walk_shape'), models.CheckConstraint(condition=models.Q(models.Q(('kind', 'graded_treadmill'), _negated=True), models.Q(('peak_walking_s__gte', 1), ('peak_walking_s__isnull', False), ('peak_walking_s__lte', 1800), ('distance_m__isnull', True), ('pain_onset_m__isnull', True), models.Q(('claudication_onset_s__isnull', True), ('claudication_onset_s__lte', models.F('peak_walking_s')), _connector='OR'), ('protocol', 'gardner')), _connector='OR'), name='progress_treadmill_shape')],
            },
        ),
    ]
