"""Values derived from what the clinician entered, by the published rules in ``records.scoring``,
stored beside the entered values. A rule the entered values break is raised as a
``ValidationError`` naming the field."""

from dataclasses import asdict
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError

from .scoring import abi as abi_scoring
from .scoring import wifi

# The scoring functions' argument names, as the API names the fields.
POSTURE_FIELDS = {"upright": "upright_value", "forward_leaning": "forward_value"}


def _scoring_error(exc: ValueError, *, names: dict[str, str] | None = None) -> ValidationError:
    """Scoring raises 'field: rule'; answer it as a field error (``names`` maps a scoring name
    to the API's)."""
    field, _, rule = str(exc).partition(": ")
    field = field.split()[0] if rule else "non_field_errors"
    return ValidationError({(names or {}).get(field, field): [rule or str(exc)]})


def _plain(value: Any) -> Any:
    return float(value) if isinstance(value, Decimal) else value


def abi_derive(record) -> None:
    """Fill the ABI, TBI, category, WIfI ischaemia grade and exercise interpretation from the
    entered pressures."""
    try:
        leg = abi_scoring.resting_abi_for_leg(
            dorsalis_pedis_mmhg=record.dorsalis_pedis_mmhg,
            posterior_tibial_mmhg=record.posterior_tibial_mmhg,
            left_brachial_mmhg=record.brachial_left_mmhg,
            right_brachial_mmhg=record.brachial_right_mmhg,
        )
        tbi = None
        if record.toe_pressure_mmhg is not None:
            tbi = abi_scoring.toe_brachial_index(
                record.toe_pressure_mmhg,
                left_brachial_mmhg=record.brachial_left_mmhg,
                right_brachial_mmhg=record.brachial_right_mmhg,
            )
        classification = abi_scoring.classify_abi(
            leg.abi, ankle_pressure_mmhg=leg.ankle_pressure_mmhg, toe_brachial_index=tbi,
            toe_pressure_mmhg=record.toe_pressure_mmhg,
        )
        ischaemia = wifi.wifi_ischaemia_grade(
            abi=leg.abi, ankle_pressure_mmhg=leg.ankle_pressure_mmhg,
            toe_pressure_mmhg=record.toe_pressure_mmhg,
        )
        exercise = None
        if record.post_exercise_abi is not None:
            exercise = abi_scoring.interpret_exercise_abi(
                resting_abi=leg.abi,
                post_exercise_abi=record.post_exercise_abi,
                resting_ankle_pressure_mmhg=leg.ankle_pressure_mmhg,
                post_exercise_ankle_pressure_mmhg=record.post_exercise_ankle_mmhg,
                recovery_minutes=record.abi_recovery_min,
            )
    except ValueError as exc:
        raise _scoring_error(exc) from exc
    record.ankle_pressure_mmhg = int(leg.ankle_pressure_mmhg)
    record.resting_abi = float(leg.abi)
    record.toe_brachial_index = _plain(tbi)
    record.category = str(classification.category)
    record.interpretation = {
        "resting": classification.interpretation,
        "ankle_artery_used": leg.ankle_artery,
        "brachial_pressure_mmhg": _plain(leg.brachial_pressure_mmhg),
        "toe_brachial_index_abnormal": classification.toe_brachial_index_abnormal,
        # WIfI ischaemia grade (Mills 2014), shown beside the ABI category.
        "wifi_ischaemia_grade": ischaemia.grade,
        "wifi_ischaemia_decided_by": ischaemia.decided_by,
        "wifi_ischaemia_grades_by_measure": ischaemia.grades_by_measure,
        "wifi_ischaemia": ischaemia.interpretation,
        "exercise": None if exercise is None else {
            key: _plain(value) for key, value in asdict(exercise).items()
        },
    }


def posture_effect_derive(record) -> None:
    """The effect of leaning forward, in per cent of the upright result."""
    try:
        effect = abi_scoring.posture_effect_percent(
            record.upright_value, record.forward_value,
            forward_leaning_censored=record.forward_censored,
        )
    except ValueError as exc:
        raise _scoring_error(exc, names=POSTURE_FIELDS) from exc
    record.effect_pct = _plain(effect.percent)


def rutherford_check(record) -> None:
    """A Rutherford category must map to a Fontaine stage (nothing is stored beside it)."""
    try:
        abi_scoring.fontaine_stage(record.category)
    except ValueError as exc:
        raise _scoring_error(exc) from exc
