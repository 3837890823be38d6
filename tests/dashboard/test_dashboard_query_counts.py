"""Every dashboard page asks the database the same number of times whether the clinic has a
handful of patients or ten times more (bench/dashboard.py times them with 500)."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from notifications.models import Alert
from programs.services import exercise_program_create
from records.models import AbiMeasurement, RutherfordAssessment
from tests.dashboard.test_dashboard_pages import signed_in
from tests.support.factories import CareTeamFactory, PatientFactory, WalkFactory


def add_patients(clinic, bob, count, prefix):
    team = CareTeamFactory(clinic=clinic, name=f"Team {prefix}")
    team.members.add(bob)
    now = timezone.now()
    for i in range(count):
        patient = PatientFactory(clinic=clinic, email=f"{prefix}{i}@patients.example",
                                 full_name=f"{prefix} {i:03d}")
        team.patients.add(patient)
        WalkFactory(patient=patient, started_at=now - timedelta(days=i % 9))
        AbiMeasurement.objects.create(patient=patient, entered_by=bob, measured_at=now,
                                      leg="left", resting_abi=0.7, category="pad")
        RutherfordAssessment.objects.create(patient=patient, entered_by=bob, assessed_at=now,
                                            category=2)
        if i % 2 == 0:
            Alert.objects.create(patient=patient, kind="pain_free_distance_decline",
                                 severity="warning", severity_rank=1, title="falling",
                                 as_of=now, evidence={"drop_pct": 40.0})
        if i % 3 == 0:
            exercise_program_create(patient=patient, entered_by=bob, data={
                "started_on": patient.patient_profile.local_today() - timedelta(days=10),
                "sessions_per_week": 3, "minutes_per_session": 30, "weeks": 12})


def query_counts(client, paths):
    counts = {}
    for path in paths:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(path)
        assert response.status_code == 200, path
        counts[path] = len(ctx.captured_queries)
    return counts


def test_each_page_keeps_its_query_count_when_the_clinic_grows_tenfold(alice, bob, clinic):
    add_patients(clinic, bob, 3, "a")
    client = signed_in(bob)
    paths = ["/", "/?cause=unknown&program=running&name=a", "/alerts/", "/programs/",
             f"/patients/{alice.pk}/", f"/patients/{alice.pk}/summary/"]
    few = query_counts(client, paths)
    add_patients(clinic, bob, 27, "b")
    many = query_counts(client, paths)
    assert many == few
