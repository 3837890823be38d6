"""An alert's evidence as a clinician would say it: "Pain-free distance 108 m over the last 14
days, against 211 m in the 8 weeks before (−49 %, p < 0.001)", not "logrank z", "max p: 0" or a
list of record ids. The stored evidence keeps every number; this is how it is read out."""

from datetime import date
from typing import Any

from tracker.models import RedFlag, SymptomKind

from .models import AlertKind

MEASURE_WORDS = {"pain_free": "Pain-free distance", "max_walking": "Maximal walking distance"}
THRESHOLD_SOURCES = {"patient": "set for this patient", "clinic": "the clinic's",
                     "default": "the default"}
PATTERN_WORDS = {"neurogenic_like": "neurogenic-like (spinal)", "vascular_like": "vascular-like",
                 "mixed": "undecided between spinal and arterial", "both": "both spinal and "
                 "arterial", "not_enough_data": "not enough walks to say"}


def _day(text: str | None) -> str:
    try:
        day = date.fromisoformat(str(text)[:10])
    except ValueError:
        return str(text)
    return f"{day.day} {day:%b %Y}"


def _p_value(p: float | None) -> str:
    if p is None:
        return ""
    return "p < 0.001" if p < 0.001 else f"p = {p:.3f}".rstrip("0").rstrip(".")


def _metres(value: Any, reached: bool = True) -> str:
    if value is None:
        return "—"
    return f"{'at least ' if not reached else ''}{float(value):.0f} m"


def _decline(evidence: dict) -> list[str]:
    baseline, recent = evidence.get("baseline") or {}, evidence.get("recent") or {}
    measure = MEASURE_WORDS.get(evidence.get("measure"), "Walking distance")
    windows = evidence.get("windows") or {}
    recent_days = windows.get("recent") or []
    change = evidence.get("drop_pct")
    # Alerts raised before the tests were reworked keep "logrank_p_one_sided" in their evidence.
    steady = evidence.get("reason") == "declining steadily"
    both = len(evidence.get("measures_tested") or ()) == 2
    p_text = _p_value(evidence.get("trend_p_one_sided") if steady else
                      evidence.get("shift_p_one_sided", evidence.get("logrank_p_one_sided")))
    detail = ", ".join(part for part in (
        f"−{change:.0f} %" if isinstance(change, (int, float)) and change >= 0 else
        (f"+{-change:.0f} %" if isinstance(change, (int, float)) else ""),
        p_text + (" on both distances" if p_text and both else ""),
        "a steady fall over 10 weeks" if steady else "",
    ) if part)
    now_m = _metres(recent.get("median_m"), recent.get("median_reached", True))
    before_m = _metres(baseline.get("median_m"), baseline.get("median_reached", True))
    during = (f" ({_day(recent_days[0])} to {_day(recent_days[1])})"
              if len(recent_days) == 2 else "")
    lines = [f"{measure} {now_m} over the last 14 days{during}, against {before_m} in the 8 weeks "
             f"before" + (f" ({detail})" if detail else "") + "."]
    if recent.get("walks") is not None:
        lines.append(f"{recent['walks']} walks in the last 14 days ({recent.get('censored', 0)} "
                     f"ended before the event), {baseline.get('walks', 0)} in the 8 weeks before.")
    if evidence.get("threshold_pct") is not None:
        lines.append(f"Alert threshold {evidence['threshold_pct']:g} % "
                     f"({THRESHOLD_SOURCES.get(evidence.get('threshold_source'), 'the default')}).")
    after = evidence.get("after_procedure")
    if after:
        lines.append(f"Judged on the walks after the {after['procedure'].lower()} of "
                     f"{_day(after['performed_at'])}, from {_day(after['settles_at'])}.")
    if evidence.get("reason") and evidence.get("reason") not in ("declined", "declining steadily"):
        lines.append(f"Not alerting: {evidence['reason']}.")
    return lines


def _red_flags(evidence: dict) -> list[str]:
    flags = [RedFlag(flag).label.lower() if flag in RedFlag.values else str(flag)
             for flag in evidence.get("red_flags") or []]
    kinds = [SymptomKind(kind).label.lower() if kind in SymptomKind.values else str(kind)
             for kind in evidence.get("symptom_kinds") or []]
    stored = len(evidence.get("symptom_report_ids") or [])
    refused = len(evidence.get("rejected_report_ids") or [])
    lines = []
    if flags:
        lines.append("Reported: " + "; ".join(flags) + ".")
    if kinds:
        lines.append("Symptoms: " + ", ".join(kinds) + ".")
    count = f"{stored} report{'s' if stored != 1 else ''}"
    if refused:
        count += f", and {refused} refused for another field (its red flag still counts)"
    lines.append(f"From {count}.")
    if evidence.get("same_day"):
        lines.append("The patient was told to act today.")
    return lines


def _limb_threat(evidence: dict) -> list[str]:
    lines = [f"{reason[0].upper()}{reason[1:]}." for reason in evidence.get("reasons") or []]
    days = evidence.get("rest_pain_days") or []
    if days:
        lines.append("Rest pain on " + ", ".join(_day(day) for day in days) + ".")
    return lines


def _pattern(evidence: dict) -> list[str]:
    words = PATTERN_WORDS.get(evidence.get("pattern_class"), evidence.get("pattern_class"))
    probability = evidence.get("posterior_neurogenic")
    line = f"Walking pattern {words}"
    if isinstance(probability, (int, float)):
        line += f", probability of a spinal cause {probability:.2f}"
    if evidence.get("window_start") and evidence.get("window_end"):
        line += f", from {_day(evidence['window_start'])} to {_day(evidence['window_end'])}"
    lines = [line + "."]
    lines += [f"{reason[0].upper()}{reason[1:]}." for reason in evidence.get("reasons") or []
              if isinstance(reason, str) and reason]
    return lines


def _silence(evidence: dict) -> list[str]:
    lines = [f"No walk logged since {_day(evidence.get('last_walk_at'))}; "
             f"{evidence.get('walks_in_4_weeks_before', 0)} walks in the 4 weeks before."]
    if evidence.get("after_decline"):
        lines.append("The walking distance was falling before the walks stopped.")
    return lines


def _exercise_stop(evidence: dict) -> list[str]:
    reasons = ", ".join(str(r).replace("_", " ") for r in evidence.get("stop_reasons") or [])
    line = f"Supervised exercise stopped early for {reasons}"
    if evidence.get("performed_on"):
        line += f" on {_day(evidence['performed_on'])}"
    if isinstance(evidence.get("heart_rate_bpm"), int):
        line += f", heart rate {evidence['heart_rate_bpm']} per minute"
    return [line + "."]


def _adherence(evidence: dict) -> list[str]:
    lines = []
    missed = evidence.get("missed_in_a_row")
    if isinstance(missed, int) and missed:
        since = evidence.get("missed_since")
        lines.append(f"{missed} planned session{'s' if missed != 1 else ''} missed or skipped in "
                     f"a row" + (f", since {_day(since)}" if since else "") + ".")
    planned, done = evidence.get("recent_sessions_planned"), evidence.get("recent_sessions_done")
    if isinstance(planned, int) and planned:
        pct = evidence.get("recent_adherence_pct")
        lines.append(f"{done} of {planned} planned sessions done in the last 2 weeks"
                     + (f" ({pct:g} %)" if isinstance(pct, (int, float)) else "")
                     + f", {_day(evidence.get('recent_first_day'))} to "
                       f"{_day(evidence.get('recent_last_day'))}.")
    return lines


READERS = {
    AlertKind.PAIN_FREE_DISTANCE_DECLINE: _decline,
    AlertKind.MAX_WALKING_DISTANCE_DECLINE: _decline,
    AlertKind.LIMB_THREAT: _limb_threat,
    AlertKind.NEUROGENIC_PATTERN: _pattern,
    AlertKind.SILENCE: _silence,
    AlertKind.EXERCISE_SESSION_RED_FLAG: _exercise_stop,
    AlertKind.EXERCISE_ADHERENCE_LOW: _adherence,
}


def evidence_sentences(kind: str, evidence: dict | None) -> list[str]:
    """The evidence of an alert of ``kind`` in plain clinical sentences."""
    if not isinstance(evidence, dict) or not evidence:
        return []
    if kind.startswith("red_flag_"):
        return _red_flags(evidence)
    reader = READERS.get(kind)
    try:
        return reader(evidence) if reader else []
    except (KeyError, TypeError, ValueError, AttributeError):  # an older evidence shape
        return []


# A few words per kind for one table cell ("Possible cauda equina"); the title says it in full.
SHORT_LABELS = {
    AlertKind.RED_FLAG_CAUDA_EQUINA: "Possible cauda equina",
    AlertKind.RED_FLAG_ACUTE_LIMB_ISCHAEMIA: "Possible acute limb ischaemia",
    AlertKind.RED_FLAG_NERVE_ROOT: "New neurological deficit",
    AlertKind.RED_FLAG_LIMB_THREAT: "Sign of limb threat",
    AlertKind.RED_FLAG_SYSTEMIC: "Back pain with systemic signs",
    AlertKind.PAIN_FREE_DISTANCE_DECLINE: "Pain-free distance",
    AlertKind.MAX_WALKING_DISTANCE_DECLINE: "Maximal walking distance",
    AlertKind.NEUROGENIC_PATTERN: "Pattern disagrees with cause",
    AlertKind.LIMB_THREAT: "Progression to limb threat",
    AlertKind.SILENCE: "No walks lately",
    AlertKind.EXERCISE_SESSION_RED_FLAG: "Exercise stopped for a red flag",
    AlertKind.EXERCISE_ADHERENCE_LOW: "Exercise sessions missed",
}
DECLINES = (AlertKind.PAIN_FREE_DISTANCE_DECLINE, AlertKind.MAX_WALKING_DISTANCE_DECLINE)


def alert_short_label(kind: str, drop_pct: Any = None) -> str:
    """The alert's kind in a few words, a decline with its size: "Pain-free distance −49 %"."""
    label = SHORT_LABELS.get(kind) or str(kind).replace("_", " ").capitalize()
    if kind in DECLINES and isinstance(drop_pct, (int, float)) and drop_pct >= 0:
        label += f" −{drop_pct:.0f}\u00a0%"  # the number and its sign never split
    return label
