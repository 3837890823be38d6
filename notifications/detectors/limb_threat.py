"""Progression to limb threat: rest pain on several days, or pressures in the limb-threat range.

Rest pain, ulcers and gangrene are Rutherford 4-6, chronic limb-threatening ischaemia (CLTI).
The pressures in the limb-threat range are those of WIfI ischaemia grade 3 (Mills JL Sr et al.,
J Vasc Surg 2014;59:220-34), which the 2019 Global Vascular Guidelines (Conte MS et al., J Vasc
Surg 2019;69:3S-125S) and the 2024 ACC/AHA PAD guideline (Gornik HL et al., Circulation
2024;149:e1313-e1410) use to stage CLTI: ABI below 0.40, ankle pressure below 50 mmHg, or toe
pressure below 30 mmHg. The toe pressure counts whatever the ABI: calcified ankle arteries give a
normal or high ABI over a foot without flow. The cut-offs are those of ``records.scoring.abi``.
"""

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

REST_PAIN_DAYS = 3  # distinct local days with rest pain...
REST_PAIN_WINDOW = timedelta(days=14)  # ...within this window (a project choice)
ABI_LIMB_THREAT_BELOW = 0.40  # WIfI grade 3: ABI <= 0.39 (Mills 2014)
ANKLE_PRESSURE_LIMB_THREAT_BELOW_MMHG = 50  # WIfI grade 3: ankle < 50 mmHg (Mills 2014)
TOE_PRESSURE_LIMB_THREAT_BELOW_MMHG = 30  # WIfI grade 3: toe < 30 mmHg (Mills 2014; GVG 2019)


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
    toe_pressure_mmhg: int | None = None


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
        found = []
        if reading.resting_abi is not None and reading.resting_abi < ABI_LIMB_THREAT_BELOW:
            found.append(f"ABI {reading.resting_abi:.2f} < 0.40")
        if (reading.ankle_pressure_mmhg is not None
                and reading.ankle_pressure_mmhg < ANKLE_PRESSURE_LIMB_THREAT_BELOW_MMHG):
            found.append(f"ankle pressure {reading.ankle_pressure_mmhg} mmHg < 50")
        if (reading.toe_pressure_mmhg is not None
                and reading.toe_pressure_mmhg < TOE_PRESSURE_LIMB_THREAT_BELOW_MMHG):
            found.append(f"toe pressure {reading.toe_pressure_mmhg} mmHg < 30")
        if found:
            reasons.append(f"{leg} leg: {'; '.join(found)}")
            evidence.setdefault("abi_measurement_ids", []).append(reading.measurement_id)
            first_met.append(reading.measured_at)

    if not reasons:
        return LimbThreatFinding(met=False)
    return LimbThreatFinding(
        met=True, as_of=min(first_met), reasons=tuple(reasons), evidence=evidence
    )
