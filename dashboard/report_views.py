"""The end-of-program report (issue 12): one printable page per exercise program with the dose
delivered against the dose prescribed, each outcome before and after with its MCID verdict, and
the walking-distance chart across the program. For clinicians and the coordinators of the
patient's care teams; outside them, 404."""

from datetime import datetime
from typing import Any
from zoneinfo import ZoneInfo

from django.http import Http404
from django.shortcuts import render
from django.views.decorators.http import require_safe

from audit.services import audit_event_record
from insights.program_progress import program_outcomes
from programs.selectors import (
    GUIDELINE_MINUTES_PER_SESSION,
    GUIDELINE_SESSIONS_PER_WEEK,
    GUIDELINE_WEEKS,
    program_adherence,
    program_days,
    program_last_day,
    programs_visible_to,
)

from .access import carer_required
from .report_chart import walking_chart

WEEKDAY_NAMES = {1: "Mon", 2: "Tue", 3: "Wed", 4: "Thu", 5: "Fri", 6: "Sat", 7: "Sun"}
VERDICT_LABELS = {"not_reached": "Not reached", "small": "Small", "moderate": "Moderate",
                  "large": "Large", "reached": "Reached"}
LABELS = {
    "claudication_onset_s": "Claudication onset time, treadmill",
    "peak_walking_s": "Peak walking time, treadmill",
    "six_minute_walk_m": "6-minute walk distance",
    "pain_free_distance_m": "Pain-free walking distance, daily walks",
    "max_walking_distance_m": "Maximal walking distance, daily walks",
    "wiq_distance": "WIQ distance score",
    "wiq_speed": "WIQ speed score",
    "wiq_stairs": "WIQ stair-climbing score",
    "vascuqol6": "VascuQoL-6",
    "odi_pct": "Oswestry Disability Index, %",
    "zcq_symptom_severity": "ZCQ symptom severity",
    "zcq_physical_function": "ZCQ physical function",
}


def _number(value, unit: str = "") -> str:
    if value is None:
        return "—"
    text = f"{value:,.0f}" if float(value).is_integer() or abs(value) >= 100 else f"{value:,.2f}"
    text = text.rstrip("0").rstrip(".") if "." in text else text
    return f"{text} {unit}".strip()


def _signed(value, unit: str, lower_bound: bool = False) -> str:
    if value is None:
        return "—"
    return f"{'≥ ' if lower_bound else ''}{'+' if value > 0 else ''}{_number(value, unit)}"


def _thresholds(mcid: dict) -> str:
    if mcid.get("reached_at") is not None:
        return mcid["rule"].removeprefix("reached: ")
    steps = [f"{name} {mcid[name]:g}" for name in ("small", "moderate", "large")
             if mcid[name] is not None]
    return f"{', '.join(steps)} {mcid['unit']}" if steps else "none verified"


def _day(at: datetime, zone: ZoneInfo) -> str:
    """The patient's local day of ``at``, e.g. "26 Feb"."""
    local = at.astimezone(zone)
    return f"{local.day} {local:%b}"


def _days(window: dict | None) -> str | None:
    """A walking window's local days, e.g. "2 Feb-1 Mar"."""
    if not window:
        return None
    return f"{window['from'].day} {window['from']:%b}–{window['to'].day} {window['to']:%b}"


def _test_rows(measures, zone: ZoneInfo) -> list[dict[str, Any]]:
    rows = []
    for m in measures:
        rows.append({
            "measure": m.measure, "label": LABELS[m.measure],
            "before": _number(m.baseline.value, m.unit) if m.baseline else "—",
            "before_on": _day(m.baseline.performed_at, zone) if m.baseline else None,
            "after": (("≥ " if m.latest.censored else "") + _number(m.latest.value, m.unit))
            if m.latest else "—",
            "after_on": _day(m.latest.performed_at, zone) if m.latest else None,
            "change": _signed(m.change, m.unit, m.change_is_lower_bound),
            "verdict": m.verdict, "verdict_label": VERDICT_LABELS.get(m.verdict),
            "thresholds": _thresholds({"small": m.mcid.small, "moderate": m.mcid.moderate,
                                       "large": m.mcid.large, "unit": m.mcid.unit}),
            "source": m.mcid.source, "is_mcid": True})
    return rows


def _window_text(estimate: dict | None) -> str:
    if not estimate:
        return "—"
    return f"{'≥ ' if estimate['censored'] else ''}{round(estimate['value']):,} m"


def _walking_rows(walking) -> list[dict[str, Any]]:
    rows = []
    for w in walking:
        gain = w["typical_gain"]
        reached = gain["reached"]
        rows.append({
            "measure": w["measure"], "label": LABELS[w["measure"]],
            "before": _window_text(w["reference"]),
            "before_on": _days(w["reference"]),
            "after": _window_text(w["current"]),
            "after_on": _days(w["current"]),
            "change": _signed(None if w["change"] is None else round(w["change"]), "m",
                              w["change_is_lower_bound"]),
            "verdict": None if reached is None else ("reached" if reached else "not_reached"),
            "verdict_label": None if reached is None else (
                "Typical gain reached" if reached else "Below typical gain"),
            "thresholds": f"typical SET gain +{gain['gain_m']} m (not an MCID)",
            "source": gain["source"], "is_mcid": False})
    return rows


def _score_rows(questionnaires, zone: ZoneInfo) -> list[dict[str, Any]]:
    rows = []
    for q in questionnaires:
        label = LABELS[q["measure"]] + ("" if q["higher_is_better"] else " (lower is better)")
        rows.append({
            "measure": q["measure"], "label": label,
            "before": _number(q["baseline"]["value"]) if q["baseline"] else "—",
            "before_on": _day(q["baseline"]["answered_at"], zone) if q["baseline"] else None,
            "after": _number(q["latest"]["value"]) if q["latest"] else "—",
            "after_on": _day(q["latest"]["answered_at"], zone) if q["latest"] else None,
            "change": _signed(q["change"], ""),
            "verdict": q["verdict"], "verdict_label": VERDICT_LABELS.get(q["verdict"]),
            "thresholds": _thresholds(q["mcid"]), "source": q["mcid"]["source"],
            "is_mcid": True,
            "thresholds_missing": q["mcid"]["reached_at"] is None and q["mcid"]["large"] is None})
    return rows


def _finish(rows: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[str]]:
    """Number each row's source (each source once, in order of use) and say why a row without
    a verdict has none."""
    sources: list[str] = []
    for row in rows:
        if row["source"] not in sources:
            sources.append(row["source"])
        row["source_number"] = sources.index(row["source"]) + 1
        if row["before"] == "—":
            row["missing"] = "no value at the start"
        elif row["after"] == "—":
            row["missing"] = "no value since"
        elif row["change"] == "—":
            row["missing"] = "the start is a lower bound"
        elif row.get("thresholds_missing"):
            row["missing"] = "no verified MCID"
        else:
            row["missing"] = "cannot say: a lower bound below the threshold"
    return rows, sources


def _dose_prescribed(program) -> dict[str, Any]:
    days = ", ".join(WEEKDAY_NAMES[d] for d in program_days(program=program))
    minutes = (f"{program.minutes_per_session} rising to {program.minutes_per_session_final}"
               if program.minutes_per_session_final
               and program.minutes_per_session_final != program.minutes_per_session
               else str(program.minutes_per_session))
    return {"sessions_per_week": program.sessions_per_week, "days": days, "minutes": minutes,
            "weeks": program.weeks, "last_day": program_last_day(program=program)}


def _pct(done: int, planned: int) -> int | None:
    return round(100 * done / planned) if planned else None


@require_safe
@carer_required
def program_report(request, program_id):
    """One printable page (A4, print CSS) summing up a program for the patient's record."""
    program = programs_visible_to(user=request.user).select_related(
        "patient__patient_profile", "template").filter(pk=program_id).first()
    if program is None:
        raise Http404("No such program.")
    audit_event_record(actor=request.user, patient_ids=[program.patient_id], target=program,
                       action="dashboard.program_report")
    outcomes = program_outcomes(program=program)
    adherence = program_adherence(program=program, today=outcomes["today"])
    walking = {w["measure"]: w for w in outcomes["walking"]}
    weeks_by_number = {w["week"]: w for w in outcomes["walking_weeks"]}
    week_rows = [{"adherence": week, "walking": weeks_by_number.get(week.week)}
                 for week in adherence.weeks]
    zone = ZoneInfo(program.patient.patient_profile.time_zone)
    rows, sources = _finish(_test_rows(outcomes["measures"], zone)
                            + _walking_rows(outcomes["walking"])
                            + _score_rows(outcomes["questionnaires"], zone))
    totals = {name: adherence.total(name) for name in (
        "sessions_planned", "sessions_done", "sessions_skipped", "sessions_missed",
        "minutes_planned", "minutes_done")}
    return render(request, "dashboard/program_report.html", {
        "program": program, "patient": program.patient,
        "profile": program.patient.patient_profile, "outcomes": outcomes,
        "prescribed": _dose_prescribed(program), "adherence": adherence,
        "week_rows": week_rows, "totals": totals,
        "sessions_pct": _pct(totals["sessions_done"], totals["sessions_planned"]),
        "minutes_pct": _pct(totals["minutes_done"], totals["minutes_planned"]),
        "guideline": {"sessions": GUIDELINE_SESSIONS_PER_WEEK,
                      "minutes": GUIDELINE_MINUTES_PER_SESSION, "weeks": GUIDELINE_WEEKS},
        "rows": rows, "sources": sources,
        "chart": walking_chart(outcomes["walking_weeks"], {
            "pain_free": walking["pain_free_distance_m"]["reference"],
            "max_walking": walking["max_walking_distance_m"]["reference"]}),
        "section": "programs",
    })
