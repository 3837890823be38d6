"""Published criteria for drafting a referral, each judged on the record where it lives.

A kind is drafted when every criterion of one of its rules is met; the referral keeps those
criteria with the values that met them and their sources, so the clinician sees why. Only MRI of
the lumbar spine and arterial duplex have rules so far; the other kinds are drafted by no rule.
"""

from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

from accounts.models import User
from notifications.selectors import pattern_assessment_of
from programs.models import ExerciseProgram, ProgramMode
from programs.selectors import patient_local_today, program_adherence
from records.models import AbiMeasurement, RutherfordAssessment
from tracker.models import RedFlag, SymptomKind, SymptomReport

from .models import ReferralKind

SOURCES = {
    # Verified with the search tool (acsearch.acr.org, topic 141, revised 2021): Variant 3
    # "subacute or chronic low back pain with or without radiculopathy; surgery or intervention
    # candidate with persistent or progressive symptoms during or following 6 weeks of optimal
    # medical management": MRI lumbar spine without IV contrast "Usually Appropriate" (7-9).
    "acr_lbp_variant3": (
        "ACR Appropriateness Criteria: Low Back Pain (revised 2021), Variant 3: persistent or "
        "progressive symptoms after 6 weeks of optimal medical management; MRI lumbar spine "
        "without IV contrast, Usually Appropriate"),
    # The issue cites "9 for a new or progressive deficit". Found: the 2021 revision publishes
    # categories, not numbers ("Usually Appropriate" = 7-9); the 2011 revision rated MRI 8 for
    # "focal and/or progressive deficit" (Variant 2), and the older table (AJNR) rated it 9 for
    # cauda equina syndrome. The rating 9 for a progressive deficit itself is NOT verified.
    "acr_lbp_deficit": (
        "ACR Appropriateness Criteria: Low Back Pain: focal and/or progressive neurological "
        "deficit; MRI lumbar spine without contrast, Usually Appropriate (rated 8 in the 2011 "
        "revision)"),
    # Gerhard-Herman et al., 2016 AHA/ACC Guideline on Lower Extremity PAD, Circulation
    # 2017;135:e726 (PMC5477786). Verified with the search tool: "Recommendations for Imaging for
    # Anatomic Assessment", COR I, LOE B-NR: duplex, CTA or MRA is useful to diagnose the location
    # and severity of stenosis in symptomatic PAD when revascularisation is considered; ABI <= 0.90
    # is reported as abnormal (0.91-0.99 borderline). Not re-checked here, from the guideline as
    # we know it: SET for claudication (COR I) and revascularisation being reasonable for
    # lifestyle-limiting claudication with an inadequate response to guideline-directed therapy
    # (COR IIa).
    "aha_acc_2016_abi": "2016 AHA/ACC Lower Extremity PAD Guideline: resting ABI <= 0.90 is "
                        "abnormal (diagnostic of PAD)",
    "aha_acc_2016_revasc": (
        "2016 AHA/ACC Lower Extremity PAD Guideline: lifestyle-limiting claudication with an "
        "inadequate response to guideline-directed therapy including structured exercise: "
        "revascularisation is reasonable; duplex, CTA or MRA then locates the lesions (COR I, "
        "LOE B-NR)"),
    "aha_acc_2016_set": "2016 AHA/ACC Lower Extremity PAD Guideline: supervised exercise therapy "
                        "for claudication, at least 12 weeks (Class I)",
}

# 2016 AHA/ACC (above): ABI <= 0.90 abnormal.
ABI_PAD_AT_MOST = 0.90
# ACR Variant 3 (above): six weeks of optimal (conservative) management.
CONSERVATIVE_CARE_DAYS = 6 * 7
# "After 3 months of SET": the 12-week program of the 2016 AHA/ACC guideline.
SET_DAYS = 12 * 7
# Rutherford 2 (moderate) and 3 (severe claudication) are read as lifestyle-limiting: a project
# choice, since the guideline leaves "lifestyle-limiting" to the patient and clinician; Rutherford
# 1 (mild) is not, and 4-6 (rest pain, tissue loss) go to the limb-threat alert instead.
LIFESTYLE_LIMITING_RUTHERFORD = (2, 3)
# A deficit counts as new when reported within this many days (project choice).
DEFICIT_RECENT_DAYS = 30
# ... and as new (not long-standing) when no weakness or numbness was reported in this many days
# before that window (project choice).
DEFICIT_PRIOR_DAYS = 90
# Red flags of nerve root failure. Cauda equina flags are left out on purpose: they raise an
# emergency alert and a same-day pathway (GIRFT 2023), not an order waiting for review.
DEFICIT_RED_FLAGS = (RedFlag.FOOT_DROP, RedFlag.SUDDEN_WEAKNESS, RedFlag.SPREADING_NUMBNESS)
DEFICIT_SYMPTOM_KINDS = (SymptomKind.WEAKNESS, SymptomKind.NUMBNESS_TINGLING)
NEUROGENIC_CLASSES = ("neurogenic_like", "both")


@dataclass
class Criterion:
    """One published criterion as judged on one patient: met or not, and the values read."""

    code: str
    text: str
    source: str
    met: bool
    evidence: dict = field(default_factory=dict)

    def as_json(self) -> dict:
        row = asdict(self)
        row["citation"] = SOURCES[self.source]
        return row


def _iso(value) -> str | None:
    """Dates and times as ISO text (already text stays so); None stays None."""
    return value.isoformat() if hasattr(value, "isoformat") else value


def _programs_of(patient: User, *, started_by: date, modes=None) -> list[ExerciseProgram]:
    programs = ExerciseProgram.objects.filter(patient=patient, deleted_at__isnull=True,
                                              started_on__lte=started_by)
    if modes:
        programs = programs.filter(mode__in=modes)
    return list(programs.order_by("started_on"))


def _program_evidence(program: ExerciseProgram, today: date) -> dict:
    adherence = program_adherence(program=program, today=today)
    return {"program_id": str(program.pk), "mode": program.mode,
            "started_on": _iso(program.started_on), "ended_on": _iso(program.ended_on),
            "days_since_start": (today - program.started_on).days,
            "sessions_done": adherence.total("sessions_done"),
            "sessions_planned": adherence.total("sessions_planned")}


def neurogenic_pattern(patient: User) -> Criterion:
    """The walking-pattern detector classed the last eight weeks as neurogenic (or both)."""
    assessment = pattern_assessment_of(patient=patient)
    return Criterion(
        code="neurogenic_pattern", source="acr_lbp_variant3",
        text="Walking pattern of neurogenic claudication (lumbar spinal stenosis)",
        met=assessment["pattern_class"] in NEUROGENIC_CLASSES,
        evidence={"pattern_class": assessment["pattern_class"],
                  "probability_neurogenic": assessment["probability_neurogenic"],
                  "as_of": _iso(assessment["as_of"]), "walks": assessment["walks"]})


def conservative_care_6_weeks(patient: User, *, today: date) -> Criterion:
    """An exercise program (any mode) started at least six weeks ago."""
    programs = _programs_of(patient, started_by=today - timedelta(days=CONSERVATIVE_CARE_DAYS))
    return Criterion(
        code="conservative_care_6_weeks", source="acr_lbp_variant3",
        text="At least 6 weeks of conservative care (exercise therapy) with symptoms persisting",
        met=bool(programs),
        evidence=_program_evidence(programs[0], today) if programs else {"program_id": None})


def new_neurological_deficit(patient: User, *, today: date) -> Criterion:
    """A red flag of root failure lately, or a weakness or numbness report that is new."""
    recent_from = today - timedelta(days=DEFICIT_RECENT_DAYS)
    prior_from = recent_from - timedelta(days=DEFICIT_PRIOR_DAYS)
    reports = list(SymptomReport.objects.filter(
        patient=patient, deleted_at__isnull=True, occurred_at__date__gte=prior_from,
    ).values("id", "kind", "red_flags", "occurred_at"))
    recent = [r for r in reports if r["occurred_at"].date() >= recent_from]
    flagged = [r for r in recent if set(r["red_flags"] or ()) & set(DEFICIT_RED_FLAGS)]
    earlier_kinds = {r["kind"] for r in reports if r["occurred_at"].date() < recent_from}
    new_kind = [r for r in recent if r["kind"] in DEFICIT_SYMPTOM_KINDS
                and r["kind"] not in earlier_kinds]
    found = flagged or new_kind
    return Criterion(
        code="new_neurological_deficit", source="acr_lbp_deficit",
        text="New or progressive neurological deficit (foot drop, sudden weakness, spreading "
             "numbness, or new weakness or numbness)",
        met=bool(found),
        evidence={"symptom_ids": [str(r["id"]) for r in found],
                  "red_flags": sorted({f for r in flagged for f in r["red_flags"]
                                       if f in DEFICIT_RED_FLAGS}),
                  "kinds": sorted({r["kind"] for r in new_kind}),
                  "window_days": DEFICIT_RECENT_DAYS})


def abi_pad(patient: User) -> Criterion:
    """The latest resting ABI of either leg is at most 0.90."""
    latest = {}
    for row in (AbiMeasurement.objects.filter(patient=patient, deleted_at__isnull=True,
                                              resting_abi__isnull=False)
                .order_by("-measured_at").values("id", "leg", "resting_abi", "measured_at")):
        latest.setdefault(row["leg"], row)
    lowest = min(latest.values(), key=lambda r: r["resting_abi"], default=None)
    return Criterion(
        code="abi_at_most_0_90", source="aha_acc_2016_abi", text="Resting ABI 0.90 or lower",
        met=lowest is not None and lowest["resting_abi"] <= ABI_PAD_AT_MOST,
        evidence={"resting_abi": lowest["resting_abi"] if lowest else None,
                  "leg": lowest["leg"] if lowest else None,
                  "measured_at": _iso(lowest["measured_at"]) if lowest else None,
                  "abi_id": str(lowest["id"]) if lowest else None,
                  "at_most": ABI_PAD_AT_MOST})


def lifestyle_limiting_claudication(patient: User) -> Criterion:
    """The latest Rutherford category is 2 or 3 (moderate or severe claudication)."""
    latest = (RutherfordAssessment.objects.filter(patient=patient, deleted_at__isnull=True)
              .order_by("-assessed_at").values("id", "category", "assessed_at").first())
    return Criterion(
        code="lifestyle_limiting_claudication", source="aha_acc_2016_revasc",
        text="Lifestyle-limiting claudication (Rutherford 2 or 3)",
        met=latest is not None and latest["category"] in LIFESTYLE_LIMITING_RUTHERFORD,
        evidence={"rutherford": latest["category"] if latest else None,
                  "assessed_at": _iso(latest["assessed_at"]) if latest else None})


def set_3_months(patient: User, *, today: date) -> Criterion:
    """A supervised (or mixed) exercise program started at least 12 weeks ago."""
    programs = _programs_of(patient, started_by=today - timedelta(days=SET_DAYS),
                            modes=(ProgramMode.SUPERVISED, ProgramMode.MIXED))
    return Criterion(
        code="set_3_months", source="aha_acc_2016_set",
        text="Still limited after 3 months of supervised exercise therapy",
        met=bool(programs),
        evidence=_program_evidence(programs[0], today) if programs else {"program_id": None})


def rules_for(patient: User, *, today: date | None = None) -> dict[str, list[list[Criterion]]]:
    """Each kind's rules (lists of criteria, all to be met), judged on ``patient`` today."""
    today = today or patient_local_today(patient=patient)
    return {
        ReferralKind.MRI_LUMBAR_SPINE: [
            [neurogenic_pattern(patient), conservative_care_6_weeks(patient, today=today)],
            [new_neurological_deficit(patient, today=today)],
        ],
        ReferralKind.ARTERIAL_DUPLEX: [
            [abi_pad(patient), lifestyle_limiting_claudication(patient),
             set_3_months(patient, today=today)],
        ],
    }


def criteria_met(patient: User, *, today: date | None = None) -> dict[str, list[dict]]:
    """Kinds whose criteria ``patient`` meets, each with the criteria of every rule met."""
    met = {}
    for kind, rules in rules_for(patient, today=today).items():
        rows = [c.as_json() for rule in rules if all(c.met for c in rule) for c in rule]
        if rows:
            met[kind] = rows
    return met
