"""Models that moved out of tracker keep their tables: the migrations that move them change
Django's state only, and emit no SQL at all."""

import pytest
from django.core.management import call_command

from core.models import RecordRevision
from programs.models import ExerciseProgram
from questionnaires.models import QuestionnaireResponse
from records.models import AbiMeasurement, DistanceCalibration, PostureTest, RutherfordAssessment

MOVES = [
    ("core", "0001_record_revision_moved_from_tracker"),
    ("records", "0001_clinic_records_moved_from_tracker"),
    ("questionnaires", "0001_questionnaire_response_moved_from_tracker"),
    ("programs", "0001_exercise_program_moved_from_tracker"),
    ("tracker", "0005_models_move_to_their_own_apps"),
]


@pytest.mark.parametrize(("app", "migration"), MOVES)
def test_moving_a_model_emits_no_sql(app, migration, db, capsys):
    call_command("sqlmigrate", app, migration)
    lines = capsys.readouterr().out.splitlines()
    statements = [line for line in lines if line.strip() and not line.startswith("--")
                  and line not in ("BEGIN;", "COMMIT;")]
    assert statements == []


def test_the_moved_models_keep_the_tables_tracker_made():
    tables = {model._meta.db_table for model in (
        RecordRevision, ExerciseProgram, QuestionnaireResponse, AbiMeasurement,
        DistanceCalibration, PostureTest, RutherfordAssessment)}
    assert tables == {"tracker_recordrevision", "tracker_exerciseprogram",
                      "tracker_questionnaireresponse", "tracker_abimeasurement",
                      "tracker_distancecalibration", "tracker_posturetest",
                      "tracker_rutherfordassessment"}
