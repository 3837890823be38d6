"""programs (issue 12, outcomes): the exercise library, the same for every clinic."""

import programs.outcomes
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('programs', '0004_progress_tests'),
    ]

    operations = [
        migrations.CreateModel(
            name='Exercise',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('slug', models.SlugField(max_length=64, unique=True)),
                ('name', models.CharField(max_length=120)),
                ('cause', models.CharField(choices=[('vascular', 'Vascular claudication'), ('neurogenic', 'Neurogenic claudication (spinal stenosis)'), ('both', 'Both')], max_length=16)),
                ('instructions', models.TextField(help_text='Plain, step-by-step, with when to stop.')),
                ('dose', models.CharField(help_text='How much and how often.', max_length=200)),
                ('media_url', models.CharField(blank=True, default='', help_text='Our own storage path or a configured media host.', max_length=500, validators=[programs.outcomes.validate_media_url])),
            ],
            options={
                'ordering': ['name'],
            },
        ),
    ]
