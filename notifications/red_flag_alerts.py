"""Red flags in symptom reports become alerts, one per kind of danger, inside the transaction
that stores the report (connected to ``tracker.signals.red_flags_reported`` in ``apps.py``).

The triage (how serious a sign is and what the patient must do) is the record layer's
(``tracker.red_flags``); this module only groups the signs into alert kinds.
"""

import logging
import uuid
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from tracker.red_flags import (
    ACUTE_LIMB_ISCHAEMIA,
    CAUDA_EQUINA,
    FEVER_WITH_BACK_PAIN,
    FOOT_INFECTION,
    LIMB_THREAT,
    NERVE_ROOT,
    NIGHT_BACK_PAIN,
    WEIGHT_LOSS_WITH_BACK_PAIN,
    Triage,
    sign_triages,
    triage_order,
)

from .models import Alert, AlertKind
from .services import Finding, alert_raise

logger = logging.getLogger(__name__)

# Which alert kind each group of signs opens (tracker.red_flags names the groups).
ALERT_KIND_OF_SIGN = {
    CAUDA_EQUINA.sign: AlertKind.RED_FLAG_CAUDA_EQUINA,
    ACUTE_LIMB_ISCHAEMIA.sign: AlertKind.RED_FLAG_ACUTE_LIMB_ISCHAEMIA,
    NERVE_ROOT.sign: AlertKind.RED_FLAG_NERVE_ROOT,
    LIMB_THREAT.sign: AlertKind.RED_FLAG_LIMB_THREAT,
    FOOT_INFECTION.sign: AlertKind.RED_FLAG_LIMB_THREAT,
    FEVER_WITH_BACK_PAIN.sign: AlertKind.RED_FLAG_SYSTEMIC,
    WEIGHT_LOSS_WITH_BACK_PAIN.sign: AlertKind.RED_FLAG_SYSTEMIC,
    NIGHT_BACK_PAIN.sign: AlertKind.RED_FLAG_SYSTEMIC,
}


def alert_kinds_of(report: Mapping[str, Any]) -> dict[str, Triage]:
    """Alert kind -> the most serious triage among one report's signs that belong to it."""
    by_kind: dict[str, Triage] = {}
    for triage in sign_triages(kind=report["kind"], red_flags=report["red_flags"],
                               locations=report.get("locations") or ()):
        alert_kind = ALERT_KIND_OF_SIGN[triage.sign]
        if alert_kind not in by_kind or triage_order(triage) > triage_order(by_kind[alert_kind]):
            by_kind[alert_kind] = triage
    return by_kind


def red_flag_findings(reports: Iterable[Mapping[str, Any]]) -> list[Finding]:
    """One finding per red-flag alert kind among these symptom reports, with their ids."""
    grouped: dict[str, list[tuple[Mapping[str, Any], Triage]]] = {}
    for report in reports:
        for kind, triage in alert_kinds_of(report).items():
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
