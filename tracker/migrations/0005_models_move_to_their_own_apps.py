"""The clinic records, questionnaires, exercise programs and revisions move to their own apps."""

from django.db import migrations


# model -> the app that holds it now
MOVED = {
    "recordrevision": "core", "exerciseprogram": "programs",
    "questionnaireresponse": "questionnaires", "abimeasurement": "records",
    "rutherfordassessment": "records", "distancecalibration": "records", "posturetest": "records",
}


def content_types_relabel(apps, schema_editor, moves=None):
    """Keep permissions and admin history with the moved models: relabel their content types."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    for model, (old, new) in (moves or {m: ("tracker", a) for m, a in MOVED.items()}).items():
        if not ContentType.objects.filter(app_label=new, model=model).exists():
            ContentType.objects.filter(app_label=old, model=model).update(app_label=new)


def content_types_restore(apps, schema_editor):
    content_types_relabel(apps, schema_editor, {m: (a, "tracker") for m, a in MOVED.items()})


class Migration(migrations.Migration):

    # The models now live in core, records, questionnaires and programs, on the same tables.
    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("core", "0001_record_revision_moved_from_tracker"),
        ("programs", "0001_exercise_program_moved_from_tracker"),
        ("questionnaires", "0001_questionnaire_response_moved_from_tracker"),
        ("records", "0001_clinic_records_moved_from_tracker"),
        ('tracker', '0004_exercise_programs'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[],
            state_operations=[
                migrations.RemoveField(
                    model_name='distancecalibration',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='distancecalibration',
                    name='patient',
                ),
                migrations.RemoveField(
                    model_name='exerciseprogram',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='exerciseprogram',
                    name='patient',
                ),
                migrations.RemoveField(
                    model_name='posturetest',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='posturetest',
                    name='patient',
                ),
                migrations.RemoveField(
                    model_name='questionnaireresponse',
                    name='patient',
                ),
                migrations.RemoveField(
                    model_name='recordrevision',
                    name='changed_by',
                ),
                migrations.RemoveField(
                    model_name='recordrevision',
                    name='patient',
                ),
                migrations.RemoveField(
                    model_name='rutherfordassessment',
                    name='entered_by',
                ),
                migrations.RemoveField(
                    model_name='rutherfordassessment',
                    name='patient',
                ),
                migrations.DeleteModel(
                    name='AbiMeasurement',
                ),
                migrations.DeleteModel(
                    name='DistanceCalibration',
                ),
                migrations.DeleteModel(
                    name='ExerciseProgram',
                ),
                migrations.DeleteModel(
                    name='PostureTest',
                ),
                migrations.DeleteModel(
                    name='QuestionnaireResponse',
                ),
                migrations.DeleteModel(
                    name='RecordRevision',
                ),
                migrations.DeleteModel(
                    name='RutherfordAssessment',
                ),
            ],
        ),
        migrations.RunPython(content_types_relabel, content_types_restore),
    ]
