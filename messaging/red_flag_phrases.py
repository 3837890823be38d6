"""Red flags in a message's text: a small, reviewed phrase list per language, not a model.

A patient who writes "I can't pee" must not wait for a reader: the answer carries at once the
instruction the red-flag report would give (``tracker.red_flags``) and asks the patient to file
that report. Matching errs on the side of asking: case, accents and apostrophes are normalised,
words are matched by their start where marked ``*`` (``numb*`` is numb, numbness, numbed), and a
phrase's words may have up to ``MAX_GAP`` other words between them ("my foot went cold and very
white"). A harmless message that asks is a small cost; a missed cauda equina is not.

Each phrase names the red flag of ``tracker.models.RedFlag`` whose triage it stands for. Syntax:
words separated by spaces, alternatives for one word separated by ``|``.
"""

import re
import unicodedata
from dataclasses import dataclass

from tracker.models import RedFlag, SymptomKind
from tracker.red_flags import RED_FLAG_TRIAGE, Triage, triage_order

MAX_GAP = 3

F = RedFlag
# Reviewed against the red-flag labels of tracker.models.RedFlag and the wording of the GIRFT
# cauda equina pathway's patient card ("Cauda equina syndrome: red flags", NHS England 2023).
PHRASES_EN: tuple[tuple[str, str], ...] = (
    # Cauda equina: bladder, bowel, saddle, both legs, sexual function.
    ("cant|cannot|unable|struggl*|difficult*|trouble|hard|problem* pee|peeing|wee|urin*|piss*",
     F.URINARY_RETENTION),
    ("weak*|slow|poor stream", F.URINARY_RETENTION),
    ("no|not|lost|cant|cannot feel* pee|bladder|urin*", F.URINARY_RETENTION),
    ("wet|peed|pee|soiled myself", F.BLADDER_BOWEL_LOSS),
    ("lost|losing|loss|no|cant|cannot control* bladder|bowel*|urin*|pee", F.BLADDER_BOWEL_LOSS),
    ("bladder|bowel* control|leak*|accident*", F.BLADDER_BOWEL_LOSS),
    ("incontinen*", F.BLADDER_BOWEL_LOSS),
    ("numb*|tingl* between legs", F.SADDLE_NUMBNESS),
    ("no|cant|cannot|lost feel*|sensation between legs", F.SADDLE_NUMBNESS),
    ("numb*|tingl* groin|crotch|bottom|bum|genital*|privates|saddle|anus|perineum",
     F.SADDLE_NUMBNESS),
    ("no|cant|cannot|lost feel*|sensation groin|crotch|bottom|bum|genital*|privates|saddle|"
     "anus|perineum", F.SADDLE_NUMBNESS),
    ("saddle numb*|anaesthes*|anesthes*", F.SADDLE_NUMBNESS),
    ("both legs weak*|numb*|dead|gave|giving|give|tingl*", F.BILATERAL_LEG_SYMPTOMS),
    ("weak*|numb*|dead|tingl* both legs", F.BILATERAL_LEG_SYMPTOMS),
    ("sciatica both|two legs|sides", F.BILATERAL_LEG_SYMPTOMS),
    ("erection*|impoten*", F.SEXUAL_DYSFUNCTION),
    ("cant|cannot|no|lost feel* poo*|stool*|rectum|bowel*", F.RECTAL_SENSATION_LOSS),
    # Acute limb ischaemia: a cold and pale limb, or one that cannot be moved or felt.
    ("foot|feet|leg|legs|toe|toes cold|freezing white|pale|blue|grey|gray", F.ACUTE_LIMB_ISCHAEMIA),
    ("foot|feet|leg|legs|toe|toes white|pale|blue|grey|gray cold|freezing", F.ACUTE_LIMB_ISCHAEMIA),
    ("cold|freezing white|pale|blue foot|feet|leg|legs|toe|toes", F.ACUTE_LIMB_ISCHAEMIA),
    ("white|pale|blue cold|freezing foot|feet|leg|legs|toe|toes", F.ACUTE_LIMB_ISCHAEMIA),
    ("cant|cannot|unable move|feel foot|feet|leg|legs|toe|toes", F.ACUTE_LIMB_ISCHAEMIA),
    # Nerve root failure.
    ("foot drop*|drag*|slap*|floppy|flop*", F.FOOT_DROP),
    ("drop foot", F.FOOT_DROP),
    ("trip*|catch* toes|toe|foot", F.FOOT_DROP),
    ("sudden*|suddenly weak*", F.SUDDEN_WEAKNESS),
    ("leg|legs|knee gave|giving|gives|give way|out", F.SUDDEN_WEAKNESS),
    ("numb* spread*|worse|creeping|moving", F.SPREADING_NUMBNESS),
    # Limb threat and foot infection.
    ("cold|freezing foot|feet|leg|legs|toe|toes", F.COLD_LIMB),
    ("foot|feet|leg|legs|toe|toes cold|freezing", F.COLD_LIMB),
    ("foot|feet|leg|legs|toe|toes white|pale|blue|purple|grey|gray", F.COLOUR_CHANGE),
    ("white|pale|blue|purple foot|feet|leg|legs|toe|toes", F.COLOUR_CHANGE),
    ("sore|wound|ulcer|cut|blister not|wont|isnt|doesnt heal*", F.NON_HEALING_SORE),
    ("black toe|toes|foot|skin", F.FOOT_INFECTION),
    ("toe|toes|foot|skin black|blackened", F.FOOT_INFECTION),
    ("pus|ooz*|infect*", F.FOOT_INFECTION),
    # Back pain with fever or weight loss.
    ("fever*|feverish|temperature|chills|shivers", F.FEVER),
    ("lost|losing|loss weight|kilos|pounds|stone", F.WEIGHT_LOSS),
    ("weight loss", F.WEIGHT_LOSS),
)
PHRASES_FR: tuple[tuple[str, str], ...] = (
    ("arrive|peux|parviens|reussis pas|plus uriner|pisser|pipi", F.URINARY_RETENTION),
    ("difficult*|mal|peine uriner|pipi|pisser|miction*", F.URINARY_RETENTION),
    ("jet faible|faiblit|ralenti", F.URINARY_RETENTION),
    ("sens|sent pas|plus envie uriner|vessie|pipi", F.URINARY_RETENTION),
    ("fuite* urin*|selles", F.BLADDER_BOWEL_LOSS),
    ("incontinen*", F.BLADDER_BOWEL_LOSS),
    ("perdu|perte|plus controle* vessie|selles|intestin*|urin*", F.BLADDER_BOWEL_LOSS),
    ("fait pipi|uri* sur moi|dessous", F.BLADDER_BOWEL_LOSS),
    ("engourdi*|insensible*|fourmill*|sens|sent entre jambes|cuisses", F.SADDLE_NUMBNESS),
    ("engourdi*|insensible*|fourmill* fesses|entrejambe|anus|parties|selle|perinee|sexe",
     F.SADDLE_NUMBNESS),
    ("deux jambes faible*|engourdi*|mortes|lourdes|lachent", F.BILATERAL_LEG_SYMPTOMS),
    ("faiblesse|engourdi*|fourmill* deux jambes", F.BILATERAL_LEG_SYMPTOMS),
    ("sciatique deux cotes|jambes", F.BILATERAL_LEG_SYMPTOMS),
    ("erection*|impuissan*", F.SEXUAL_DYSFUNCTION),
    ("pied|pieds|jambe|jambes|orteil* froid*|glace* blanc*|pale*|bleu*|gris*",
     F.ACUTE_LIMB_ISCHAEMIA),
    ("pied|pieds|jambe|jambes|orteil* blanc*|pale*|bleu* froid*|glace*", F.ACUTE_LIMB_ISCHAEMIA),
    ("sens|sent|peux|arrive plus bouger|sentir pied|pieds|jambe|jambes|orteil*",
     F.ACUTE_LIMB_ISCHAEMIA),
    ("sens|sent plus pied|pieds|jambe|jambes|orteil*", F.ACUTE_LIMB_ISCHAEMIA),
    ("pied tombant|traine|accroche|steppe", F.FOOT_DROP),
    ("faiblesse soudaine|brutale", F.SUDDEN_WEAKNESS),
    ("soudain*|brutal* faible*", F.SUDDEN_WEAKNESS),
    ("jambe|genou lache|derobe|dérobe", F.SUDDEN_WEAKNESS),
    ("engourdi* etend|monte|progresse|gagne|pire", F.SPREADING_NUMBNESS),
    ("pied|pieds|jambe|jambes|orteil* froid*|glace*", F.COLD_LIMB),
    ("pied|pieds|jambe|jambes|orteil* blanc*|pale*|bleu*|violet*|gris*", F.COLOUR_CHANGE),
    ("plaie|ulcere|blessure|ampoule cicatrise|guerit|referme pas|plus", F.NON_HEALING_SORE),
    ("plaie|ulcere|blessure ne cicatrise|guerit|referme", F.NON_HEALING_SORE),
    ("orteil*|pied|peau noir*|noirci*", F.FOOT_INFECTION),
    ("pus|suinte*|infect*", F.FOOT_INFECTION),
    ("fievre|temperature|frissons", F.FEVER),
    ("perdu|perte|maigri* poids|kilos|kg", F.WEIGHT_LOSS),
    ("maigri*", F.WEIGHT_LOSS),
)
PHRASE_LISTS = {"en": PHRASES_EN, "fr": PHRASES_FR}

APOSTROPHES = "'’‘`´ʼ"
# Words that normalise to one token so that phrases need one spelling.
JOINED = {("can", "not"): "cannot", ("ne", "pas"): "pas"}


def text_normalise(text: str) -> list[str]:
    """Lower-case words without accents or apostrophes: "I CAN’T Pée" is ``i cant pee``. An
    English contraction joins ("can't" is ``cant``); a French elision splits ("n'arrive" is
    ``n arrive``)."""
    text = unicodedata.normalize("NFKD", text.casefold())
    text = "".join(char for char in text if not unicodedata.combining(char))
    text = text.replace("œ", "oe").replace("æ", "ae")
    for mark in APOSTROPHES:
        text = text.replace(mark, "'")
    text = re.sub(r"(\w)'t\b", r"\1t", text)  # can't, won't, doesn't
    words = re.findall(r"[a-z0-9]+", text)
    joined: list[str] = []
    for word in words:
        if joined and (joined[-1], word) in JOINED:
            joined[-1] = JOINED[(joined[-1], word)]
        else:
            joined.append(word)
    return joined


@dataclass(frozen=True)
class Phrase:
    text: str
    red_flag: str
    language: str
    terms: tuple[tuple[str, ...], ...]

    def matches(self, words: list[str]) -> bool:
        """Whether the phrase's terms appear in order, each within ``MAX_GAP`` words of the
        previous one."""
        return any(self._from(words, start, 0) for start in range(len(words)))

    def _from(self, words: list[str], position: int, term: int) -> bool:
        if not _term_matches(self.terms[term], words[position]):
            return False
        if term == len(self.terms) - 1:
            return True
        return any(self._from(words, nxt, term + 1)
                   for nxt in range(position + 1, min(len(words), position + 2 + MAX_GAP)))


def _term_matches(alternatives: tuple[str, ...], word: str) -> bool:
    return any(word.startswith(alt[:-1]) if alt.endswith("*") else word == alt
               for alt in alternatives)


def _terms(text: str) -> tuple[tuple[str, ...], ...]:
    return tuple(tuple(" ".join(text_normalise(alt.rstrip("*"))) + ("*" if alt.endswith("*")
                                                                     else "")
                       for alt in term.split("|"))
                 for term in text.split(" "))


PHRASES = tuple(Phrase(text=text, red_flag=str(flag), language=language, terms=_terms(text))
                for language, phrases in PHRASE_LISTS.items() for text, flag in phrases)


@dataclass(frozen=True)
class TextRedFlag:
    """What a message's text calls for: the red flags it names, the most serious triage among
    them, and the report the patient is asked to file."""

    red_flags: tuple[str, ...]
    triage: Triage

    def as_json(self) -> dict:
        return {
            "red_flags": list(self.red_flags),
            "severity": str(self.triage.severity),
            "same_day": self.triage.same_day,
            "instruction": self.triage.instruction,
            # One tap on the phone files this symptom report (tracker's /symptoms/sync/).
            "file_report": {"kind": str(SymptomKind.NOTE), "red_flags": list(self.red_flags)},
        }


def text_red_flags(text: str) -> TextRedFlag | None:
    """The red flags a message's text names (any language of the lists), or None."""
    words = text_normalise(text or "")
    flags = sorted({phrase.red_flag for phrase in PHRASES if phrase.matches(words)})
    if not flags:
        return None
    triage = max((RED_FLAG_TRIAGE[flag] for flag in flags), key=triage_order)
    return TextRedFlag(red_flags=tuple(flags), triage=triage)
