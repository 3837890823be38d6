"""Demo clinic records beside the walks: ABI, Rutherford grades, calibration walks, posture tests,
questionnaires and symptom reports, some with red flags. Written through the same services as
real data, so the demo shows real derived values and real alerts."""

import uuid
from datetime import datetime, timedelta

from accounts.models import User
from questionnaires.scoring import (
    ODI_SECTION_IDS,
    WIQ_DISTANCE_WEIGHTS_FT,
    WIQ_SPEED_WEIGHTS_MPH,
    WIQ_STAIRS_WEIGHTS_FLIGHTS,
)
from questionnaires.services import questionnaire_score, questionnaires_sync
from records.models import (
    AbiMeasurement,
    DistanceCalibration,
    PostureTest,
    Procedure,
    RutherfordAssessment,
)
from records.services import clinic_record_create
from tracker.serializers.symptoms import SymptomInputSerializer
from tracker.services.symptoms import symptoms_sync

from .cohort import DEMO_COHORT, DEMO_NAMESPACE, NEUROGENIC, VASCULAR, WORSENING, DemoPatient

# Red flags a few demo patients report, days before the end of the demo: (kind, flags, days ago).
DEMO_SYMPTOMS = {
    8: [("rest_pain", [], 9), ("rest_pain", [], 6), ("rest_pain", ["cold_limb"], 3)],
    14: [("back_pain", ["saddle_numbness"], 1)],
    19: [("back_pain", ["weight_loss"], 4)],
    21: [("weakness", ["foot_drop"], 2)],
    2: [("night_pain", [], 20), ("cramp", [], 12)],
    13: [("numbness_tingling", [], 15)],
}
# Resting ankle pressure over a 140 mmHg arm for vascular patients (ABI = ankle / 140).
ABI_ANKLE_MMHG = {
    1: 105, 2: 122, 3: 98, 4: 112, 5: 84, 6: 110, 7: 118, 8: 48, 9: 150, 10: 90, 11: 116, 12: 76,
}
# Toe pressures (mmHg) of a few vascular patients, so the demo shows WIfI ischaemia grades decided
# by the toe (Mills 2014): patient 8 < 30 mmHg (grade 3, a limb threat beside the low ankle
# pressure), patient 5 40-59 mmHg (grade 1). The neurogenic patients keep a normal resting ABI
# and no exercise ABI, so their summaries show the exercise-ABI prompt.
TOE_PRESSURE_MMHG = {8: 24, 5: 46}
RUTHERFORD = {1: (2, 3), 3: (2, 2), 4: (1, 2), 5: (3, 3), 6: (3, 2), 8: (3, 4), 12: (2, 3)}


def _id(*parts) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, "/".join(str(part) for part in parts))


def _iso(moment: datetime) -> str:
    return moment.isoformat()


def _wiq_answers(difficulty: int) -> dict[str, int]:
    """Every WIQ item answered alike: 4 no difficulty ... 0 unable."""
    ids = [*WIQ_DISTANCE_WEIGHTS_FT, *WIQ_SPEED_WEIGHTS_MPH, *WIQ_STAIRS_WEIGHTS_FLIGHTS]
    return {item: max(0, difficulty - (1 if n % 3 == 2 else 0)) for n, item in enumerate(ids)}


def _questionnaires(entry: DemoPatient, now: datetime) -> list[dict]:
    answered_at = now - timedelta(days=30)
    items = []
    if entry.pattern == VASCULAR:
        items.append(("wiq", _wiq_answers(2 if entry.course == WORSENING else 3)))
        items.append(("ecq", {
            "pain_on_walking": True, "pain_starts_at_rest": False, "pain_uphill_or_hurrying": True,
            "pain_at_ordinary_pace": entry.course == WORSENING,
            "pain_on_standing_still": "gone_within_10_min",
            "pain_sites": list(entry.pain_locations),
        }))
    else:
        items.append(("odi", {section: 2 + (n % 2) for n, section in enumerate(ODI_SECTION_IDS)}))
        zcq = {f"symptom_{n}": 3 for n in range(1, 7)} | {"symptom_7": 3}
        zcq |= {f"function_{n}": 2 for n in range(1, 6)}
        items.append(("zcq", zcq))
    responses = []
    for instrument, answers in items:
        responses.append({
            "id": _id(entry.email, "questionnaire", instrument), "instrument": instrument,
            "answered_at": answered_at, "answers": answers,
            "scores": questionnaire_score(instrument=instrument, answers=answers),
        })
    return responses


def _clinic_records(entry: DemoPatient, patient: User, clinician: User, coordinator: User,
                    now: datetime) -> None:
    visit = now - timedelta(days=45)

    def record(model, by, **data):
        clinic_record_create(model=model, patient=patient, entered_by=by, data=data)

    leg = entry.affected_side if entry.affected_side in ("left", "right") else "left"
    if entry.pattern == VASCULAR:
        record(AbiMeasurement, clinician, measured_at=visit, leg=leg, brachial_left_mmhg=140,
               brachial_right_mmhg=136, dorsalis_pedis_mmhg=ABI_ANKLE_MMHG[entry.number] - 6,
               posterior_tibial_mmhg=ABI_ANKLE_MMHG[entry.number],
               **({"post_exercise_abi": 0.74, "abi_recovery_min": 7} if entry.number == 9 else {}),
               **({"toe_pressure_mmhg": TOE_PRESSURE_MMHG[entry.number]}
                  if entry.number in TOE_PRESSURE_MMHG else {}))
        if entry.number in RUTHERFORD:
            before, latest = RUTHERFORD[entry.number]
            record(RutherfordAssessment, clinician, assessed_at=now - timedelta(days=200),
                   category=before)
            record(RutherfordAssessment, clinician, assessed_at=visit, category=latest)
    else:
        record(AbiMeasurement, clinician, measured_at=visit, leg=leg, brachial_left_mmhg=138,
               dorsalis_pedis_mmhg=150, posterior_tibial_mmhg=156)
        record(PostureTest, coordinator, performed_at=visit, kind="bicycle", measure="time_s",
               upright_value=190, forward_value=520)
        if entry.uses_shopping_cart:
            record(PostureTest, coordinator, performed_at=visit, kind="shopping_cart",
                   measure="distance_m", upright_value=180, forward_value=620)
    if entry.number == 6:  # improving after a revascularisation two months ago
        record(Procedure, clinician, performed_at=now - timedelta(days=60),
               kind="endovascular_revascularisation", side=leg, arterial_level="femoropopliteal",
               note="Superficial femoral artery angioplasty and stent.")
    if entry.number % 4 == 1:  # some patients walked a measured six-minute test
        record(DistanceCalibration, coordinator, recorded_at=visit, kind="six_minute_walk",
               measured_distance_m=310.0, phone_distance_m=430.0)


def demo_records_seed(*, patients: dict[str, User], clinician: User, coordinator: User,
                      now: datetime) -> None:
    """Add clinic records, questionnaires and symptom reports to the freshly seeded demo
    patients."""
    validator = SymptomInputSerializer()
    for entry in DEMO_COHORT:
        patient = patients[entry.email]
        _clinic_records(entry, patient, clinician, coordinator, now)
        questionnaires_sync(patient=patient, responses=_questionnaires(entry, now))
        reports = [
            validator.run_validation({
                "id": str(_id(entry.email, "symptom", n)), "kind": kind, "red_flags": flags,
                "occurred_at": _iso(now - timedelta(days=days_ago, hours=3)),
                "nrs": 6 if kind != "weakness" else None,
                "locations": list(entry.pain_locations[:2]) if entry.pattern == NEUROGENIC
                else ["calf", "foot"],
            })
            for n, (kind, flags, days_ago) in enumerate(DEMO_SYMPTOMS.get(entry.number, []))
        ]
        if reports:
            symptoms_sync(patient=patient, reports=reports)
