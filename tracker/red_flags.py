"""Red flags: how serious each sign is, and what the phone must tell the patient at once.

The service does not diagnose. Its wording is plain and cautious, except where a sign can mean an
emergency, where it says exactly what to do now. It never under-calls: a report takes the most
serious triage of any of its signs, and some signs together are more serious than either alone.

- **Emergency**: cauda equina syndrome, its late signs (bladder or bowel loss, saddle numbness)
  and its early ones (difficulty passing urine or a weaker stream, loss of rectal fullness
  sensation, new sexual dysfunction, weakness, numbness or sciatica in both legs): the GIRFT
  National Suspected Cauda Equina Syndrome Pathway (NHS England, 2023) and the SBNS/BASS
  Standards of care for CES (2018) send each of these to an emergency department at once, and
  NHS advice is to call 999. Acute limb ischaemia (a leg that suddenly turns cold, pale or blue
  and painful, or cannot be moved or felt): muscle and nerve damage becomes irreversible within
  4-6 hours (ESVS 2020 clinical practice guidelines on acute limb ischaemia, Björck M et al.,
  Eur J Vasc Endovasc Surg 2020;59:173-218). A limb-ischaemia sign (cold limb, colour change,
  rest pain) together with new weakness or numbness is acute limb ischaemia too: paraesthesia
  and paralysis are two of its "6 P"s and mark a threatened limb (Rutherford 1997 acute limb
  ischaemia categories IIa/IIb, as used by ESVS 2020).
- **Urgent, today**: foot drop, sudden weakness or spreading numbness (nerve root failure or a
  progressive deficit: NICE CKS sciatica red flags, 2023); fever with back pain (spinal infection
  must be excluded the same day: NICE CKS low back pain red flags); wet, black or infected skin
  on the foot (a foot infection in ischaemia threatens the limb within hours to days: IWGDF/IDSA
  guideline on diabetes-related foot infections, 2023, and the 2019 Global Vascular Guidelines
  on chronic limb-threatening ischaemia, Conte MS et al., J Vasc Surg 2019;69:3S-125S).
- **Urgent, within 24 hours**: chronic limb-threatening ischaemia, Rutherford 4-6: rest pain, a
  sore that does not heal, colour change, a cold limb (2019 Global Vascular Guidelines). Night
  pain in the leg or foot counts as ischaemic rest pain until proved otherwise (Rutherford 4).
- **Warning, within days**: unexplained weight loss with back pain, and night or rest pain in the
  back (infection or tumour must be ruled out: NICE CKS low back pain red flags; Eureka Health,
  "Why does my back hurt only when I walk?", 2025).

Every symptom kind has a triage or a stated reason for none (``KIND_WITHOUT_TRIAGE``). The whole
table is served to the phone (``triage_table``) so that it can triage while offline.
"""

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass

from core.severity import SEVERITY_RANK, Severity

from .choices import PainLocation
from .models import RedFlag, SymptomKind

EMERGENCY, URGENT, WARNING = Severity.EMERGENCY, Severity.URGENT, Severity.WARNING

# Bumped whenever a rule or an instruction changes; the phone keeps the table it was last served.
TRIAGE_TABLE_VERSION = "2026-12-01"


@dataclass(frozen=True)
class Triage:
    """What one group of signs means for the patient: how serious, today or not, what to do.
    ``sign`` names the group (the alert layer files an alert per group)."""

    sign: str
    severity: str
    same_day: bool
    instruction: str


CAUDA_EQUINA = Triage(
    sign="cauda_equina",
    severity=EMERGENCY,
    same_day=True,
    instruction=(
        "Get emergency care now: call your local emergency number (999 in the UK, 112 in Europe, "
        "911 in North America) or go to the nearest emergency department. Problems passing urine "
        "or controlling your bladder or bowel, numbness between the legs or around the bottom, "
        "new loss of sexual function, or new weakness, numbness or sciatica in both legs can mean "
        "the nerves at the bottom of your spine are being squeezed. This needs treatment within "
        "hours. Do not wait for your clinic to contact you."
    ),
)
ACUTE_LIMB_ISCHAEMIA = Triage(
    sign="acute_limb_ischaemia",
    severity=EMERGENCY,
    same_day=True,
    instruction=(
        "Call your emergency number now (999 in the UK, 112 in Europe, 911 in North America). A "
        "leg or foot that suddenly becomes cold, pale or blue and painful, or that you cannot "
        "move or feel properly, can mean its blood supply has suddenly stopped. It must be "
        "treated within hours to save the leg. Do not wait to see if it gets better, and do not "
        "wait for your clinic to contact you."
    ),
)
NERVE_ROOT = Triage(
    sign="nerve_root",
    severity=URGENT,
    same_day=True,
    instruction=(
        "Contact your clinic or your doctor today. New weakness in a leg, a foot that drags or "
        "slaps when you walk, or numbness that is spreading needs to be checked the same day. If "
        "you cannot reach them today, go to an urgent care centre or emergency department. If the "
        "weakness is getting worse quickly, or you also have problems passing urine or "
        "controlling your bowel, call your emergency number now."
    ),
)
FOOT_INFECTION = Triage(
    sign="foot_infection",
    severity=URGENT,
    same_day=True,
    instruction=(
        "Contact your clinic or your doctor today. Wet, black or infected skin on the foot needs "
        "to be seen the same day: infection can spread quickly when the blood supply is poor. If "
        "you cannot reach them today, go to an urgent care centre or emergency department. If you "
        "also have a fever or feel very unwell, go to an emergency department now."
    ),
)
FEVER_WITH_BACK_PAIN = Triage(
    sign="fever",
    severity=URGENT,
    same_day=True,
    instruction=(
        "Contact a doctor today. Back pain together with a fever should be checked the same day, "
        "to rule out an infection. If you cannot reach your clinic or doctor today, go to an "
        "urgent care centre. If you feel very unwell, confused or the pain is getting quickly "
        "worse, call your emergency number."
    ),
)
LIMB_THREAT = Triage(
    sign="limb_threat",
    severity=URGENT,
    same_day=False,
    instruction=(
        "Contact your clinic within 24 hours. Pain in the leg or foot at rest or at night, a sore "
        "that does not heal, a foot that turns pale or blue, or a cold foot can mean the blood "
        "supply to the leg is getting worse. If your leg or foot suddenly becomes cold, pale and "
        "painful, or you cannot move or feel it, call your emergency number now."
    ),
)
WEIGHT_LOSS_WITH_BACK_PAIN = Triage(
    sign="weight_loss",
    severity=WARNING,
    same_day=False,
    instruction=(
        "Tell your clinic in the next few days. Back pain together with weight loss you cannot "
        "explain should be checked by a doctor. If you also get a fever, contact a doctor today."
    ),
)
NIGHT_BACK_PAIN = Triage(
    sign="night_back_pain",
    severity=WARNING,
    same_day=False,
    instruction=(
        "Tell your clinic in the next few days. Back pain at night or at rest that does not ease "
        "when you sit or lie down should be checked by a doctor. If you also get a fever, "
        "contact a doctor today."
    ),
)

RED_FLAG_TRIAGE = {
    RedFlag.BLADDER_BOWEL_LOSS: CAUDA_EQUINA,
    RedFlag.SADDLE_NUMBNESS: CAUDA_EQUINA,
    RedFlag.URINARY_RETENTION: CAUDA_EQUINA,
    RedFlag.RECTAL_SENSATION_LOSS: CAUDA_EQUINA,
    RedFlag.SEXUAL_DYSFUNCTION: CAUDA_EQUINA,
    RedFlag.BILATERAL_LEG_SYMPTOMS: CAUDA_EQUINA,
    RedFlag.ACUTE_LIMB_ISCHAEMIA: ACUTE_LIMB_ISCHAEMIA,
    RedFlag.FOOT_DROP: NERVE_ROOT,
    RedFlag.SUDDEN_WEAKNESS: NERVE_ROOT,
    RedFlag.SPREADING_NUMBNESS: NERVE_ROOT,
    RedFlag.FOOT_INFECTION: FOOT_INFECTION,
    RedFlag.NON_HEALING_SORE: LIMB_THREAT,
    RedFlag.COLOUR_CHANGE: LIMB_THREAT,
    RedFlag.COLD_LIMB: LIMB_THREAT,
    RedFlag.FEVER: FEVER_WITH_BACK_PAIN,
    RedFlag.WEIGHT_LOSS: WEIGHT_LOSS_WITH_BACK_PAIN,
    # Older phones send one flag for both; judged as the more serious, fever.
    RedFlag.FEVER_WEIGHT_LOSS: FEVER_WITH_BACK_PAIN,
}

# Night pain is ischaemic rest pain when it is in the leg or foot (or the place is not given);
# only in the back or buttock is it the back-pain warning instead.
BACK_LOCATIONS = frozenset({PainLocation.BACK, PainLocation.BUTTOCK})
KIND_TRIAGE = {SymptomKind.REST_PAIN: LIMB_THREAT, SymptomKind.NIGHT_PAIN: LIMB_THREAT}
KIND_WITHOUT_TRIAGE = {
    SymptomKind.CRAMP: "Cramps, at night or after walking, are common and not by themselves a "
                       "sign of a threatened limb or nerve; pain at rest is reported as rest pain.",
    SymptomKind.NUMBNESS_TINGLING: "Tingling is typical of neurogenic claudication; numbness "
                                   "that spreads, or affects both legs or the saddle area, is a "
                                   "red flag of its own.",
    SymptomKind.WEAKNESS: "Legs that tire or feel weak after walking are part of claudication; "
                          "sudden weakness and foot drop are red flags of their own.",
    SymptomKind.BACK_PAIN: "Back pain on walking is part of spinal stenosis; fever, weight loss "
                           "or pain at night are what make it a warning.",
    SymptomKind.NOTE: "A free note is read by the care team; the patient is asked to use a red "
                      "flag for anything that needs action.",
}

# Signs that together mean more than each alone: a limb-ischaemia sign with new weakness or
# numbness is acute limb ischaemia (ESVS 2020: sensory or motor loss marks a threatened limb).
ISCHAEMIC_FLAGS = frozenset({RedFlag.COLD_LIMB, RedFlag.COLOUR_CHANGE})
ISCHAEMIC_KINDS = frozenset({SymptomKind.REST_PAIN})
DEFICIT_FLAGS = frozenset({RedFlag.SUDDEN_WEAKNESS, RedFlag.FOOT_DROP,
                           RedFlag.SPREADING_NUMBNESS})
DEFICIT_KINDS = frozenset({SymptomKind.WEAKNESS, SymptomKind.NUMBNESS_TINGLING})


# Between two triages of equal severity and day, the one later in this list is shown; an
# explicit order so that the server and a phone always pick the same instruction.
SIGN_PRIORITY = ("night_back_pain", "weight_loss", "limb_threat", "fever", "foot_infection",
                 "nerve_root", "cauda_equina", "acute_limb_ischaemia")


def triage_order(triage: Triage) -> tuple[int, bool, int]:
    """Sort key: the more severe first, at equal severity the one to act on today, then the
    sign's fixed priority."""
    return SEVERITY_RANK[triage.severity], triage.same_day, SIGN_PRIORITY.index(triage.sign)


def _kind_triage(kind: str | None, locations: Iterable[str]) -> Triage | None:
    if kind == SymptomKind.NIGHT_PAIN:
        places = set(locations)
        return NIGHT_BACK_PAIN if places and places <= BACK_LOCATIONS else LIMB_THREAT
    return KIND_TRIAGE.get(kind)


def sign_triages(*, kind: str | None, red_flags: Iterable[str],
                 locations: Iterable[str] = ()) -> list[Triage]:
    """The triage of each group of signs in one report, combinations included, without repeats.
    Unknown flag values are ignored here (validation reports them)."""
    flags = set(red_flags)
    triages = [RED_FLAG_TRIAGE[flag] for flag in sorted(flags) if flag in RED_FLAG_TRIAGE]
    kind_triage = _kind_triage(kind, locations)
    if kind_triage is not None:
        triages.append(kind_triage)
    ischaemic = bool(flags & ISCHAEMIC_FLAGS) or kind in ISCHAEMIC_KINDS
    deficit = bool(flags & DEFICIT_FLAGS) or kind in DEFICIT_KINDS
    if ischaemic and deficit:
        triages.append(ACUTE_LIMB_ISCHAEMIA)
    return list(dict.fromkeys(triages))


def symptom_triage(*, kind: str | None, red_flags: Iterable[str],
                   locations: Iterable[str] = ()) -> Triage | None:
    """The most serious triage of a report's signs, or None when nothing calls for action."""
    triages = sign_triages(kind=kind, red_flags=red_flags, locations=locations)
    return max(triages, key=triage_order) if triages else None


def _triage_json(triage: Triage) -> dict:
    return {"sign": triage.sign, "severity": str(triage.severity), "same_day": triage.same_day,
            "priority": SIGN_PRIORITY.index(triage.sign), "instruction": triage.instruction}


def triage_table() -> dict:
    """The whole triage as plain JSON, for a phone to apply while offline: each flag's triage,
    each kind's (or why it has none), the combinations, and how to pick among them."""
    triages = {triage.sign: triage for triage in (*RED_FLAG_TRIAGE.values(), *KIND_TRIAGE.values(),
                                                  NIGHT_BACK_PAIN, ACUTE_LIMB_ISCHAEMIA)}
    table = {
        "version": TRIAGE_TABLE_VERSION,
        "rule": ("Take every triage that applies to the report: each red flag's, the kind's "
                 "(night_pain only in the back or buttock takes night_back_pain instead), and "
                 "each combination whose two groups are both present. Show the one with the "
                 "highest severity_rank; at equal rank, the one with same_day true; then the "
                 "one with the highest priority."),
        "severity_rank": {str(severity): rank for severity, rank in SEVERITY_RANK.items()},
        "triages": {sign: _triage_json(triage) for sign, triage in sorted(triages.items())},
        "red_flags": {str(flag): RED_FLAG_TRIAGE[flag].sign for flag in RedFlag},
        "kinds": {str(kind): KIND_TRIAGE[kind].sign for kind in KIND_TRIAGE},
        "kinds_without_triage": {str(kind): reason for kind, reason in KIND_WITHOUT_TRIAGE.items()},
        "night_pain_back_locations": sorted(str(place) for place in BACK_LOCATIONS),
        "night_pain_back_sign": NIGHT_BACK_PAIN.sign,
        "combinations": [{
            "sign": ACUTE_LIMB_ISCHAEMIA.sign,
            "when_any_of": {"red_flags": sorted(map(str, ISCHAEMIC_FLAGS)),
                            "kinds": sorted(map(str, ISCHAEMIC_KINDS))},
            "and_any_of": {"red_flags": sorted(map(str, DEFICIT_FLAGS)),
                           "kinds": sorted(map(str, DEFICIT_KINDS))},
        }],
    }
    return table


def triage_table_etag(table: dict) -> str:
    """A strong ETag of the served table: it changes exactly when the content does."""
    text = json.dumps(table, sort_keys=True, separators=(",", ":"))
    return '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'
