"""A message that names a red flag is answered at once with the red-flag report's instruction;
matching errs on the side of asking, and everyday messages do not ask."""

import pytest

from messaging.red_flag_phrases import PHRASES, text_normalise, text_red_flags
from tracker.models import RedFlag
from tracker.red_flags import RED_FLAG_TRIAGE


def _example(phrase) -> str:
    """A sentence made of each term's first spelling (``numb*`` as "numb"), as a patient types."""
    return " ".join(term[0].rstrip("*") for term in phrase.terms)


@pytest.mark.parametrize("phrase", PHRASES, ids=[f"{p.language}:{p.text}" for p in PHRASES])
def test_every_listed_phrase_asks_for_its_red_flag(phrase):
    found = text_red_flags(f"Hello, {_example(phrase)}.")
    assert found is not None
    assert phrase.red_flag in found.red_flags


def test_every_phrase_names_a_red_flag_with_a_triage():
    assert {phrase.red_flag for phrase in PHRASES} <= set(RED_FLAG_TRIAGE)
    # Every red flag can be reached from the text in both languages but the legacy one.
    for language in ("en", "fr"):
        named = {phrase.red_flag for phrase in PHRASES if phrase.language == language}
        missing = set(RedFlag.values) - named - {RedFlag.FEVER_WEIGHT_LOSS,
                                                 RedFlag.RECTAL_SENSATION_LOSS}
        assert not missing, (language, missing)


@pytest.mark.parametrize(("text", "flag"), [
    ("can't pee", RedFlag.URINARY_RETENTION),
    ("numb between my legs", RedFlag.SADDLE_NUMBNESS),
    ("foot cold and white", RedFlag.ACUTE_LIMB_ISCHAEMIA),
])
def test_the_issues_examples_ask(text, flag):
    assert flag in text_red_flags(text).red_flags


@pytest.mark.parametrize(("text", "flag"), [
    ("I CAN’T PEE since this morning!!", RedFlag.URINARY_RETENTION),  # capitals, curly ’
    ("i cant pee", RedFlag.URINARY_RETENTION),  # no apostrophe
    ("I can not really pee", RedFlag.URINARY_RETENTION),  # "can not", a word between
    ("It has been hard to wee all day", RedFlag.URINARY_RETENTION),
    ("Numbness right between both my legs", RedFlag.SADDLE_NUMBNESS),
    ("I can't feel anything between my legs", RedFlag.SADDLE_NUMBNESS),
    ("My left foot went cold and very white an hour ago", RedFlag.ACUTE_LIMB_ISCHAEMIA),
    ("white and cold toes", RedFlag.ACUTE_LIMB_ISCHAEMIA),
    ("my foot keeps dragging", RedFlag.FOOT_DROP),
    ("my leg suddenly gave way", RedFlag.SUDDEN_WEAKNESS),
    ("the sore on my heel won't heal", RedFlag.NON_HEALING_SORE),
    ("Je n’arrive pas à uriner", RedFlag.URINARY_RETENTION),
    ("J'ai du mal à uriner", RedFlag.URINARY_RETENTION),
    ("Engourdissement entre les jambes", RedFlag.SADDLE_NUMBNESS),
    ("Mon pied est froid et tout blanc", RedFlag.ACUTE_LIMB_ISCHAEMIA),
    ("PIED GLACÉ ET BLEU", RedFlag.ACUTE_LIMB_ISCHAEMIA),  # capitals and accents
    ("j'ai de la fièvre et mal au dos", RedFlag.FEVER),
])
def test_near_misses_still_ask(text, flag):
    found = text_red_flags(text)
    assert found is not None, text
    assert flag in found.red_flags


@pytest.mark.parametrize("text", [
    "Walked 2 km today, felt fine.",
    "Thank you, see you next week!",
    "My calf hurts after 300 m, as usual.",
    "Can I take my tablets before the walk?",
    "I cannot walk this week, I'm on holiday.",
    "Je marche mieux cette semaine, merci.",
    "Bonjour docteur, tout va bien.",
    "",
])
def test_everyday_messages_do_not_ask(text):
    assert text_red_flags(text) is None


def test_the_most_serious_instruction_is_given_and_the_report_to_file_is_named():
    found = text_red_flags("My foot is cold and white")
    # Cold and white together is acute limb ischaemia (emergency), not the 24-hour limb threat.
    assert found.triage == RED_FLAG_TRIAGE[RedFlag.ACUTE_LIMB_ISCHAEMIA]
    answer = found.as_json()
    assert answer["severity"] == "emergency"
    assert answer["instruction"] == RED_FLAG_TRIAGE[RedFlag.ACUTE_LIMB_ISCHAEMIA].instruction
    assert answer["file_report"]["kind"] == "note"
    assert RedFlag.ACUTE_LIMB_ISCHAEMIA in answer["file_report"]["red_flags"]


def test_normalising_treats_case_accents_and_apostrophes_alike():
    assert text_normalise("I CAN’T Pée") == text_normalise("i can't pee") == ["i", "cant", "pee"]
    assert text_normalise("Je n’arrive pas") == ["je", "n", "arrive", "pas"]
