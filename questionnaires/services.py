"""Questionnaire responses: scored by the published rules in ``questionnaires.scoring`` and
stored idempotently like every phone record."""

import enum
from collections.abc import Mapping
from dataclasses import asdict, is_dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction

from accounts.models import User
from core.sync import SyncSpec, records_sync
from core.versioning import records_created

from . import scoring
from .models import Instrument, QuestionnaireResponse

QUESTIONNAIRE_SYNC = SyncSpec(model=QuestionnaireResponse, lock_key=3, derived_fields=("scores",))
SCORERS = {
    Instrument.WIQ: scoring.score_wiq,
    Instrument.ECQ: scoring.score_ecq,
    Instrument.ZCQ: scoring.score_zcq,
    Instrument.ODI: scoring.score_odi,
    Instrument.VASCUQOL6: scoring.score_vascuqol6,
}


def _json_ready(value: Any) -> Any:
    if is_dataclass(value):
        return {key: _json_ready(item) for key, item in asdict(value).items()}
    if isinstance(value, dict):
        return {str(key): _json_ready(item) for key, item in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_ready(item) for item in value]
    if isinstance(value, Decimal):
        return float(value)
    if isinstance(value, enum.Enum):
        return value.value
    return value


def questionnaire_score(*, instrument: str, answers: Mapping[str, Any]) -> dict[str, Any]:
    """Scores of one response as plain JSON. Raises ValueError naming the item and the rule."""
    return _json_ready(SCORERS[instrument](answers))


@transaction.atomic
def questionnaires_sync(*, patient: User, responses: list[Mapping[str, Any]]) -> list[str]:
    """Store validated and scored responses for ``patient``; one status per response, in order."""
    statuses, created = records_sync(
        spec=QUESTIONNAIRE_SYNC, patient_id=patient.pk, items=responses
    )
    if created:
        records_created(model=QuestionnaireResponse, patient_id=patient.pk)
    return statuses
