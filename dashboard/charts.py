"""Shapes data for the pages' charts: sparkline coordinates drawn server-side, and the data
island the patient chart script reads (the same numbers also fill the table beside it)."""

from typing import Any

SPARK_PAD = 3


def sparkline_points(values: list[float | None], *, width: int,
                     height: int) -> dict[str, Any] | None:
    """SVG coordinates for ``values`` (None: a day without walks): "x,y" of each known value, by
    its day, joined across the empty days, and the last point. Higher values are drawn higher.
    None when there is no value at all."""
    known = [(index, v) for index, v in enumerate(values) if v is not None]
    if not known:
        return None
    low = min(v for _, v in known)
    span = (max(v for _, v in known) - low) or None
    step = (width - 2 * SPARK_PAD) / max(len(values) - 1, 1)
    points = []
    for index, value in known:
        x = round(SPARK_PAD + index * step, 1)
        share = (value - low) / span if span else 0.5
        points.append((x, round(height - SPARK_PAD - share * (height - 2 * SPARK_PAD), 1)))
    if len(points) == 1:  # a lone point has no line: a tiny dash shows it
        points.append((points[0][0] + 1, points[0][1]))
    return {"runs": [[f"{x},{y}" for x, y in points]], "last": points[-1]}


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
    alerts = []
    for note in trends["annotations"]:
        if note["kind"] != "alert":
            continue
        index = _bucket_index(buckets, note["date"])
        if index is not None:
            alerts.append({"index": index, "date": note["date"], "label": note["label"],
                           "severity": note["severity"], "status": note["status"]})
    return {
        "bucket": trends["bucket"],
        "labels": [row["start"] for row in buckets],
        "walks": [row["walks"] for row in buckets],
        "pain_free_m": [_value(row["pain_free_distance_m"]) for row in buckets],
        "pain_free_censored": [_censored(row["pain_free_distance_m"]) for row in buckets],
        "max_walking_m": [_value(row["max_walking_distance_m"]) for row in buckets],
        "max_walking_censored": [_censored(row["max_walking_distance_m"]) for row in buckets],
        "baseline": band,
        "alerts": alerts,
    }


def trend_table(trends: dict[str, Any]) -> list[dict[str, Any]]:
    """The chart's numbers as table rows (the accessible alternative and the printed summary)."""
    alerts_by_index: dict[int, list[str]] = {}
    for note in trends["annotations"]:
        if note["kind"] == "alert":
            index = _bucket_index(trends["buckets"], note["date"])
            if index is not None:
                alerts_by_index.setdefault(index, []).append(note["label"])
    return [
        {
            "start": row["start"], "end": row["end"], "walks": row["walks"],
            "walks_without_pain": row["walks_without_pain"],
            "pain_free": row["pain_free_distance_m"],
            "max_walking": row["max_walking_distance_m"],
            "change_pct": row["change_vs_baseline_pct"],
            "alerts": alerts_by_index.get(index, []),
        }
        for index, row in enumerate(trends["buckets"])
    ]
