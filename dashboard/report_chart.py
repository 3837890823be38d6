"""The walking-distance chart of the end-of-program report: pain-free and maximal walking
distance per program week, drawn server-side as SVG coordinates (no script: the report is for
printing), like the sparklines of ``charts.sparkline_points`` but with both series on one scale,
axes, and the program's reference values as dashed lines."""

from math import ceil
from typing import Any

from .charts import _censored, _value

WIDTH, HEIGHT = 560, 210
LEFT, RIGHT, TOP, BOTTOM = 46, 12, 10, 30
NICE_STEPS = (25, 50, 100, 200, 250, 500, 1000, 2000, 5000)
SERIES = (("pain_free", "Pain-free distance"), ("max_walking", "Maximal walking distance"))


def _step(top: float) -> int:
    """A round tick step giving four or five ticks up to ``top``."""
    return next((step for step in NICE_STEPS if top / step <= 5), NICE_STEPS[-1])


def _metres(value: float, censored: bool) -> str:
    return f"{'≥ ' if censored else ''}{round(value):,} m"


def walking_chart(weeks: list[dict], references: dict[str, dict | None], *,
                  x_axis: str = "program week", point_word: str = "Week",
                  y_limit: float | None = None) -> dict[str, Any]:
    """Coordinates for the weekly medians of ``weeks`` (``insights.program_progress``; each with
    ``week``, its x label) and the ``references`` (series key -> reference estimate). A censored
    median ("at least") is drawn as an open marker. ``y_limit``: the axis stops there and higher
    values sit on its top edge, marked ``clipped`` (``charts.robust_y_limit``). ``empty`` when
    there is nothing to draw."""
    values = [_value(week[key]) for week in weeks for key, _ in SERIES]
    values += [_value(ref) for ref in references.values()]
    known = [v for v in values if v is not None]
    if y_limit is not None:
        known = [min(v, y_limit) for v in known]
    chart: dict[str, Any] = {"width": WIDTH, "height": HEIGHT, "empty": not known,
                             "left": LEFT, "right": WIDTH - RIGHT, "top": TOP,
                             "bottom": HEIGHT - BOTTOM}
    if not known:
        return chart
    step = _step(max(known) * 1.1 or 1)
    top_value = step * max(1, ceil(max(known) * 1.1 / step))
    plot_h, plot_w = HEIGHT - TOP - BOTTOM, WIDTH - LEFT - RIGHT

    def y_of(value: float) -> float:
        return round(TOP + plot_h * (1 - min(value, top_value) / top_value), 1)

    def x_of(index: int) -> float:
        if len(weeks) == 1:
            return round(LEFT + plot_w / 2, 1)
        return round(LEFT + 10 + index * (plot_w - 20) / (len(weeks) - 1), 1)

    chart["y_ticks"] = [{"y": y_of(v), "label": f"{v:,}"}
                        for v in range(0, top_value + 1, step)]
    chart["x_ticks"] = [{"x": x_of(i), "label": str(week["week"])}
                        for i, week in enumerate(weeks)]
    series, words = [], []
    for key, label in SERIES:
        points = [{"x": x_of(i), "y": y_of(_value(week[key])), "censored": _censored(week[key]),
                   "clipped": _value(week[key]) > top_value,
                   "week": week["week"], "text": _metres(_value(week[key]), _censored(week[key]))}
                  for i, week in enumerate(weeks)
                  if week[key] is not None and _value(week[key]) is not None]
        for point in points:
            point["title"] = f"{point_word} {point['week']}: {label.lower()} {point['text']}"
        series.append({"key": key, "label": label, "points": points,
                       "line": " ".join(f"{p['x']},{p['y']}" for p in points)})
        if points:
            first, last = points[0], points[-1]
            words.append(f"{label.lower()} {first['text']} in {point_word.lower()} "
                         f"{first['week']}, {last['text']} in {point_word.lower()} {last['week']}")
    chart["series"] = series
    chart["references"] = []
    for key, label in SERIES:
        reference = references.get(key)
        if reference and _value(reference) is not None:
            text = _metres(_value(reference), _censored(reference))
            chart["references"].append({"key": key, "y": y_of(_value(reference)),
                                        "label": f"{label} at the start: {text}"})
    chart["x_axis"] = x_axis
    chart["clipped"] = any(p["clipped"] for line in series for p in line["points"])
    chart["summary"] = (f"Walking distance per {x_axis}, {len(weeks)} weeks: "
                        + ("; ".join(words) or "no walks in the program's weeks") + ".")
    return chart
