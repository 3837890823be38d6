"""Records that meet (or miss) the referral criteria, entered through the record apps' services."""

import uuid
from datetime import UTC, date, datetime, timedelta

from django.utils import timezone

from harness.payloads import walk_payload
from notifications.evaluation import patient_evaluate
from programs.services import exercise_program_create
from records.services import clinic_record_create
from records.views import CLINIC_RECORD_KINDS
from tracker.models import SymptomReport
from tracker.serializers.walks import WalkInputSerializer
from tracker.services.walks import walks_sync

DAY0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
TODAY = (DAY0 + timedelta(days=25)).date()  # the day the spinal walks are judged


def clinic_record(segment, patient, clinician, **body):
    model, serializer, _ = CLINIC_RECORD_KINDS[segment]
    data = serializer(data=body)
    data.is_valid(raise_exception=True)
    return clinic_record_create(model=model, patient=patient, entered_by=clinician,
                                data=data.validated_data)


def abi(patient, clinician, *, ankle_mmhg, brachial_mmhg=140, leg="left"):
    """A resting ABI of ankle / brachial (the higher of both arms: both are ``brachial_mmhg``)."""
    return clinic_record("abi", patient, clinician, measured_at="2026-01-05T10:00:00Z", leg=leg,
                         brachial_left_mmhg=brachial_mmhg, brachial_right_mmhg=brachial_mmhg,
                         dorsalis_pedis_mmhg=ankle_mmhg, posterior_tibial_mmhg=ankle_mmhg)


def rutherford(patient, clinician, category):
    return clinic_record("rutherford", patient, clinician, assessed_at="2026-01-05T10:00:00Z",
                         category=category)


def program(patient, clinician, *, started_days_before: int, today: date, mode="supervised"):
    return exercise_program_create(patient=patient, entered_by=clinician, data={
        "started_on": today - timedelta(days=started_days_before), "sessions_per_week": 3,
        "minutes_per_session": 45, "mode": mode})


def spinal_walks(patient):
    """Eleven walks of neurogenic claudication over three weeks, judged by the detector."""
    def spinal(day):
        return walk_payload(
            started_at=(DAY0 + timedelta(days=day)).isoformat(), pain_locations=["back", "calf"],
            pain_side="both", pain_qualities=["tingling"], pain_while_standing=True,
            relief_posture="bending_forward" if day % 4 else "sitting")

    validator = WalkInputSerializer()
    walks_sync(patient=patient, walks=[validator.run_validation(spinal(d))
                                       for d in range(0, 22, 2)])
    patient_evaluate(patient_id=patient.pk)


def symptom(patient, *, kind, days_ago=1, red_flags=()):
    return SymptomReport.objects.create(
        id=uuid.uuid4(), patient=patient, kind=kind, red_flags=list(red_flags),
        occurred_at=timezone.now() - timedelta(days=days_ago))


def vascular_patient_meeting_duplex_criteria(patient, clinician, *, today):
    abi(patient, clinician, ankle_mmhg=105)  # 105 / 140 = 0.75
    rutherford(patient, clinician, 2)
    program(patient, clinician, started_days_before=13 * 7, today=today)
