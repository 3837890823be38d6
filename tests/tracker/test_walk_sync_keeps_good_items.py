"""A batch with bad items stores its good ones and says, per bad item, which field broke which
rule."""

import json
import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from harness.payloads import walk_payload
from tracker.models import Walk


def sync(client, walks):
    return client.post("/api/v1/walks/sync/", {"walks": walks}, format="json")


def test_bad_items_are_named_and_good_items_are_stored(client_for, alice):
    good_1, good_2 = walk_payload(), walk_payload()
    bad_distance = walk_payload(distance_m=60_000)
    bad_nrs = walk_payload(pain_nrs=11)
    batch = [good_1, bad_distance, good_2, bad_nrs]

    results = sync(client_for(alice), batch).json()["results"]

    assert [r["status"] for r in results] == ["created", "invalid", "created", "invalid"]
    assert results[1]["id"] == bad_distance["id"]
    assert "distance_m" in results[1]["errors"]
    assert "50000" in results[1]["errors"]["distance_m"][0]
    assert list(results[3]["errors"]) == ["pain_nrs"]
    assert set(Walk.objects.values_list("id", flat=True)) == {
        uuid.UUID(good_1["id"]), uuid.UUID(good_2["id"])
    }


def test_walk_without_pain_keeps_pain_onset_null_not_zero(client_for, alice):
    client = client_for(alice)
    walk = walk_payload(
        pain_onset_m=None, stopped_because="goal_reached", pain_locations=[], pain_side=None,
        pain_qualities=[], pain_nrs=None, relief_posture=None, relief_s=None,
    )
    assert sync(client, [walk]).json()["results"][0]["status"] == "created"

    stored = Walk.objects.get(pk=walk["id"])
    assert stored.pain_onset_m is None
    assert stored.pain_free_distance_censored is True
    listed = client.get(f"/api/v1/walks/{walk['id']}/").json()
    assert listed["pain_onset_m"] is None
    assert listed["pain_free_distance_censored"] is True


def test_walk_that_omits_pain_onset_is_stored_as_no_pain(client_for, alice):
    walk = walk_payload(stopped_because="fatigue")
    for field in ("pain_onset_m", "pain_locations", "pain_side", "pain_qualities", "pain_nrs",
                  "relief_posture", "relief_s"):
        walk.pop(field)
    assert sync(client_for(alice), [walk]).json()["results"][0]["status"] == "created"
    assert Walk.objects.get(pk=walk["id"]).pain_onset_m is None


def now_minus(**delta):
    return (timezone.now() - timedelta(**delta)).isoformat()


BAD_WALKS = [
    ("distance_m", {"distance_m": -1}, "at least 0"),
    ("distance_m", {"distance_m": 50_001}, "at most 50000"),
    ("duration_s", {"duration_s": 0}, "at least 1"),
    ("duration_s", {"duration_s": 12 * 3600 + 1}, "at most 43200"),
    ("distance_m", {"distance_m": 5000, "duration_s": 600, "pain_onset_m": 100},
     "faster than walking"),
    ("distance_m", {"distance_m": 2, "duration_s": 3600, "pain_onset_m": 1}, "too slow"),
    ("pain_onset_m", {"pain_onset_m": 900, "distance_m": 800}, "greater than distance_m"),
    ("started_at", {"started_at": (timezone.now() + timedelta(hours=1)).isoformat()}, "future"),
    ("started_at", {"started_at": "1999-12-31T23:00:00Z"}, "2000"),
    ("started_at", {"started_at": "2026-01-10T10:00:00"}, "UTC offset"),
    ("started_at", {"started_at": "yesterday"}, "format"),
    ("stopped_because", {"stopped_because": "bored"}, "not one of"),
    ("pain_locations", {"pain_locations": ["calf", "elbow"]}, "not one of"),
    ("pain_qualities", {"pain_qualities": "cramping"}, "list"),
    ("relief_posture", {"relief_posture": "handstand"}, "not one of"),
    ("terrain", {"terrain": "moon"}, "not one of"),
    ("walking_aid", {"walking_aid": "skateboard"}, "not one of"),
    ("source", {"source": "smartwatch"}, "not one of"),
    ("relief_posture", {"pain_onset_m": None, "stopped_because": "fatigue", "pain_locations": [],
                        "pain_side": None, "pain_qualities": [], "pain_nrs": None,
                        "relief_s": None}, "only for a walk where pain came"),
    ("pain_onset_m", {"pain_onset_m": None, "relief_posture": None, "relief_s": None,
                      "pain_locations": [], "pain_side": None, "pain_qualities": [],
                      "pain_nrs": None}, "Required when stopped_because is 'pain'"),
    ("distance_m", {"distance_m": "800"}, "number"),
    ("distance_m", {"distance_m": True}, "number"),
    ("duration_s", {"duration_s": 900.5}, "whole number"),
    ("pain_nrs", {"pain_nrs": [5]}, "whole number"),
    ("note", {"note": "bad\x00byte"}, "Null characters"),
    ("note", {"note": "x" * 1001}, "1000"),
    ("id", {"id": "not-a-uuid"}, "UUID"),
    ("patient", {"patient": "00000000-0000-0000-0000-000000000001"}, "signed-in patient"),
    ("patient_id", {"patient_id": 7}, "signed-in patient"),
    ("mood", {"mood": "happy"}, "Unknown field"),
]


def flatten(errors) -> str:
    """Error messages as one string; list items report their errors keyed by position."""
    if isinstance(errors, dict):
        return " ".join(flatten(value) for value in errors.values())
    if isinstance(errors, list):
        return " ".join(flatten(value) for value in errors)
    return str(errors)


@pytest.mark.parametrize(("field", "change", "rule"), BAD_WALKS,
                         ids=[f"{f}:{r}" for f, _, r in BAD_WALKS])
def test_each_rule_answers_with_its_field(client_for, alice, field, change, rule):
    client = client_for(alice)
    walk = {**walk_payload(), **change}

    single = client.post("/api/v1/walks/", walk, format="json")
    assert single.status_code == 400, single.content
    assert field in single.json()
    assert rule.lower() in flatten(single.json()[field]).lower()

    result = sync(client, [walk]).json()["results"][0]
    assert result["status"] == "invalid"
    assert field in result["errors"]
    assert not Walk.objects.exists()


@pytest.mark.parametrize("item", [None, 7, "walk", ["a"], {}])
def test_items_that_are_not_walks_are_invalid_without_harming_the_batch(client_for, alice, item):
    good = walk_payload()
    results = sync(client_for(alice), [item, good]).json()["results"]
    assert results[0]["status"] == "invalid" and results[0]["errors"]
    assert results[1]["status"] == "created"


def test_clock_skew_of_a_few_minutes_is_accepted(client_for, alice):
    started = (timezone.now() - timedelta(seconds=600) + timedelta(minutes=4)).isoformat()
    walk = walk_payload(started_at=started, duration_s=600, distance_m=500, pain_onset_m=250)
    assert sync(client_for(alice), [walk]).json()["results"][0]["status"] == "created"


def test_oversized_body_is_413_not_500(client_for, alice, settings):
    settings.API_MAX_BODY_BYTES = 10_000
    walks = [walk_payload(note="x" * 900) for _ in range(20)]
    response = sync(client_for(alice), walks)
    assert response.status_code == 413


def test_invalid_json_and_nan_are_400(client_for, alice):
    client = client_for(alice)
    for body in ('{"walks": [', '{"walks": [{"distance_m": NaN}]}'):
        response = client.post("/api/v1/walks/sync/", body, content_type="application/json")
        assert response.status_code == 400


def test_nul_byte_in_an_id_is_invalid_not_500(client_for, alice):
    walk = walk_payload(id="abc\x00def")
    result = sync(client_for(alice), [walk]).json()["results"][0]
    assert result["status"] == "invalid" and "id" in result["errors"]
    assert result["id"] is None


def test_a_number_too_large_for_a_float_is_invalid_not_500(client_for, alice):
    client = client_for(alice)
    # 400 nines: valid JSON, and a whole number no float can hold.
    item = json.dumps({**walk_payload(), "distance_m": 0}).replace(
        '"distance_m": 0', '"distance_m": ' + "9" * 400)
    body = f'{{"walks": [{item}]}}'
    response = client.post("/api/v1/walks/sync/", body, content_type="application/json")
    assert response.status_code == 200
    result = response.json()["results"][0]
    assert result["status"] == "invalid" and "distance_m" in result["errors"]


@pytest.mark.parametrize("value", ["true", 1, 0, "yes"])
def test_pain_while_standing_must_be_a_json_boolean_or_null(client_for, alice, value):
    walk = walk_payload(pain_while_standing=value)
    result = sync(client_for(alice), [walk]).json()["results"][0]
    assert result["status"] == "invalid" and list(result["errors"]) == ["pain_while_standing"]


def test_pain_while_standing_keeps_yes_no_and_not_asked_apart(client_for, alice):
    client = client_for(alice)
    standing, no, unsaid = (walk_payload(pain_while_standing=True),
                            walk_payload(pain_while_standing=False), walk_payload())
    assert [r["status"] for r in sync(client, [standing, no, unsaid]).json()["results"]] == [
        "created", "created", "created"]
    assert client.get(f"/api/v1/walks/{standing['id']}/").json()["pain_while_standing"] is True
    assert client.get(f"/api/v1/walks/{no['id']}/").json()["pain_while_standing"] is False
    assert client.get(f"/api/v1/walks/{unsaid['id']}/").json()["pain_while_standing"] is None
    painless = walk_payload(pain_onset_m=None, stopped_because="goal_reached", pain_locations=[],
                            pain_side=None, pain_qualities=[], pain_nrs=None,
                            relief_posture=None, relief_s=None, pain_while_standing=True)
    result = sync(client, [painless]).json()["results"][0]
    assert result["status"] == "invalid" and list(result["errors"]) == ["pain_while_standing"]
