"""?ordering=risk puts first the patients who need attention (open alerts by severity, a decline,
silence), each row with 30 local days of pain-free distance, in a constant number of queries."""

import random
from datetime import timedelta
from zoneinfo import ZoneInfo

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from accounts.models import Role
from core.stats.censored import Observation, km_median
from insights.risk_list import day_estimate, patients_risk_ordered
from notifications.models import Alert, DetectorState
from tests.support.factories import CareTeamFactory, PatientFactory, UserFactory, WalkFactory


def alert(patient, kind, severity, rank, status="open"):
    return Alert.objects.create(patient=patient, kind=kind, severity=severity, severity_rank=rank,
                                title=kind, as_of=timezone.now(), status=status)


def team_of(clinic, clinician, count, *, prefix="p"):
    team = CareTeamFactory(clinic=clinic, name=f"Team {prefix}")
    team.members.add(clinician)
    patients = [PatientFactory(clinic=clinic, email=f"{prefix}{i}@patients.example",
                               full_name=f"{prefix} {i:03d}") for i in range(count)]
    team.patients.add(*patients)
    return patients


def risk_list(client):
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/patients/", {"ordering": "risk"})
    assert response.status_code == 200, response.content
    return response.json()["results"], len(ctx.captured_queries)


def test_alerts_by_severity_then_decline_then_silence(client_for, clinic, bob):
    now = timezone.now()
    calm, silent, urgent, emergency, declining, acknowledged, never, lesser = team_of(clinic,
                                                                                      bob, 8)
    for patient, days_ago in ((calm, 1), (silent, 12), (urgent, 1), (emergency, 2),
                              (declining, 1), (acknowledged, 1), (lesser, 1)):
        WalkFactory(patient=patient, started_at=now - timedelta(days=days_ago))
    alert(urgent, "limb_threat", "urgent", 2)
    alert(urgent, "silence", "info", 0)
    alert(emergency, "red_flag_cauda_equina", "emergency", 3)
    alert(acknowledged, "red_flag_limb_threat", "urgent", 2, status="acknowledged")
    alert(lesser, "red_flag_systemic", "warning", 1, status="acknowledged")
    DetectorState.objects.create(patient=declining, kind="pain_free_distance_decline",
                                 condition_met=True)
    never.date_joined = now - timedelta(days=3)
    never.save()

    rows, _ = risk_list(client_for(bob))
    order = [row["id"] for row in rows]
    # An acknowledged urgent alert keeps the patient with the urgent ones until it is resolved;
    # an acknowledged warning is being seen to. Equal ranks and walk times: the name decides.
    expected = [emergency, urgent, acknowledged, declining, silent, never, calm, lesser]
    assert order == [str(p.pk) for p in expected]
    by_id = {row["id"]: row for row in rows}
    assert by_id[str(urgent.pk)]["risk"]["open_alerts"] == 2
    assert by_id[str(urgent.pk)]["risk"]["max_severity"] == "urgent"
    assert by_id[str(declining.pk)]["risk"]["declining"] is True
    assert by_id[str(silent.pk)]["risk"]["days_silent"] == 12
    assert by_id[str(never.pk)]["risk"]["last_walk_at"] is None
    assert by_id[str(calm.pk)]["risk"]["max_severity"] is None
    assert by_id[str(calm.pk)]["email"] == calm.email  # the fields the list always had


def test_sparkline_has_one_value_or_null_per_local_day(client_for, clinic, bob):
    (patient,) = team_of(clinic, bob, 1)
    tz = ZoneInfo(patient.patient_profile.time_zone)
    local_now = timezone.now().astimezone(tz)
    today = local_now.date()
    yesterday = local_now.replace(hour=12, minute=0, second=0, microsecond=0) - timedelta(days=1)
    WalkFactory(patient=patient, started_at=yesterday, distance_m=600, pain_onset_m=200)
    WalkFactory(patient=patient, started_at=yesterday + timedelta(minutes=30), distance_m=500,
                pain_onset_m=None, stopped_because="goal_reached")
    WalkFactory(patient=patient, started_at=yesterday - timedelta(days=3), distance_m=700,
                pain_onset_m=None, stopped_because="goal_reached")
    too_old = yesterday - timedelta(days=40)
    WalkFactory(patient=patient, started_at=too_old, distance_m=900)

    (row,) = patients_risk_ordered(user=bob)
    assert len(row["sparkline"]) == 30
    assert row["sparkline_from"] == (today - timedelta(days=29)).isoformat()
    index = (yesterday.date() - (today - timedelta(days=29))).days
    # Yesterday: 200 with pain and 500 without: S(200) = 1/2 exactly and no later event, so the
    # median is not reached: at least 500. Three days earlier: only a pain-free 700.
    assert row["sparkline"][index] == 500 and row["sparkline_censored"][index] is True
    assert row["sparkline"][index - 3] == 700
    assert sum(value is not None for value in row["sparkline"]) == 2


def test_query_count_does_not_grow_with_the_number_of_patients(client_for, clinic, bob):
    now = timezone.now()
    client = client_for(bob)

    def add(count, prefix):
        patients = team_of(clinic, bob, count, prefix=prefix)
        for i, patient in enumerate(patients):
            WalkFactory(patient=patient, started_at=now - timedelta(days=i % 20))
            if i % 3 == 0:
                alert(patient, "silence", "warning", 1)
            if i % 4 == 0:
                DetectorState.objects.create(patient=patient, kind="pain_free_distance_decline",
                                             condition_met=True)

    add(5, "a")
    rows, few = risk_list(client)
    assert len(rows) == 5
    add(45, "b")
    rows, many = risk_list(client)
    assert len(rows) == 50
    assert few == many
    with CaptureQueriesContext(connection) as ctx:
        assert len(patients_risk_ordered(user=bob)) == 50
    assert len(ctx.captured_queries) == 2


def test_other_clinics_and_teams_stay_out_and_unknown_ordering_is_refused(
        client_for, bob, alice, olga, pete):
    rows, _ = risk_list(client_for(bob))
    assert [row["email"] for row in rows] == [alice.email]
    response = client_for(bob).get("/api/v1/patients/", {"ordering": "password"})
    assert response.status_code == 400 and "ordering" in response.json()
    other = UserFactory(clinic=alice.clinic, role=Role.COORDINATOR)
    assert patients_risk_ordered(user=other) == []


def test_the_sparklines_shortcuts_agree_with_the_kaplan_meier_median():


    rng = random.Random(7)
    for _ in range(2000):
        pain_free_share = rng.choice((0, 0.3, 1))  # days all with pain, mixed, all without
        walks = [(float(rng.choice((300, 400, 500, 600))),
                  None if rng.random() < pain_free_share else float(rng.randint(1, 3) * 100))
                 for _ in range(rng.randint(1, 6))]
        expected = km_median([Observation(d, False) if o is None else Observation(o, True)
                              for d, o in walks])
        assert day_estimate(walks) == (expected.value, not expected.reached), walks
