"""A phone that retries a sync, or sends a walk twice, never duplicates or loses a walk."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harness.payloads import walk_payload
from tracker.models import Walk


def sync(client, walks):
    return client.post("/api/v1/walks/sync/", {"walks": walks}, format="json")


def test_one_batch_sent_three_times_is_stored_once(client_for, alice):
    client = client_for(alice)
    batch = [walk_payload() for _ in range(25)]

    first = sync(client, batch)
    assert first.status_code == 200
    assert [r["status"] for r in first.json()["results"]] == ["created"] * 25

    for _ in range(2):
        again = sync(client, batch)
        assert again.status_code == 200
        assert [r["status"] for r in again.json()["results"]] == ["duplicate"] * 25

    assert Walk.objects.filter(patient=alice).count() == 25


def test_results_come_back_in_request_order_with_ids(client_for, alice):
    client = client_for(alice)
    batch = [walk_payload() for _ in range(5)]
    results = sync(client, batch).json()["results"]
    assert [r["id"] for r in results] == [w["id"] for w in batch]
    assert all(r["errors"] == {} for r in results)


def test_same_id_with_other_content_is_a_conflict_and_the_stored_walk_is_kept(client_for, alice):
    client = client_for(alice)
    walk = walk_payload(distance_m=800.0)
    sync(client, [walk])

    changed = {**walk, "distance_m": 950.0}
    result = sync(client, [changed]).json()["results"][0]

    assert result["status"] == "conflict"
    assert "id" in result["errors"]
    assert Walk.objects.get(pk=walk["id"]).distance_m == 800.0


def test_an_id_repeated_inside_one_batch_is_stored_once(client_for, alice):
    client = client_for(alice)
    walk = walk_payload()
    other_content = {**walk, "duration_s": walk["duration_s"] + 60}
    statuses = [r["status"] for r in sync(client, [walk, walk, other_content]).json()["results"]]
    assert statuses == ["created", "duplicate", "conflict"]
    assert Walk.objects.filter(pk=walk["id"]).count() == 1


def test_another_patients_walk_id_is_a_conflict_and_never_overwritten(client_for, alice, olga):
    walk = walk_payload(distance_m=700.0)
    sync(client_for(olga), [walk])

    result = sync(client_for(alice), [{**walk, "distance_m": 701.0}]).json()["results"][0]
    assert result["status"] == "conflict"
    stored = Walk.objects.get(pk=walk["id"])
    assert stored.patient == olga and stored.distance_m == 700.0

    # Even identical content does not make olga's walk alice's.
    assert sync(client_for(alice), [walk]).json()["results"][0]["status"] == "conflict"
    assert not Walk.objects.filter(patient=alice).exists()


def test_equivalent_time_zones_and_list_orders_are_the_same_walk(client_for, alice):
    client = client_for(alice)
    walk = walk_payload(
        started_at="2026-11-20T09:30:00+01:00", pain_locations=["calf", "thigh"],
    )
    sync(client, [walk])
    same = {**walk, "started_at": "2026-11-20T08:30:00Z", "pain_locations": ["thigh", "calf"]}
    assert sync(client, [same]).json()["results"][0]["status"] == "duplicate"


def test_a_thousand_walks_are_stored_in_a_constant_number_of_queries(client_for, alice):
    client = client_for(alice)

    def queries_for(n):
        batch = [walk_payload() for _ in range(n)]
        with CaptureQueriesContext(connection) as ctx:
            response = sync(client, batch)
        assert response.status_code == 200
        assert {r["status"] for r in response.json()["results"]} == {"created"}
        return len(ctx.captured_queries)

    queries_for(1)  # the first batch also opens the patient's pending evaluation
    small, large = queries_for(600), queries_for(1000)
    # Both are two INSERTs of at most 500 rows; nothing else grows with the batch.
    assert small == large <= 15
    assert Walk.objects.filter(patient=alice).count() == 1601


def test_more_than_a_thousand_walks_are_refused_whole_with_a_clear_error(client_for, alice):
    response = sync(client_for(alice), [walk_payload() for _ in range(1001)])
    assert response.status_code == 400
    assert "walks" in response.json()
    assert "1000" in str(response.json()["walks"])
    assert not Walk.objects.exists()


@pytest.mark.parametrize("body", [{}, {"walks": "nope"}, {"walks": None}, [], "x"])
def test_a_malformed_envelope_is_400_naming_walks(client_for, alice, body):
    response = client_for(alice).post("/api/v1/walks/sync/", body, format="json")
    assert response.status_code == 400


def test_clinicians_cannot_sync_walks_for_a_patient(client_for, bob, alice):
    response = sync(client_for(bob), [walk_payload()])
    assert response.status_code == 403
    assert not Walk.objects.exists()


def test_single_create_is_idempotent_too(client_for, alice):
    client = client_for(alice)
    walk = walk_payload()
    assert client.post("/api/v1/walks/", walk, format="json").status_code == 201
    assert client.post("/api/v1/walks/", walk, format="json").status_code == 200
    conflict = client.post("/api/v1/walks/", {**walk, "distance_m": 1.5e3}, format="json")
    assert conflict.status_code == 409
    assert Walk.objects.count() == 1


def test_a_deleted_walk_does_not_come_back_when_the_phone_resends_it(client_for, alice):
    client = client_for(alice)
    walk = walk_payload()
    sync(client, [walk])
    assert client.delete(f"/api/v1/walks/{walk['id']}/").status_code == 204
    result = sync(client, [walk]).json()["results"][0]
    assert result["status"] == "duplicate"
    assert client.get(f"/api/v1/walks/{walk['id']}/").status_code == 404
    assert client.get("/api/v1/walks/").json()["results"] == []


def test_an_unknown_walk_id_is_404(client_for, alice):
    assert client_for(alice).get(f"/api/v1/walks/{uuid.uuid4()}/").status_code == 404
