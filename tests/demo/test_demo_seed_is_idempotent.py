"""``seed_demo`` builds a realistic demo cohort once; running it again changes nothing."""

import statistics
from datetime import date, timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import CareTeam, Clinic, PatientProfile, Role, User
from accounts.selectors import patients_visible_to
from audit.models import AuditEvent
from core.sync import DUPLICATE
from demo.cohort import (
    ADMIN_EMAIL,
    CLINICIAN_EMAIL,
    COORDINATOR_EMAIL,
    DEMO_CLINIC_NAME,
    DEMO_COHORT,
    DEMO_PASSWORD,
    IMPROVING,
    NEUROGENIC,
    STABLE,
    VASCULAR,
    WORSENING,
)
from demo.walks import demo_walks, demo_walks_validated
from notifications.models import Alert
from questionnaires.models import QuestionnaireResponse
from records.models import AbiMeasurement, PostureTest
from tests.support.demo import demo_patient
from tracker.models import SymptomReport, Walk
from tracker.services.walks import walks_sync


def seed() -> str:
    out = StringIO()
    call_command("seed_demo", stdout=out)
    return out.getvalue()


def counts() -> dict[str, int]:
    return {
        "clinics": Clinic.objects.count(),
        "users": User.objects.count(),
        "profiles": PatientProfile.objects.count(),
        "teams": CareTeam.objects.count(),
        "walks": Walk.objects.count(),
    }


def years_before(today: date, moment: date) -> float:
    return (today - moment).days / 365.25


@pytest.mark.django_db
def test_seeding_twice_creates_the_cohort_once_and_prints_the_logins():
    first_output = seed()
    after_first = counts()
    second_output = seed()

    assert counts() == after_first
    assert "already there" in second_output
    # The seeding wrote these patients' data: one audit row each, from the first run only.
    seeded = AuditEvent.objects.filter(action="demo.seed")
    assert seeded.count() == len(DEMO_COHORT)
    assert {row.route for row in seeded} == {"manage.py seed_demo"}
    clinic = Clinic.objects.get(name=DEMO_CLINIC_NAME)
    users = User.objects.filter(clinic=clinic)
    assert users.filter(role=Role.PATIENT).count() >= 20
    clinician = users.get(role=Role.CLINICIAN)
    coordinator = users.get(role=Role.COORDINATOR)
    admin = users.get(email=ADMIN_EMAIL)
    assert (clinician.email, coordinator.email) == (CLINICIAN_EMAIL, COORDINATOR_EMAIL)
    assert clinician.full_name and coordinator.full_name
    assert admin.is_staff and admin.is_superuser and admin.role == Role.STAFF
    for user in (clinician, coordinator, admin):
        assert user.check_password(DEMO_PASSWORD)
    # The whole cohort is in the clinician's team, and the coordinator shares it.
    assert patients_visible_to(user=clinician).count() == len(DEMO_COHORT)
    assert patients_visible_to(user=coordinator).count() == len(DEMO_COHORT)

    worsening = next(p for p in DEMO_COHORT if p.pattern == VASCULAR and p.course == WORSENING)
    for output in (first_output, second_output):
        for text in ("http://127.0.0.1:8000/", "http://127.0.0.1:8000/api/docs/",
                     "http://127.0.0.1:8000/admin/", CLINICIAN_EMAIL, COORDINATOR_EMAIL,
                     ADMIN_EMAIL, worsening.email, DEMO_PASSWORD, "local demo",
                     "curl", "/api/v1/auth/login/"):
            assert text in output, text
        assert any(demo_patient(line.split()[1]).pattern == NEUROGENIC
                   for line in output.splitlines() if line.strip().startswith("Patient:"))


@pytest.mark.django_db
def test_profiles_are_plausible_and_one_cause_is_recorded_wrongly():
    seed()
    today = timezone.now().date()
    profiles = PatientProfile.objects.filter(user__email__endswith="@demo.stride")
    assert profiles.count() == len(DEMO_COHORT)
    for profile in profiles:
        assert 50 <= years_before(today, profile.date_of_birth) < 85
        assert profile.sex in ("female", "male")
        assert profile.time_zone in ("Europe/London", "Europe/Paris", "America/New_York")
        assert profile.affected_side in ("left", "right", "both")
    causes = {p.user.email: p.suspected_cause for p in profiles.select_related("user")}
    assert sum(cause != "unknown" for cause in causes.values()) > len(causes) * 0.8
    mismatched = [
        entry.email for entry in DEMO_COHORT
        if entry.pattern == NEUROGENIC and causes[entry.email] == "vascular"
    ]
    assert len(mismatched) == 1


@pytest.mark.django_db
def test_walks_span_ninety_days_with_censored_walks_and_the_right_trends():
    seed()
    now = timezone.now()
    for entry in DEMO_COHORT:
        walks = list(Walk.objects.filter(patient__email=entry.email).order_by("started_at"))
        assert 45 <= len(walks) <= 155, entry.email  # roughly 0.5-1.5 walks a day
        assert now - timedelta(days=90) <= walks[0].started_at <= now - timedelta(days=88)
        assert now - timedelta(days=2) <= walks[-1].started_at <= now
        for walk in walks:
            assert 0.05 <= walk.distance_m / walk.duration_s <= 2.5

    censored = Walk.objects.filter(pain_onset_m__isnull=True)
    assert censored.values("patient").distinct().count() >= len(DEMO_COHORT) // 2
    assert not Walk.objects.filter(pain_onset_m=0).exists()
    for walk in censored:
        assert walk.stopped_because in ("goal_reached", "fatigue")
        assert not walk.pain_locations and not walk.pain_qualities and walk.pain_side is None
        assert walk.relief_posture is None and walk.relief_s is None and not walk.pain_nrs

    courses = {STABLE: [], WORSENING: [], IMPROVING: []}
    for entry in DEMO_COHORT:
        pain_walks = Walk.objects.filter(patient__email=entry.email, pain_onset_m__isnull=False)
        first = pain_walks.filter(started_at__lt=now - timedelta(days=60))
        last = pain_walks.filter(started_at__gte=now - timedelta(days=21))
        ratio = (statistics.median(last.values_list("pain_onset_m", flat=True))
                 / statistics.median(first.values_list("pain_onset_m", flat=True)))
        courses[entry.course].append((entry.email, round(ratio, 2)))
    assert len(courses[WORSENING]) >= 3 and len(courses[STABLE]) >= 10
    assert all(ratio < 0.75 for _, ratio in courses[WORSENING]), courses[WORSENING]
    assert all(ratio > 0.8 for _, ratio in courses[STABLE]), courses[STABLE]
    assert all(ratio > 1.15 for _, ratio in courses[IMPROVING]), courses[IMPROVING]


@pytest.mark.django_db
def test_the_same_walks_sent_again_are_duplicates():
    seed()
    entry = DEMO_COHORT[0]
    patient = User.objects.get(email=entry.email)
    stored_ids = {str(pk) for pk in patient.walks.values_list("pk", flat=True)}
    # Generated again on the same day, the stored walks come back with the same ids and content.
    again = [walk for walk in demo_walks_validated(entry, end=timezone.now())
             if str(walk["id"]) in stored_ids]
    assert len(again) == len(stored_ids)
    assert again and all(
        status == DUPLICATE for status in walks_sync(patient=patient, walks=again)
    )


def test_the_generator_is_deterministic_and_every_walk_is_valid():
    end = timezone.now()
    for entry in DEMO_COHORT:
        walks = demo_walks(entry, end=end)
        assert walks == demo_walks(entry, end=end)
        assert len({walk["id"] for walk in walks}) == len(walks)
        demo_walks_validated(entry, end=end)  # raises DemoDataError on any invalid walk


@pytest.mark.django_db
def test_demo_has_clinic_records_questionnaires_and_red_flag_alerts():
    call_command("seed_demo", stdout=StringIO())
    assert AbiMeasurement.objects.filter(category="pad").exists()
    assert AbiMeasurement.objects.filter(category="severe").exists()
    assert PostureTest.objects.filter(effect_pct__gt=100).exists()
    assert set(QuestionnaireResponse.objects.values_list("instrument", flat=True)) == {
        "wiq", "ecq", "odi", "zcq"}
    assert SymptomReport.objects.exclude(red_flags=[]).count() >= 4
    severities = set(Alert.objects.values_list("severity", flat=True))
    assert {"emergency", "urgent", "warning"} <= severities
    assert Alert.objects.filter(kind="limb_threat", patient__email="patient08@demo.stride").exists()


@pytest.mark.django_db
def test_demo_shows_a_toe_pressure_wifi_grade_and_an_exercise_abi_prompt():
    from insights.summary import patient_summary

    call_command("seed_demo", stdout=StringIO())
    by_toe = AbiMeasurement.objects.filter(
        interpretation__wifi_ischaemia_decided_by="toe_pressure")
    assert by_toe.filter(interpretation__wifi_ischaemia_grade=3).exists()
    prompted = [
        entry for entry in DEMO_COHORT
        if patient_summary(patient=User.objects.get(email=entry.email))["exercise_abi_suggested"]
    ]
    assert any(entry.pattern == NEUROGENIC for entry in prompted)
