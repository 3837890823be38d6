"""When another patient's upload stores a walk id between our read and our insert, that walk stays
theirs: ours is a conflict, and the rest of our batch is stored all the same."""

import core.sync as sync_module
from harness.payloads import walk_payload
from tests.support.factories import WalkFactory
from tracker.models import Walk


def test_an_id_taken_during_the_upload_is_a_conflict_and_the_rest_is_stored(
    client_for, alice, olga, monkeypatch
):
    taken = walk_payload(distance_m=700.0)
    others = [walk_payload() for _ in range(3)]
    insert = sync_module._records_insert

    def olga_uploads_first(**kwargs):
        # olga's request commits the same id after alice's request has read the table.
        WalkFactory(id=taken["id"], patient=olga, distance_m=700.0)
        return insert(**kwargs)

    monkeypatch.setattr(sync_module, "_records_insert", olga_uploads_first)
    response = client_for(alice).post(
        "/api/v1/walks/sync/", {"walks": [others[0], taken, *others[1:]]}, format="json"
    )

    assert response.status_code == 200
    results = response.json()["results"]
    assert [r["status"] for r in results] == ["created", "conflict", "created", "created"]
    assert "id" in results[1]["errors"]
    stored = Walk.objects.get(pk=taken["id"])
    assert stored.patient == olga and stored.distance_m == 700.0
    assert set(Walk.objects.filter(patient=alice).values_list("id", flat=True)) == {
        Walk.objects.get(pk=walk["id"]).pk for walk in others
    }
