"""What patients and clinics record."""

from .clinic import (
    AbiMeasurement,
    CalibrationKind,
    DistanceCalibration,
    Leg,
    PostureMeasure,
    PostureTest,
    PostureTestKind,
    RutherfordAssessment,
)
from .programs import ExerciseProgram
from .questionnaires import QUESTIONNAIRE_CONTENT_FIELDS, Instrument, QuestionnaireResponse
from .revisions import RecordRevision
from .symptoms import RedFlag, SymptomKind, SymptomReport
from .walks import (
    MAX_DISTANCE_M,
    MAX_DURATION_S,
    MAX_NOTE_CHARS,
    MAX_RELIEF_S,
    WALK_CONTENT_FIELDS,
    Walk,
)

__all__ = [
    "AbiMeasurement", "CalibrationKind", "DistanceCalibration", "ExerciseProgram", "Instrument",
    "Leg", "PostureMeasure", "PostureTest", "PostureTestKind", "QUESTIONNAIRE_CONTENT_FIELDS",
    "QuestionnaireResponse", "RutherfordAssessment",
    "MAX_DISTANCE_M", "MAX_DURATION_S", "MAX_NOTE_CHARS", "MAX_RELIEF_S", "WALK_CONTENT_FIELDS",
    "RecordRevision", "RedFlag", "SymptomKind", "SymptomReport", "Walk",
]
