"""What patients record from their phone: walks and symptom reports."""

from .symptoms import (
    MAX_SYMPTOM_DURATION_S,
    SYMPTOM_CONTENT_FIELDS,
    RedFlag,
    SymptomKind,
    SymptomReport,
)
from .walks import MAX_DISTANCE_M, MAX_DURATION_S, MAX_RELIEF_S, WALK_CONTENT_FIELDS, Walk

__all__ = [
    "MAX_DISTANCE_M", "MAX_DURATION_S", "MAX_RELIEF_S", "MAX_SYMPTOM_DURATION_S",
    "SYMPTOM_CONTENT_FIELDS", "WALK_CONTENT_FIELDS", "RedFlag", "SymptomKind", "SymptomReport",
    "Walk",
]
