"""Template helpers: the open-alert count in the header, evidence as readable lines, sparklines."""

from django import template
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

from notifications.evidence_text import alert_short_label, evidence_sentences
from notifications.models import AlertStatus
from notifications.selectors import alerts_visible_to

from ..charts import sparkline_gridlines, sparkline_points

register = template.Library()

SIDE_WORDS = {"left": "left side", "right": "right side", "both": "both sides",
              "unknown": "side not recorded", "": "side not recorded"}
ABI_CATEGORY_WORDS = {"pad": "PAD", "non_compressible": "non-compressible",
                      "normal": "normal", "borderline": "borderline", "severe": "severe"}


@register.simple_tag
def open_alert_count(user) -> int:
    """Open alerts about the user's patients (0 for anyone who is not a carer)."""
    if not getattr(user, "is_care_provider", False):
        return 0
    return alerts_visible_to(user=user).filter(status=AlertStatus.OPEN).count()


# Units read from a key's suffix (the house rule names fields with their units).
UNIT_SUFFIXES = (("_mmhg", " mmHg"), ("_pct", " %"), ("_m", " m"), ("_s", " s"),
                 ("_min", " min"), ("_days", " days"))


def _unit(key: str) -> str:
    return next((unit for suffix, unit in UNIT_SUFFIXES if key.endswith(suffix)), "")


def _value_text(key: str, value) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, (int, float)) and _unit(key):
        number = f"{value:,.2f}".rstrip("0").rstrip(".") if isinstance(value, float) \
            else f"{value:,}"
        return number + _unit(key)
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".")
    if isinstance(value, list):
        if key.endswith("_ids"):
            return f"{len(value)} record{'s' if len(value) != 1 else ''}"
        return ", ".join(_value_text(key, v) for v in value) or "none"
    if isinstance(value, dict):
        return "; ".join(f"{k.replace('_', ' ')}: {_value_text(k, v)}" for k, v in value.items())
    if value is None:
        return "—"
    if isinstance(value, str) and value in ABI_CATEGORY_WORDS:
        return ABI_CATEGORY_WORDS[value]  # "pad" is PAD
    if isinstance(value, str) and " " not in value:
        # a code such as "saddle_numbness" or "neurogenic_like"
        return value.replace("_like", "-like").replace("_", " ")
    return str(value)


def _shown(key: str, value) -> bool:
    """Empty id lists and nested tables (shown in full on the patient page) are left out."""
    if key.endswith("_ids") and not value:
        return False
    return not (isinstance(value, dict) and any(isinstance(v, dict) for v in value.values()))


@register.filter
def evidence_summary(alert) -> list[str]:
    """The alert's evidence as a clinician would say it (``notifications.evidence_text``)."""
    return evidence_sentences(alert.kind, alert.evidence)


@register.filter
def evidence_items(evidence) -> list[tuple[str, str]]:
    """A detector's evidence as (label, text) pairs, in the order it was written."""
    if not isinstance(evidence, dict):
        return []
    return [(key.replace("_", " ").capitalize(), _value_text(key, value))
            for key, value in evidence.items() if _shown(key, value)]


@register.simple_tag
def sparkline(values, censored=None, days: int = 30) -> str:
    """An inline SVG line of daily pain-free distances (None for days without walks) on the
    scale all rows share (``charts.SPARK_LOW_M`` to ``SPARK_HIGH_M``, log), lower bounds as
    hollow rings, values beyond the scale as ticks at its edge; labelled for screen readers."""
    values = list(values or [])
    points = sparkline_points(values, width=120, height=32, censored=censored)
    if not points:
        return format_html('<span class="muted">no walks in {} days</span>', days)
    known = [round(v) for v in values if v is not None]
    label = (f"Pain-free distance per day over the last {days} days: {len(known)} "
             f"day{'s' if len(known) != 1 else ''} with walks, from {min(known):,} to "
             f"{max(known):,} m, latest {known[-1]:,} m")
    if points["bounds"]:
        label += f"; {len(points['bounds'])} lower bound{'s' if len(points['bounds']) != 1 else ''}"
    # Built as one string: every coordinate is a number made here, and only the label (numbers
    # and words of ours) is escaped. format_html per element made the 500-row list slow.
    grid = "".join(f'<line class="grid" x1="0" x2="120" y1="{y}" y2="{y}"></line>'
                   for _, y in sparkline_gridlines(height=32))
    polylines = "".join(f'<polyline points="{" ".join(run)}"></polyline>'
                        for run in points["runs"])
    bounds = "".join(f'<circle class="bound" cx="{x}" cy="{y}" r="2"></circle>'
                     for x, y in points["bounds"])
    clipped = "".join(f'<rect class="clipped" x="{x - 1.5}" y="{y - 1.5}" width="3" height="3">'
                      f'</rect>' for x, y in points["clipped"])
    x, y = points["last"]
    label = escape(label)
    return mark_safe(  # noqa: S308 - numbers of ours and an escaped label
        f'<svg class="sparkline" viewBox="0 0 120 32" role="img" aria-label="{label}">'
        f'<title>{label}</title>{grid}{polylines}{bounds}{clipped}'
        f'<circle class="last" cx="{x}" cy="{y}" r="2.5"></circle></svg>')


@register.filter
def latest_value(values):
    """The last known value of a series, or None."""
    known = [v for v in values or [] if v is not None]
    return known[-1] if known else None


@register.filter
def distance(estimate) -> str:
    """A distance estimate {"value", "censored"} as "420 m", "≥ 420 m" (a lower bound) or "—"."""
    if not estimate or estimate.get("value") is None:
        return "—"
    prefix = "≥ " if estimate.get("censored") else ""
    return f"{prefix}{round(estimate['value']):,} m"


@register.filter
def change_pct(change) -> str:
    """A change in per cent, signed; "≥" marks a lower bound."""
    if not change or change.get("value") is None:
        return "—"
    prefix = "≥ " if change.get("censored") else ""
    return f"{prefix}{change['value']:+.0f} %"


@register.filter
def humanise(value) -> str:
    """snake_case to words: "bending_forward" -> "bending forward"."""
    return str(value or "").replace("_", " ")


@register.filter
def measured(value, unit: str) -> str:
    """A progress test's value {"value", "censored"} with its unit: "150 s", "≥ 300 s" or "—"."""
    if not value or value.get("value") is None:
        return "—"
    prefix = "≥ " if value.get("censored") else ""
    return f"{prefix}{value['value']:,} {unit}"


@register.filter
def signed(number) -> str:
    """A whole change with its sign: "+90", "-12", "0"."""
    if number is None:
        return "—"
    return f"{number:+,}" if number else "0"


@register.filter
def mcid_sources(measures) -> list[str]:
    """The distinct published sources of the measures' MCIDs, in order."""
    return list(dict.fromkeys(m["mcid"].source for m in measures or []))


@register.filter
def side_words(side) -> str:
    """An affected side as words: "left side", "both sides", "side not recorded"."""
    return SIDE_WORDS.get(str(side or ""), f"{side} side")


@register.filter
def abi_category(category) -> str:
    """An ABI category code as written: "PAD", "non-compressible", "normal"."""
    return ABI_CATEGORY_WORDS.get(str(category or ""), humanise(category))


@register.filter
def days_ago(days) -> str:
    """Whole local days since something: "today", "1 day ago", "12 days ago"; "never" for None.
    A number rather than "yesterday" so the column reads down as one scale."""
    if days is None:
        return "never"
    if days <= 0:
        return "today"
    return f"{days:,} day{'s' if days != 1 else ''} ago"


@register.filter
def alert_label(alert) -> str:
    """An alert's kind in a few words, a decline with its size ("Pain-free distance −49 %")."""
    evidence = alert.evidence if isinstance(alert.evidence, dict) else {}
    return alert_short_label(alert.kind, evidence.get("drop_pct"))
