"""Red flags in symptom reports become alerts, one per kind of danger, inside the transaction
that stores the report (connected to ``tracker.signals.red_flags_reported`` in ``apps.py``).

The triage (how serious a sign is and what the patient must do) is the record layer's
(``tracker.red_flags``); this module only groups the signs into alert kinds.
"""

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tracker.models import RedFlag, SymptomKind
from tracker.red_flags import Triage, symptom_triage, triage_order

from .models import Alert, AlertKind
from .services import Finding, alert_raise

logger = logging.getLogger(__name__)

# Which alert kind each sign opens.
ALERT_KIND_OF_FLAG = {
    RedFlag.BLADDER_BOWEL_LOSS: AlertKind.RED_FLAG_CAUDA_EQUINA,
    RedFlag.SADDLE_NUMBNESS: AlertKind.RED_FLAG_CAUDA_EQUINA,
    RedFlag.FOOT_DROP: AlertKind.RED_FLAG_NERVE_ROOT,
    RedFlag.SUDDEN_WEAKNESS: AlertKind.RED_FLAG_NERVE_ROOT,
    RedFlag.NON_HEALING_SORE: AlertKind.RED_FLAG_LIMB_THREAT,
    RedFlag.COLOUR_CHANGE: AlertKind.RED_FLAG_LIMB_THREAT,
    RedFlag.COLD_LIMB: AlertKind.RED_FLAG_LIMB_THREAT,
    RedFlag.FEVER_WEIGHT_LOSS: AlertKind.RED_FLAG_SYSTEMIC,
}
ALERT_KIND_OF_SYMPTOM = {SymptomKind.REST_PAIN: AlertKind.RED_FLAG_LIMB_THREAT}


def alert_kinds_of(kind: str, red_flags: Iterable[str]) -> dict[str, Triage]:
    """Alert kind -> the triage of just the signs of one report that belong to it."""
    signs: dict[str, tuple[str | None, list[str]]] = {}
    for flag in red_flags:
        if flag in ALERT_KIND_OF_FLAG:
            signs.setdefault(ALERT_KIND_OF_FLAG[flag], (None, []))[1].append(flag)
    if kind in ALERT_KIND_OF_SYMPTOM:
        alert_kind = ALERT_KIND_OF_SYMPTOM[kind]
        signs[alert_kind] = (kind, signs.get(alert_kind, (None, []))[1])
    return {
        alert_kind: symptom_triage(kind=symptom_kind, red_flags=flags)
        for alert_kind, (symptom_kind, flags) in signs.items()
    }


def red_flag_findings(reports: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """One finding per red-flag alert kind among these symptom reports, with their ids."""
    grouped: dict[str, list[tuple[Mapping[str, Any], Triage]]] = {}
    for report in reports:
        for kind, triage in alert_kinds_of(report["kind"], report["red_flags"]).items():
            grouped.setdefault(kind, []).append((report, triage))
    findings = []
    for kind, group in grouped.items():
        triage = max((t for _, t in group), key=triage_order)
        findings.append(Finding(
            kind=kind,
            severity=triage.severity,
            title=AlertKind(kind).label,
            as_of=min(report["occurred_at"] for report, _ in group),
            evidence={
                "symptom_report_ids": [str(r["id"]) for r, _ in group if not r.get("rejected")],
                # Reports refused for another field: the red flag still reaches the care team.
                "rejected_report_ids": [str(r["id"]) for r, _ in group if r.get("rejected")],
                "red_flags": sorted({flag for report, _ in group for flag in report["red_flags"]}),
                "symptom_kinds": sorted({report["kind"] for report, _ in group}),
                "same_day": triage.same_day,
            },
            patient_message=triage.instruction,
        ))
    return findings


def red_flag_alerts_raise(*, patient_id: uuid.UUID,
                          reports: Sequence[Mapping[str, Any]]) -> list[Alert]:
    """Raise or update the red-flag alerts for newly stored reports; call inside their
    transaction."""
    changed = []
    for finding in red_flag_findings(reports):
        alert, was_changed = alert_raise(patient_id=patient_id, finding=finding)
        if was_changed:
            changed.append(alert)
            logger.warning("patient %s: %s alert %s", patient_id, finding.severity, finding.kind)
    return changed
