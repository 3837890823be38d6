"""What patients and clinics record."""

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
    "MAX_DISTANCE_M", "MAX_DURATION_S", "MAX_NOTE_CHARS", "MAX_RELIEF_S", "WALK_CONTENT_FIELDS",
    "RecordRevision", "RedFlag", "SymptomKind", "SymptomReport", "Walk",
]
