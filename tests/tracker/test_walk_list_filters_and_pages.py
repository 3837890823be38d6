"""The walk list: newest first, filtered by patient and time, paged by cursor."""

from datetime import UTC, datetime, timedelta

from accounts.services import care_team_add_patients
from tests.support.factories import PatientFactory, WalkFactory

BASE = datetime(2026, 6, 1, 8, 0, tzinfo=UTC)


def test_clinician_filters_by_patient_and_date_range(client_for, bob, alice):
    other = PatientFactory(email="second@patients.example", clinic=alice.clinic)
    care_team_add_patients(care_team=alice.patient_care_teams.get(), patients=[other])
    for day in range(10):
        WalkFactory(patient=alice, started_at=BASE + timedelta(days=day))
        WalkFactory(patient=other, started_at=BASE + timedelta(days=day))

    response = client_for(bob).get("/api/v1/walks/", {
        "patient": str(alice.pk),
        "started_at_after": (BASE + timedelta(days=2)).isoformat(),
        "started_at_before": (BASE + timedelta(days=5)).isoformat(),
    })
    assert response.status_code == 200
    walks = response.json()["results"]
    assert len(walks) == 4
    assert {w["patient"] for w in walks} == {str(alice.pk)}
    starts = [w["started_at"] for w in walks]
    assert starts == sorted(starts, reverse=True)


def test_cursor_pages_cover_every_walk_once(client_for, alice):
    for day in range(25):
        WalkFactory(patient=alice, started_at=BASE + timedelta(hours=day))
    client = client_for(alice)
    seen, url, pages = [], "/api/v1/walks/?page_size=10", 0
    while url and pages < 10:
        body = client.get(url).json()
        seen += [w["id"] for w in body["results"]]
        url, pages = body["next"], pages + 1
    assert pages == 3
    assert len(seen) == len(set(seen)) == 25
