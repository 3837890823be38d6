"""Red flags: how serious each one is, and what the phone must tell the patient at once.

The service does not diagnose. Its wording is plain and cautious, except where a sign can mean an
emergency, where it says exactly what to do now. Severities follow the issue's triage:
- emergency: bladder or bowel loss, saddle numbness (possible cauda equina syndrome);
- urgent, same day: foot drop or sudden weakness (nerve root failure);
- urgent: signs of limb threat (rest pain, a non-healing sore, colour change, a cold limb:
  chronic limb-threatening ischaemia, Rutherford 4-6);
- warning: fever or weight loss with back pain (infection or tumour must be ruled out).
"""

from collections.abc import Iterable
from dataclasses import dataclass

from core.severity import SEVERITY_RANK, Severity

from .models import RedFlag, SymptomKind

EMERGENCY, URGENT, WARNING = Severity.EMERGENCY, Severity.URGENT, Severity.WARNING


@dataclass(frozen=True)
class Triage:
    severity: str
    same_day: bool
    instruction: str


_CAUDA_EQUINA = Triage(
    severity=EMERGENCY,
    same_day=True,
    instruction=(
        "Get emergency care now: call your local emergency number (999 in the UK, 112 in Europe, "
        "911 in North America) or go to the nearest emergency department. Loss of bladder or "
        "bowel control, or numbness between the legs or around the bottom, can mean the nerves at "
        "the bottom of your spine are being squeezed. This needs treatment within hours. Do not "
        "wait for your clinic to contact you."
    ),
)
_NERVE_ROOT = Triage(
    severity=URGENT,
    same_day=True,
    instruction=(
        "Contact your clinic or your doctor today. New weakness in a leg, or a foot that drags or "
        "slaps when you walk, needs to be checked the same day. If you cannot reach them today, "
        "go to an urgent care centre or emergency department. If the weakness is getting worse "
        "quickly or you also lose bladder or bowel control, call your emergency number now."
    ),
)
_LIMB_THREAT = Triage(
    severity=URGENT,
    same_day=False,
    instruction=(
        "Contact your clinic within 24 hours. Pain in the leg or foot at rest, a sore that does "
        "not heal, a foot that turns pale or blue, or a cold foot can mean the blood supply to the "
        "leg is getting worse. If your leg or foot suddenly becomes cold, pale and painful, or "
        "you cannot move or feel it, call your emergency number now."
    ),
)
_SYSTEMIC = Triage(
    severity=WARNING,
    same_day=False,
    instruction=(
        "Tell your clinic in the next few days. Back pain together with fever or weight loss you "
        "cannot explain should be checked by a doctor. If you feel very unwell or the fever is "
        "high, contact a doctor today."
    ),
)

RED_FLAG_TRIAGE = {
    RedFlag.BLADDER_BOWEL_LOSS: _CAUDA_EQUINA,
    RedFlag.SADDLE_NUMBNESS: _CAUDA_EQUINA,
    RedFlag.FOOT_DROP: _NERVE_ROOT,
    RedFlag.SUDDEN_WEAKNESS: _NERVE_ROOT,
    RedFlag.NON_HEALING_SORE: _LIMB_THREAT,
    RedFlag.COLOUR_CHANGE: _LIMB_THREAT,
    RedFlag.COLD_LIMB: _LIMB_THREAT,
    RedFlag.FEVER_WEIGHT_LOSS: _SYSTEMIC,
}
# Symptom kinds that are limb-threat signs even without a red-flag answer.
KIND_TRIAGE = {SymptomKind.REST_PAIN: _LIMB_THREAT}


def triage_order(triage: Triage) -> tuple[int, bool]:
    """Sort key: the more severe first, and at equal severity the one to act on today."""
    return SEVERITY_RANK[triage.severity], triage.same_day


def symptom_triage(*, kind: str | None, red_flags: Iterable[str]) -> Triage | None:
    """The most serious triage among a report's red flags and kind, or None when nothing calls
    for action. Unknown flag values are ignored here (validation reports them)."""
    candidates = [RED_FLAG_TRIAGE[flag] for flag in red_flags if flag in RED_FLAG_TRIAGE]
    if kind in KIND_TRIAGE:
        candidates.append(KIND_TRIAGE[kind])
    return max(candidates, key=triage_order) if candidates else None
