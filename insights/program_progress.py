"""Progress of one exercise program, every outcome at its start and now, each judged against its
published MCID (issue 12): the progress tests (programs' own reads), the walking distances of
the patient's walks, and the questionnaires (WIQ and VascuQoL-6 for vascular patients, ODI and
ZCQ for spinal ones). It combines three record apps, so it lives here.

Walking distances are calibrated Kaplan-Meier medians (``core.stats.censored``), as in the
cohort table and the trends: the reference is the 28 local days before the program started, or,
when the patient logged no walk then, the program's first 14 days; the current value is the last
14 local days, or the last 14 days of the program once it has ended. No published MCID exists for
distances walked in daily life, so the change is set against the typical gains of supervised
exercise instead, and every answer says that these are not MCIDs.

A questionnaire's start is its last score in the 90 days up to the program's first day, else the
first within 2 weeks after (as for progress tests); the latest is the last since, up to 2 weeks
after the program ended.
"""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from accounts.models import PatientProfile, SuspectedCause
from core.postgres import rows_by_local_day
from core.stats.censored import Observation, km_median
from programs import mcid
from programs.models import ExerciseProgram, ProgramCause
from programs.outcome_selectors import BASELINE_GRACE_DAYS, FOLLOW_UP_GRACE_DAYS, program_progress
from programs.selectors import program_last_day
from questionnaires.models import Instrument, QuestionnaireResponse
from tracker.models import Walk

from .trends import PROGRAM_REFERENCE_DAYS

PROGRAM_FIRST_DAYS = 14
CURRENT_DAYS = 14
# A score from long before the program says little about its start.
QUESTIONNAIRE_LOOKBACK_DAYS = 90

# NOT MCIDs: the typical gains of supervised exercise therapy (SET) that the issue cites, in
# metres, attributed to the AHA/ACC 2016 guideline (Gerhard-Herman MD et al. Circulation
# 2017;135:e726-79) and the SET meta-analyses. We could NOT verify the figures (+81 m pain-free,
# +156 m maximal) in those sources: only abstracts could be read. The only anchor-based MIDs we
# found for walking distance are treadmill ones (van den Houten MML, Gommans LNM, van der Wees PJ,
# Teijink JAW, Maastricht University record: absolute claudication distance +305 m, functional
# claudication distance +250 m, after SET in the EXITPAD trial); they are for a graded treadmill
# test, not for walks in daily life, so they are not used here.
TYPICAL_SET_GAIN_M = {"pain_free_distance_m": 81, "max_walking_distance_m": 156}
TYPICAL_SET_GAIN_SOURCE = ("Typical gain after supervised exercise (issue 12, attributed to "
                           "AHA/ACC 2016 and SET meta-analyses; unverified). Not an MCID: none is "
                           "published for distances walked in daily life.")


@dataclass(frozen=True)
class ScoreMeasure:
    """One questionnaire score followed over a program."""

    measure: str
    instrument: str
    score_key: str  # the key in QuestionnaireResponse.scores
    higher_is_better: bool
    cause: str  # the patients it is asked of: vascular or neurogenic


SCORE_MEASURES = (
    ScoreMeasure("wiq_distance", Instrument.WIQ, "distance", True, ProgramCause.VASCULAR),
    ScoreMeasure("wiq_speed", Instrument.WIQ, "speed", True, ProgramCause.VASCULAR),
    ScoreMeasure("wiq_stairs", Instrument.WIQ, "stairs", True, ProgramCause.VASCULAR),
    ScoreMeasure("vascuqol6", Instrument.VASCUQOL6, "total", True, ProgramCause.VASCULAR),
    ScoreMeasure("odi_pct", Instrument.ODI, "percent", False, ProgramCause.NEUROGENIC),
    ScoreMeasure("zcq_symptom_severity", Instrument.ZCQ, "symptom_severity", False,
                 ProgramCause.NEUROGENIC),
    ScoreMeasure("zcq_physical_function", Instrument.ZCQ, "physical_function", False,
                 ProgramCause.NEUROGENIC),
)
SCORE_MEASURE_NAMES = [m.measure for m in SCORE_MEASURES]
WALKING_MEASURE_NAMES = list(TYPICAL_SET_GAIN_M)


def _mcid_shape(source_mcid: mcid.Mcid) -> dict[str, Any]:
    return {"small": source_mcid.small, "moderate": source_mcid.moderate,
            "large": source_mcid.large, "reached_at": None, "unit": source_mcid.unit,
            "source": source_mcid.source,
            "rule": "improvement of at least small / moderate / large"}


# The thresholds each score is judged by, in the shape every answer carries.
SCORE_THRESHOLDS: dict[str, dict[str, Any]] = {
    **dict.fromkeys(("wiq_distance", "wiq_speed", "wiq_stairs"), {
        "small": None, "moderate": None, "large": None, "reached_at": None, "unit": "points",
        "source": mcid.WIQ_SOURCE, "rule": "no verified MCID: the change is shown without a "
                                           "verdict"}),
    "vascuqol6": _mcid_shape(mcid.VASCUQOL6_MCID),
    "odi_pct": {"small": None, "moderate": None, "large": None,
                "reached_at": float(mcid.ODI_MCID_POINTS), "unit": "points",
                "source": mcid.OSTELO_2008,
                "rule": "reached: a fall of at least 10 points or 30 % of the start"},
    **dict.fromkeys(("zcq_symptom_severity", "zcq_physical_function"), {
        "small": None, "moderate": None, "large": None,
        "reached_at": float(mcid.ZCQ_MCID_POINTS), "unit": "points",
        "source": mcid.MINETAMA_2024, "rule": "reached: a fall of at least 0.5 points"}),
}


def program_cause(program: ExerciseProgram, profile: PatientProfile | None) -> str | None:
    """vascular or neurogenic: the template's cause, else the patient's recorded one; None when
    neither says (then every questionnaire is shown)."""
    template = program.template
    if template is not None and template.cause in (ProgramCause.VASCULAR, ProgramCause.NEUROGENIC):
        return template.cause
    if profile is not None and profile.suspected_cause in (SuspectedCause.VASCULAR,
                                                           SuspectedCause.NEUROGENIC):
        return profile.suspected_cause
    return None


# --- walking distances --------------------------------------------------------------------------

def _estimate(observations: list[Observation], first: date, last: date) -> dict | None:
    if not observations:
        return None
    result = km_median(observations)
    if result.value is None:
        return None
    return {"value": round(result.value, 1), "censored": not result.reached,
            "walks": len(observations), "from": first, "to": last}


def _walk_observations(program: ExerciseProgram, profile: PatientProfile | None, first: date,
                       last: date) -> list[tuple[date, Observation, Observation]]:
    """(local day, pain-free, maximal) of each live walk on local days ``first``..``last``,
    calibrated, in one query. Maximal distance is observed only when the walk stopped for pain."""
    zone = ZoneInfo(profile.time_zone if profile else "UTC")
    factor = profile.distance_calibration_factor if profile else 1.0
    walks = Walk.objects.filter(
        patient_id=program.patient_id, deleted_at__isnull=True,
        started_at__gte=datetime.combine(first, time.min, tzinfo=zone),
        started_at__lt=datetime.combine(last + timedelta(days=1), time.min, tzinfo=zone),
    ).order_by()
    rows = rows_by_local_day(walks, time_field="started_at", time_zone=zone.key,
                             columns=("distance_m", "pain_onset_m", "stopped_because"))
    return [(day,
             Observation(distance * factor, False) if onset is None
             else Observation(onset * factor, True),
             Observation(distance * factor, stopped == "pain"))
            for day, distance, onset, stopped in rows]


def _window(walks, first: date, last: date, index: int) -> dict | None:
    return _estimate([w[index] for w in walks if first <= w[0] <= last], first, last)


def _walking_measure(name: str, reference: dict | None, current: dict | None) -> dict[str, Any]:
    change, lower_bound = None, False
    # A reference that is itself a lower bound bounds nothing; a current one gives a lower bound.
    if reference and current and not reference["censored"]:
        change, lower_bound = round(current["value"] - reference["value"], 1), current["censored"]
    gain = TYPICAL_SET_GAIN_M[name]
    reached = None
    if change is not None:
        # "At least +50 m" says nothing about reaching +81 m; "at least +90 m" does.
        reached = True if change >= gain else (None if lower_bound else False)
    return {"measure": name, "unit": "m", "reference": reference, "current": current,
            "change": change, "change_is_lower_bound": lower_bound,
            "typical_gain": {"gain_m": gain, "reached": reached, "is_mcid": False,
                             "source": TYPICAL_SET_GAIN_SOURCE}}


def _walking(program: ExerciseProgram, profile: PatientProfile | None,
             today: date) -> tuple[list[dict], list[dict]]:
    """The two walking measures, and the per-week medians across the program (for the chart)."""
    start = program.started_on
    last_day = program_last_day(program=program)
    end = min(today, last_day) if last_day else today
    walks = _walk_observations(program, profile, start - timedelta(days=PROGRAM_REFERENCE_DAYS),
                               max(end, start + timedelta(days=PROGRAM_FIRST_DAYS - 1)))
    before = (start - timedelta(days=PROGRAM_REFERENCE_DAYS), start - timedelta(days=1))
    first_weeks = (start, start + timedelta(days=PROGRAM_FIRST_DAYS - 1))
    measures = []
    for index, name in ((1, "pain_free_distance_m"), (2, "max_walking_distance_m")):
        reference, reference_from = _window(walks, *before, index), "before_program"
        if reference is None:
            reference, reference_from = _window(walks, *first_weeks, index), "program_first_weeks"
        current = (_window(walks, max(start, end - timedelta(days=CURRENT_DAYS - 1)), end, index)
                   if end >= start else None)
        measures.append({**_walking_measure(name, reference, current),
                         "reference_from": reference_from if reference else None})
    weeks = []
    week_start, number = start, 1
    while week_start <= end:
        week_end = week_start + timedelta(days=6)
        weeks.append({"week": number, "starts_on": week_start, "ends_on": week_end,
                      "walks": sum(week_start <= w[0] <= week_end for w in walks),
                      "pain_free": _window(walks, week_start, week_end, 1),
                      "max_walking": _window(walks, week_start, week_end, 2)})
        week_start, number = week_end + timedelta(days=1), number + 1
    return measures, weeks


# --- questionnaires ------------------------------------------------------------------------------

def _score_value(response: QuestionnaireResponse, measure: ScoreMeasure) -> float | None:
    value = (response.scores or {}).get(measure.score_key)
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None  # not scored (too many answers missing) or scored before this key existed
    return float(value)


def _score_verdict(measure: ScoreMeasure, before: float, after: float,
                   improvement: float) -> str | None:
    if measure.instrument == Instrument.ODI:
        return mcid.odi_verdict(before=before, after=after)
    if measure.instrument == Instrument.ZCQ:
        return mcid.threshold_verdict(improvement=improvement, threshold=mcid.ZCQ_MCID_POINTS)
    if measure.instrument == Instrument.WIQ:
        return None  # no verified MCID (programs/mcid.py)
    return mcid.mcid_verdict(change=improvement, mcid=mcid.VASCUQOL6_MCID)


def _score_point(response: QuestionnaireResponse, value: float) -> dict[str, Any]:
    return {"response_id": response.pk, "answered_at": response.answered_at, "value": value}


def _score_measure(measure: ScoreMeasure, scored: list[tuple[date, QuestionnaireResponse, float]],
                   program: ExerciseProgram) -> dict[str, Any]:
    start = program.started_on
    before = [row for row in scored
              if start - timedelta(days=QUESTIONNAIRE_LOOKBACK_DAYS) <= row[0] <= start]
    after_start = [row for row in scored
                   if start < row[0] <= start + timedelta(days=BASELINE_GRACE_DAYS)]
    baseline = before[-1] if before else (after_start[0] if after_start else None)
    latest = None
    if baseline is not None:
        last_day = (program.ended_on + timedelta(days=FOLLOW_UP_GRACE_DAYS)
                    if program.ended_on else None)
        later = [row for row in scored if row[1].answered_at > baseline[1].answered_at
                 and (last_day is None or row[0] <= last_day)]
        latest = later[-1] if later else None
    change = improvement = verdict = None
    if baseline and latest:
        change = round(latest[2] - baseline[2], 2)
        improvement = change if measure.higher_is_better else -change
        verdict = _score_verdict(measure, baseline[2], latest[2], improvement)
    return {"measure": measure.measure, "instrument": measure.instrument,
            "higher_is_better": measure.higher_is_better,
            "baseline": _score_point(*baseline[1:]) if baseline else None,
            "latest": _score_point(*latest[1:]) if latest else None,
            "change": change, "improvement": improvement, "verdict": verdict,
            "mcid": SCORE_THRESHOLDS[measure.measure]}


def _questionnaires(program: ExerciseProgram, profile: PatientProfile | None,
                    cause: str | None) -> list[dict]:
    measures = [m for m in SCORE_MEASURES if cause is None or m.cause == cause]
    zone = ZoneInfo(profile.time_zone if profile else "UTC")
    responses = QuestionnaireResponse.objects.filter(
        patient_id=program.patient_id, deleted_at__isnull=True,
        instrument__in={m.instrument for m in measures},
    ).order_by("answered_at", "id").only("id", "instrument", "answered_at", "scores")
    by_instrument: dict[str, list[QuestionnaireResponse]] = {}
    for response in responses:
        by_instrument.setdefault(response.instrument, []).append(response)
    rows = []
    for measure in measures:
        scored = [(r.answered_at.astimezone(zone).date(), r, value)
                  for r in by_instrument.get(measure.instrument, [])
                  if (value := _score_value(r, measure)) is not None]
        rows.append(_score_measure(measure, scored, program))
    return rows


def program_outcomes(*, program: ExerciseProgram, today: date | None = None) -> dict[str, Any]:
    """Every outcome of ``program`` at its start and now, with its verdict: the progress tests
    (``measures``, as ``programs.outcome_selectors``), the walking distances against the typical
    SET gains (not MCIDs), the questionnaire scores for the patient's cause, and the weekly
    walking medians across the program."""
    profile = PatientProfile.objects.filter(user_id=program.patient_id).first()
    if today is None:
        today = profile.local_today() if profile else date.today()
    cause = program_cause(program, profile)
    walking, weeks = _walking(program, profile, today)
    return {"program": program, "cause": cause, "today": today,
            "measures": program_progress(program=program).measures,
            "walking": walking, "questionnaires": _questionnaires(program, profile, cause),
            "walking_weeks": weeks}

