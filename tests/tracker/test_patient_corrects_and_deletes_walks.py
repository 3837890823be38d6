"""A patient corrects or deletes their own walk, and every previous version is kept."""

from core.models import RecordRevision
from harness.payloads import walk_payload
from tracker.models import Walk


def test_correction_keeps_the_previous_version(client_for, alice, bob):
    client = client_for(alice)
    walk = walk_payload(distance_m=800.0, pain_onset_m=400.0)
    client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")

    response = client.patch(f"/api/v1/walks/{walk['id']}/", {"pain_onset_m": 350.0}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["pain_onset_m"] == 350.0 and response.json()["version"] == 2

    revisions = client_for(bob).get(f"/api/v1/walks/{walk['id']}/revisions/").json()
    assert len(revisions) == 1
    assert revisions[0]["version"] == 1 and revisions[0]["action"] == "update"
    assert revisions[0]["snapshot"]["pain_onset_m"] == 400.0
    assert revisions[0]["changed_by"] == str(alice.pk)


def test_a_correction_is_checked_as_a_whole_walk(client_for, alice):
    client = client_for(alice)
    walk = walk_payload(distance_m=800.0, pain_onset_m=400.0)
    client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
    response = client.patch(f"/api/v1/walks/{walk['id']}/", {"distance_m": 300.0}, format="json")
    assert response.status_code == 400 and "pain_onset_m" in response.json()
    assert Walk.objects.get(pk=walk["id"]).distance_m == 800.0
    assert not RecordRevision.objects.exists()


def test_the_id_of_a_walk_cannot_change(client_for, alice):
    client = client_for(alice)
    walk = walk_payload()
    client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
    response = client.patch(
        f"/api/v1/walks/{walk['id']}/", {"id": walk_payload()["id"]}, format="json"
    )
    assert response.status_code == 400 and "id" in response.json()


def test_an_unchanged_correction_makes_no_new_version(client_for, alice):
    client = client_for(alice)
    walk = walk_payload()
    client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
    assert client.patch(f"/api/v1/walks/{walk['id']}/", {}, format="json").json()["version"] == 1
    assert not RecordRevision.objects.exists()


def test_deletion_hides_the_walk_and_keeps_its_last_version(client_for, alice, bob):
    client = client_for(alice)
    walk = walk_payload()
    client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")

    assert client.delete(f"/api/v1/walks/{walk['id']}/").status_code == 204
    assert client_for(bob).get(f"/api/v1/walks/{walk['id']}/").status_code == 404
    assert client.get("/api/v1/walks/").json()["results"] == []
    kept = RecordRevision.objects.get(record_id=walk["id"])
    assert kept.action == "delete" and kept.snapshot["distance_m"] == walk["distance_m"]
    assert Walk.objects.filter(pk=walk["id"]).exists()  # kept for the record
