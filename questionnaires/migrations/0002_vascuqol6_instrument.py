"""questionnaires: VascuQoL-6 joins the instruments; its id needs 9 characters, so the column widens."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('questionnaires', '0001_questionnaire_response_moved_from_tracker'),
    ]

    operations = [
        migrations.AlterField(
            model_name='questionnaireresponse',
            name='instrument',
            field=models.CharField(choices=[('wiq', 'Walking Impairment Questionnaire'), ('ecq', 'Edinburgh Claudication Questionnaire'), ('zcq', 'Zurich Claudication Questionnaire'), ('odi', 'Oswestry Disability Index'), ('vascuqol6', 'Vascular Quality of Life Questionnaire-6')], max_length=16),
        ),
    ]
