"""A synced walk reads back exactly as it was sent, whatever characters its note holds and
whichever optional fields the phone left out (the bulk path writes rows in COPY's text format)."""

from datetime import UTC, datetime

import pytest

from harness.payloads import walk_payload

NOTES = ["tab\there", "back\\slash", "two\nlines", "carriage\rreturn", "\\N", "\\.", "é ✓ 𝄞",
         "quote ' \" ;", ""]


@pytest.mark.parametrize("note", NOTES)
def test_notes_read_back_unchanged(client_for, alice, note):
    client = client_for(alice)
    walk = walk_payload(note=note)
    assert client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json").json()[
        "results"][0]["status"] == "created"
    assert client.get(f"/api/v1/walks/{walk['id']}/").json()["note"] == note


def test_numbers_times_lists_and_defaults_read_back_unchanged(client_for, alice):
    client = client_for(alice)
    walk = walk_payload(started_at="2026-11-20T09:30:00.123456+05:30", distance_m=0.1 + 0.2,
                        duration_s=3, pain_onset_m=0.1, pain_locations=["thigh", "calf"],
                        pain_qualities=["tingling", "aching", "tingling"])
    del walk["source"], walk["terrain"]
    painless = walk_payload(pain_onset_m=None, stopped_because="goal_reached", pain_locations=[],
                            pain_side=None, pain_qualities=[], pain_nrs=None,
                            relief_posture=None, relief_s=None, distance_m=1234)
    response = client.post("/api/v1/walks/sync/", {"walks": [walk, painless]}, format="json")
    assert [r["status"] for r in response.json()["results"]] == ["created", "created"]

    stored = client.get(f"/api/v1/walks/{walk['id']}/").json()
    assert datetime.fromisoformat(stored["started_at"]) == datetime(
        2026, 11, 20, 4, 0, 0, 123456, tzinfo=UTC)
    assert stored["distance_m"] == 0.1 + 0.2  # the same double, not a rounded one
    assert stored["pain_onset_m"] == 0.1
    assert stored["pain_locations"] == ["calf", "thigh"]
    assert stored["pain_qualities"] == ["aching", "tingling"]
    assert stored["source"] == "phone" and stored["terrain"] is None
    assert stored["version"] == 1

    stored = client.get(f"/api/v1/walks/{painless['id']}/").json()
    assert stored["pain_onset_m"] is None and stored["pain_free_distance_censored"] is True
    assert stored["pain_locations"] == [] and stored["pain_nrs"] is None
    assert stored["distance_m"] == 1234.0
