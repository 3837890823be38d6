"""Progression to limb threat: rest pain on several days, or pressures in the limb-threat range.

Rest pain, ulcers and gangrene are Rutherford 4-6, chronic limb-threatening ischaemia; an ABI
below 0.40 or an ankle pressure below 50 mmHg is the severe, limb-threat range of the 2011
ACCF/AHA guideline (the same cut-offs as ``records.scoring.abi``).
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

REST_PAIN_DAYS = 3  # distinct local days with rest pain...
REST_PAIN_WINDOW = timedelta(days=14)  # ...within this window (a project choice)
ABI_LIMB_THREAT_BELOW = 0.40
ANKLE_PRESSURE_LIMB_THREAT_BELOW_MMHG = 50


@dataclass(frozen=True)
class RestPainReport:
    report_id: str
    occurred_at: datetime


@dataclass(frozen=True)
class AbiReading:
    measurement_id: str
    measured_at: datetime
    leg: str
    resting_abi: float | None
    ankle_pressure_mmhg: int | None


@dataclass(frozen=True)
class LimbThreatFinding:
    met: bool
    as_of: datetime | None = None
    reasons: tuple[str, ...] = ()
    evidence: dict = field(default_factory=dict)


def limb_threat_progression(
    rest_pain: Sequence[RestPainReport],
    abi_readings: Sequence[AbiReading],
    *,
    as_of: datetime,
    time_zone: str = "UTC",
) -> LimbThreatFinding:
    """Met when rest pain came on ``REST_PAIN_DAYS`` local days within two weeks, or the latest
    ABI of a leg is in the limb-threat range. ``as_of`` is the first data time it was met."""
    zone = ZoneInfo(time_zone)
    reasons, evidence, first_met = [], {}, []

    recent = sorted(
        (r for r in rest_pain if as_of - REST_PAIN_WINDOW < r.occurred_at <= as_of),
        key=lambda r: r.occurred_at,
    )
    days: dict[date, RestPainReport] = {}
    for report in recent:
        days.setdefault(report.occurred_at.astimezone(zone).date(), report)
    if len(days) >= REST_PAIN_DAYS:
        reasons.append(f"rest pain on {len(days)} days in the last 14")
        evidence["rest_pain_report_ids"] = [r.report_id for r in recent]
        evidence["rest_pain_days"] = [d.isoformat() for d in sorted(days)]
        first_met.append(list(days.values())[REST_PAIN_DAYS - 1].occurred_at)

    latest_by_leg: dict[str, AbiReading] = {}
    for reading in sorted(abi_readings, key=lambda r: r.measured_at):
        if reading.measured_at <= as_of:
            latest_by_leg[reading.leg] = reading
    for leg, reading in sorted(latest_by_leg.items()):
        low_abi = reading.resting_abi is not None and reading.resting_abi < ABI_LIMB_THREAT_BELOW
        low_ankle = (reading.ankle_pressure_mmhg is not None
                     and reading.ankle_pressure_mmhg < ANKLE_PRESSURE_LIMB_THREAT_BELOW_MMHG)
        if low_abi or low_ankle:
            what = (f"ABI {reading.resting_abi:.2f} < 0.40" if low_abi
                    else f"ankle pressure {reading.ankle_pressure_mmhg} mmHg < 50")
            reasons.append(f"{leg} leg: {what}")
            evidence.setdefault("abi_measurement_ids", []).append(reading.measurement_id)
            first_met.append(reading.measured_at)

    if not reasons:
        return LimbThreatFinding(met=False)
    return LimbThreatFinding(
        met=True, as_of=min(first_met), reasons=tuple(reasons), evidence=evidence
    )
