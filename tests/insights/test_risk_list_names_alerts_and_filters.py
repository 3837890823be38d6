"""The risk list says what each patient's alert is ("Possible cauda equina", "Pain-free distance
−49 %"), how many local days since the last walk, their age, latest ABI and Rutherford category,
and filters by cause, alert kind, program and name, all still in two queries."""

from datetime import date, timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from insights.risk_list import patients_risk_ordered
from notifications.models import Alert
from programs.services import exercise_program_create
from records.models import AbiMeasurement, RutherfordAssessment
from tests.insights.test_patient_list_orders_by_risk import team_of
from tests.support.factories import WalkFactory


def alert(patient, kind, severity, rank, evidence=None, status="open"):
    return Alert.objects.create(patient=patient, kind=kind, severity=severity, severity_rank=rank,
                                title=kind, as_of=timezone.now(), status=status,
                                evidence=evidence or {})


def by_name(rows):
    return {row["full_name"]: row for row in rows}


def test_each_row_names_its_most_severe_alert_with_the_size_of_a_decline(clinic, bob):
    cauda, walter, calm = team_of(clinic, bob, 3)
    alert(cauda, "red_flag_cauda_equina", "emergency", 3)
    alert(cauda, "silence", "info", 0)
    alert(walter, "pain_free_distance_decline", "warning", 1, evidence={"drop_pct": 48.6})

    rows = by_name(patients_risk_ordered(user=bob))
    assert rows[cauda.full_name]["risk"]["top_alert"]["label"] == "Possible cauda equina"
    assert rows[cauda.full_name]["risk"]["open_alerts"] == 2
    assert rows[walter.full_name]["risk"]["top_alert"]["label"] == "Pain-free distance −49\u00a0%"
    assert rows[calm.full_name]["risk"]["top_alert"] is None


def test_an_acknowledged_emergency_is_still_named_and_said_to_be_acknowledged(clinic, bob):
    (patient,) = team_of(clinic, bob, 1)
    alert(patient, "red_flag_acute_limb_ischaemia", "emergency", 3, status="acknowledged")
    (row,) = patients_risk_ordered(user=bob)
    assert row["risk"]["top_alert"] == {"kind": "red_flag_acute_limb_ischaemia",
                                        "status": "acknowledged",
                                        "label": "Possible acute limb ischaemia"}


def test_silence_is_counted_in_the_patients_local_days(clinic, bob):
    this_morning, last_night, a_week, never = team_of(clinic, bob, 4)
    now = timezone.now()
    for patient, days in ((this_morning, 0), (last_night, 1), (a_week, 7)):
        zone = ZoneInfo(patient.patient_profile.time_zone)
        local = now.astimezone(zone)
        # Early on the local day, a few minutes after midnight: still "today" for day 0.
        moment = local.replace(hour=0, minute=5, second=0, microsecond=0) - timedelta(days=days)
        if days == 1:
            moment = moment.replace(hour=23, minute=50)
        WalkFactory(patient=patient, started_at=moment)
    rows = by_name(patients_risk_ordered(user=bob))
    days = {name: row["risk"]["days_since_last_walk"] for name, row in rows.items()}
    assert days == {this_morning.full_name: 0, last_night.full_name: 1, a_week.full_name: 7,
                    never.full_name: None}


def test_age_latest_abi_of_the_worse_leg_and_rutherford_are_on_the_row(clinic, bob):
    patient, bare = team_of(clinic, bob, 2)
    profile = patient.patient_profile
    today = timezone.now().astimezone(ZoneInfo(profile.time_zone)).date()
    yesterday = today - timedelta(days=1)  # 71 since yesterday
    profile.date_of_birth = date(yesterday.year - 71, yesterday.month, min(yesterday.day, 28))
    profile.save()
    then, now = timezone.now() - timedelta(days=200), timezone.now()
    AbiMeasurement.objects.create(patient=patient, entered_by=bob, measured_at=then, leg="left",
                                  resting_abi=0.40, category="pad")
    for leg, abi, category in (("left", 0.72, "pad"), ("right", 0.95, "borderline")):
        AbiMeasurement.objects.create(patient=patient, entered_by=bob, measured_at=now, leg=leg,
                                      resting_abi=abi, category=category)
    RutherfordAssessment.objects.create(patient=patient, entered_by=bob, assessed_at=then,
                                        category=4)
    RutherfordAssessment.objects.create(patient=patient, entered_by=bob, assessed_at=now,
                                        category=2)
    rows = by_name(patients_risk_ordered(user=bob))
    clinical = rows[patient.full_name]["clinical"]
    assert clinical["age_years"] == 71
    assert (clinical["abi"]["value"], clinical["abi"]["category"], clinical["abi"]["leg"]) == (
        0.72, "pad", "left")
    assert clinical["rutherford_category"] == 2
    assert rows[bare.full_name]["clinical"] == {"age_years": None, "abi": None,
                                                "rutherford_category": None, "in_program": False}


def test_filters_by_cause_alert_kind_program_and_name_in_two_queries(clinic, bob):
    spinal, arterial, walker, other = team_of(clinic, bob, 4)
    spinal.full_name = "Nora Neuro"
    spinal.save()
    for patient, cause in ((spinal, "neurogenic"), (arterial, "vascular"), (walker, "vascular")):
        patient.patient_profile.suspected_cause = cause
        patient.patient_profile.save()
    alert(arterial, "limb_threat", "urgent", 2)
    alert(spinal, "silence", "info", 0)
    exercise_program_create(patient=walker, entered_by=bob, data={
        "started_on": walker.patient_profile.local_today() - timedelta(days=3),
        "sessions_per_week": 3, "minutes_per_session": 30})

    def ids(**filters):
        with CaptureQueriesContext(connection) as ctx:
            rows = patients_risk_ordered(user=bob, **filters)
        assert len(ctx.captured_queries) <= 2  # no row: the walks are not asked for
        return {row["id"] for row in rows}

    assert ids(cause="vascular") == {str(arterial.pk), str(walker.pk)}
    assert ids(alert_kind="limb_threat") == {str(arterial.pk)}
    assert ids(program="running") == {str(walker.pk)}
    assert ids(program="none") == {str(spinal.pk), str(arterial.pk), str(other.pk)}
    assert ids(name="  nora ") == {str(spinal.pk)}
    assert ids(cause="vascular", program="none") == {str(arterial.pk)}
    assert ids(name="nobody by this name") == set()
