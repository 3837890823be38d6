"""Shapes data for the pages' charts: sparkline coordinates drawn server-side, and the data
island the patient chart script reads (the same numbers also fill the table beside it)."""

import math
from datetime import date
from typing import Any

SPARK_PAD = 3
PROGRAM_EVENT_WORDS = {"program_start": "exercise program starts",
                       "program_end": "exercise program ends"}


# Every row's sparkline is drawn on the same scale, so shapes and levels compare down the list:
# metres on a log scale, 20 m to 2,000 m. Log rather than change against baseline because a
# new patient has no baseline yet (the baseline is the first 28 days of walks) and would show
# nothing, and because a log axis gives a halving the same height at 100 m as at 800 m, the
# way a clinician reads a decline. Values outside are clamped to the edge and marked.
SPARK_LOW_M = 20.0
SPARK_HIGH_M = 2000.0


def _log_share(value: float) -> tuple[float, bool]:
    """Where ``value`` metres sits between the shared limits (0 bottom, 1 top), and whether it
    had to be clamped."""
    clamped = min(max(value, SPARK_LOW_M), SPARK_HIGH_M)
    share = (math.log10(clamped) - math.log10(SPARK_LOW_M)) / (
        math.log10(SPARK_HIGH_M) - math.log10(SPARK_LOW_M))
    return share, clamped != value


def sparkline_points(values: list[float | None], *, width: int, height: int,
                     censored: list[bool | None] | None = None) -> dict[str, Any] | None:
    """SVG coordinates for ``values`` (None: a day without walks) on the shared log scale:
    "x,y" of each known value, by its day, joined across the empty days, the last point, the
    lower bounds (``censored`` days) and the values clamped at an edge. Higher values are drawn
    higher. None when there is no value at all."""
    known = [(index, v) for index, v in enumerate(values) if v is not None]
    if not known:
        return None
    censored = list(censored or [])
    step = (width - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    points, bounds, clipped = [], [], []
    for index, value in known:
        x = round(SPARK_PAD + index * step, 1)
        share, was_clamped = _log_share(value)
        point = (x, round(height - SPARK_PAD - share * (height - 2 * SPARK_PAD), 1))
        points.append(point)
        if index < len(censored) and censored[index]:
            bounds.append(point)
        if was_clamped:
            clipped.append(point)
    last = points[-1]
    if len(points) == 1:  # a lone point has no line: a tiny dash shows it
        points.append((points[0][0] + 1, points[0][1]))
    return {"runs": [[f"{x},{y}" for x, y in points]], "last": last, "bounds": bounds,
            "clipped": clipped}


def sparkline_gridlines(*, height: int) -> list[tuple[int, float]]:
    """The y of the 100 m and 1,000 m lines drawn faintly behind every sparkline."""
    return [(metres, round(height - SPARK_PAD - _log_share(metres)[0] * (height - 2 * SPARK_PAD),
                           1)) for metres in (100, 1000)]


def _value(estimate: dict | None) -> float | None:
    return None if estimate is None else estimate["value"]


def _censored(estimate: dict | None) -> bool:
    return bool(estimate and estimate["censored"])


def _bucket_index(buckets: list[dict], day: str) -> int | None:
    """The index of the bucket whose local days hold ``day`` (ISO dates compare as text)."""
    for index, row in enumerate(buckets):
        if row["start"] <= day <= row["end"]:
            return index
    return None


def _position(buckets: list[dict], day: str, *, end_of_day: bool = False) -> float | None:
    """Where local ``day`` falls on the chart's x axis, in bucket indexes: bucket ``i`` is drawn
    at ``i`` and covers ``i - 0.5`` to ``i + 0.5``, its days in equal parts. ``end_of_day``: the
    end of that day rather than its start. None outside the buckets."""
    index = _bucket_index(buckets, day)
    if index is None:
        return None
    start = date.fromisoformat(buckets[index]["start"])
    length = (date.fromisoformat(buckets[index]["end"]) - start).days + 1
    offset = (date.fromisoformat(day) - start).days + (1 if end_of_day else 0)
    return round(index - 0.5 + offset / length, 3)


def _program_marks(trends: dict[str, Any]) -> tuple[list[dict], list[dict]]:
    """Program starts and ends as vertical marks, and planned pauses as spans, clipped to the
    chart's buckets (a pause that began before the window starts at its left edge)."""
    buckets = trends["buckets"]
    if not buckets:
        return [], []
    left, right = -0.5, len(buckets) - 0.5
    marks, spans = [], []
    for note in trends["annotations"]:
        if note["kind"] in ("program_start", "program_end"):
            # A start is drawn where its day begins, an end where its day is over.
            at = _position(buckets, note["date"], end_of_day=note["kind"] == "program_end")
            if at is not None:
                marks.append({"at": at, "kind": note["kind"], "date": note["date"],
                              "label": note["label"]})
        elif note["kind"] == "program_pause":
            starts = (_position(buckets, note["starts_on"])
                      if note["starts_on"] >= buckets[0]["start"] else left)
            ends = (_position(buckets, note["ends_on"], end_of_day=True)
                    if note["ends_on"] <= buckets[-1]["end"] else right)
            if starts is not None and ends is not None:
                spans.append({"from": starts, "to": ends, "starts_on": note["starts_on"],
                              "ends_on": note["ends_on"], "reason": note["reason"],
                              "label": note["label"]})
    return marks, spans


# The y axis ends a quarter above the 90th percentile of the chart's medians, so one early
# 1,198 m walk does not flatten six months of 150-300 m; the values above are drawn at the top
# edge with their number. Only when the highest value is well beyond that (1.5 times): a steady
# climb keeps its whole axis. These are display choices, not clinical figures.
Y_QUANTILE = 0.9
Y_HEADROOM = 1.25
Y_CLIP_ONLY_BEYOND = 1.5
Y_MIN_VALUES = 5


def _quantile(sorted_values: list[float], q: float) -> float:
    """Linear-interpolation quantile of already sorted values (numpy's default method)."""
    at = q * (len(sorted_values) - 1)
    low = math.floor(at)
    high = min(low + 1, len(sorted_values) - 1)
    return sorted_values[low] + (sorted_values[high] - sorted_values[low]) * (at - low)


def robust_y_limit(values: list[float | None], *, floor_m: float | None = None) -> float | None:
    """The top of the y axis in metres, or None to let the chart fit every value (too few
    values, or none far out). ``floor_m``: the axis reaches at least this (the baseline band)."""
    known = sorted(v for v in values if v is not None)
    if len(known) < Y_MIN_VALUES:
        return None
    limit = max(_quantile(known, Y_QUANTILE) * Y_HEADROOM, (floor_m or 0) * Y_HEADROOM)
    if known[-1] <= limit * Y_CLIP_ONLY_BEYOND:
        return None
    return float(math.ceil(limit / 50) * 50)  # a round number of metres for the top tick


def trend_chart_data(trends: dict[str, Any]) -> dict[str, Any]:
    """What the patient chart draws, one entry per bucket; read by dashboard/patient_chart.js.

    Medians are Kaplan-Meier estimates; a ``censored`` one is a lower bound ("at least").
    """
    buckets = trends["buckets"]
    band = None
    if trends["baseline"]:
        pain_free = trends["baseline"]["pain_free_distance_m"]
        band = {key: _value(pain_free[key]) for key in ("q25", "median", "q75")}
        band.update(since=trends["baseline"]["from"], until=trends["baseline"]["to"])
    marks, pauses = _program_marks(trends)
    alerts = []
    for note in trends["annotations"]:
        if note["kind"] != "alert":
            continue
        index = _bucket_index(buckets, note["date"])
        if index is not None:
            alerts.append({"index": index, "date": note["date"], "label": note["label"],
                           "severity": note["severity"], "status": note["status"]})
    pain_free_m = [_value(row["pain_free_distance_m"]) for row in buckets]
    max_walking_m = [_value(row["max_walking_distance_m"]) for row in buckets]
    y_max = robust_y_limit(pain_free_m + max_walking_m, floor_m=band and band.get("q75"))
    outliers = [] if y_max is None else [
        {"series": series, "index": index, "value": value}
        for series, line in (("pain_free_m", pain_free_m), ("max_walking_m", max_walking_m))
        for index, value in enumerate(line) if value is not None and value > y_max]
    return {
        "bucket": trends["bucket"],
        "y_max_m": y_max,
        "outliers": outliers,
        "labels": [row["start"] for row in buckets],
        "walks": [row["walks"] for row in buckets],
        "pain_free_m": pain_free_m,
        "pain_free_censored": [_censored(row["pain_free_distance_m"]) for row in buckets],
        "max_walking_m": max_walking_m,
        "max_walking_censored": [_censored(row["max_walking_distance_m"]) for row in buckets],
        "baseline": band,
        "alerts": alerts,
        "program_marks": marks,
        "pauses": pauses,
    }


def trend_table(trends: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart's numbers as table rows (the accessible alternative and the printed summary)."""
    buckets = trends["buckets"]
    alerts_by_index: dict[int, list[str]] = {}
    program_by_index: dict[int, list[str]] = {}
    for note in trends["annotations"]:
        if note["kind"] == "alert":
            index = _bucket_index(buckets, note["date"])
            if index is not None:
                alerts_by_index.setdefault(index, []).append(note["label"])
        elif note["kind"] in PROGRAM_EVENT_WORDS:
            index = _bucket_index(buckets, note["date"])
            if index is not None:
                program_by_index.setdefault(index, []).append(
                    f"{PROGRAM_EVENT_WORDS[note['kind']]} {note['date']}")
        elif note["kind"] == "program_pause":
            for index, row in enumerate(buckets):
                if row["start"] <= note["ends_on"] and row["end"] >= note["starts_on"]:
                    program_by_index.setdefault(index, []).append(
                        f"program paused {note['starts_on']} to {note['ends_on']} "
                        f"({note['reason']})")
    return [
        {
            "start": row["start"], "end": row["end"], "walks": row["walks"],
            "walks_without_pain": row["walks_without_pain"],
            "pain_free": row["pain_free_distance_m"],
            "max_walking": row["max_walking_distance_m"],
            "change_pct": row["change_vs_baseline_pct"],
            "alerts": alerts_by_index.get(index, []),
            "program": program_by_index.get(index, []),
        }
        for index, row in enumerate(buckets)
    ]
