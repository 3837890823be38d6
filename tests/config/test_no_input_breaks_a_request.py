"""Inputs a fuzzer found that answered 500: each now gets a 400 (or a 404 for a stale page link)
naming the field and the rule, through the API as a phone or a browser sends it."""

import base64
import json

import pytest

from harness.payloads import questionnaire_payload, symptom_payload, walk_payload
from records.scoring.abi import posture_effect_percent


def _fields(response) -> set[str]:
    return set(response.json())


# --- time-zone offsets PostgreSQL cannot store ------------------------------------------------


@pytest.mark.parametrize("offset", ["+16:00", "+23:59", "-16:00", "+14:01", "-12:01"])
@pytest.mark.parametrize(("url", "param"), [
    ("/api/v1/walks/", "started_at_after"),
    ("/api/v1/walks/", "started_at_before"),
    ("/api/v1/symptoms/", "occurred_at_after"),
])
def test_an_impossible_utc_offset_in_a_date_filter_is_named(client_for, alice, url, param,
                                                               offset):
    response = client_for(alice).get(url, {param: f"2026-06-01T08:00:00{offset}"})
    assert response.status_code == 400, response.content
    assert param in _fields(response)
    assert "offset" in json.dumps(response.json())


def test_real_utc_offsets_still_filter(client_for, alice):
    client = client_for(alice)
    for offset in ("+14:00", "-12:00", "+05:45", "Z"):
        response = client.get("/api/v1/walks/",
                              {"started_at_after": f"2026-06-01T08:00:00{offset}"})
        assert response.status_code == 200, (offset, response.content)


def test_an_impossible_utc_offset_in_a_walk_is_named(client_for, alice):
    client = client_for(alice)
    walk = walk_payload(started_at="2026-06-01T08:00:00+16:00")
    response = client.post("/api/v1/walks/", walk, format="json")
    assert response.status_code == 400, response.content
    assert "started_at" in _fields(response)
    synced = client.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
    assert synced.status_code == 200
    assert synced.json()["results"][0]["status"] == "invalid"
    assert "started_at" in synced.json()["results"][0]["errors"]


@pytest.mark.parametrize("value", ["0001-01-01T00:00:00+01:00", "9999-12-31T23:59:59-01:00",
                                   "1000-01-01T00:00:00Z"])
def test_a_time_outside_the_sane_range_in_a_date_filter_is_named(client_for, alice, value):
    response = client_for(alice).get("/api/v1/walks/", {"started_at_before": value})
    assert response.status_code == 400, response.content
    assert "started_at_before" in _fields(response)


def test_a_walk_page_cursor_still_pages(client_for, alice):
    client = client_for(alice)
    client.post("/api/v1/walks/sync/", {"walks": [walk_payload() for _ in range(3)]},
                format="json")
    first = client.get("/api/v1/walks/", {"page_size": 2}).json()
    second = client.get(first["next"]).json()
    assert len(first["results"]) == 2 and len(second["results"]) == 1
    back = client.get(second["previous"]).json()
    assert [w["id"] for w in back["results"]] == [w["id"] for w in first["results"]]


# --- decimals ---------------------------------------------------------------------------------


def test_a_vanishingly_small_posture_value_is_refused(client_for, cora, alice):
    client = client_for(cora)
    url = f"/api/v1/patients/{alice.pk}/posture-tests/"
    body = {"performed_at": "2026-02-01T10:00:00Z", "kind": "shopping_cart",
            "measure": "distance_m", "upright_value": 1e-30, "forward_value": 400}
    response = client.post(url, body, format="json")
    assert response.status_code == 400, response.content
    assert "upright_value" in _fields(response)

    created = client.post(url, {**body, "upright_value": 120}, format="json")
    assert created.status_code == 201, created.content
    patched = client.patch(f"{url}{created.json()['id']}/", {"upright_value": 1e-30},
                           format="json")
    assert patched.status_code == 400, patched.content
    assert "upright_value" in _fields(patched)


def test_a_posture_effect_too_large_to_round_is_a_rule_not_a_crash():
    with pytest.raises(ValueError, match="upright"):
        posture_effect_percent(1e-30, 400)


# --- trends date range ------------------------------------------------------------------------


@pytest.mark.parametrize(("param", "value"), [("to", "0001-01-01"), ("to", "9999-12-31"),
                                              ("from", "0001-01-01"), ("from", "9999-12-31")])
def test_a_trend_day_outside_the_sane_range_is_named(client_for, bob, alice, param, value):
    response = client_for(bob).get(f"/api/v1/patients/{alice.pk}/trends/", {param: value})
    assert response.status_code == 400, response.content
    assert param in _fields(response)


# --- crafted cursors --------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/api/v1/walks/", "/api/v1/symptoms/", "/api/v1/questionnaires/"])
@pytest.mark.parametrize("position", ["2026", "not-a-time", "2026-06-01 08:00:00+16:00",
                                      "0001-01-01 00:00:00+01:00", "2026-06-01"])
def test_a_crafted_cursor_is_a_client_error(client_for, alice, url, position):
    cursor = base64.b64encode(f"r=1&p={position}".encode()).decode()
    client = client_for(alice)
    client.post("/api/v1/walks/sync/", {"walks": [walk_payload()]}, format="json")
    client.post("/api/v1/symptoms/sync/", {"symptoms": [symptom_payload()]}, format="json")
    client.post("/api/v1/questionnaires/sync/", {"questionnaires": [questionnaire_payload()]},
                format="json")
    response = client.get(url, {"cursor": cursor})
    assert response.status_code == 404, response.content
    assert response.json()["detail"] == "Invalid cursor"


# --- deep JSON --------------------------------------------------------------------------------


def test_deeply_nested_json_is_refused_before_sign_in(api):
    body = "[" * 1000 + "]" * 1000
    assert len(body) <= 2048
    response = api.post("/api/v1/auth/login/", body, content_type="application/json")
    assert response.status_code == 400, response.content
    assert "nested" in response.json()["detail"]


def test_json_nested_as_deep_as_a_real_payload_is_parsed(client_for, alice):
    # A sync batch: envelope, list, item, list of locations: depth 4.
    response = client_for(alice).post("/api/v1/walks/sync/", {"walks": [walk_payload()]},
                                      format="json")
    assert response.status_code == 200


# --- lone surrogates --------------------------------------------------------------------------


def test_a_lone_surrogate_as_an_item_id_is_named(client_for, alice):
    body = '{"walks": [{"id": "\\ud800", "distance_m": 5}]}'
    response = client_for(alice).post("/api/v1/walks/sync/", body,
                                      content_type="application/json")
    assert response.status_code == 400, response.content
    assert "walks" in json.dumps(response.json())
    assert "surrogate" in json.dumps(response.json())


def test_a_lone_surrogate_in_a_query_string_is_named(client_for, alice):
    response = client_for(alice).get("/api/v1/walks/?source=%ED%A0%80")
    assert response.status_code in (400, 200), response.content


# --- local times ------------------------------------------------------------------------------


def test_quiet_hours_are_local_times_without_an_offset(client_for, bob):
    client = client_for(bob)
    url = "/api/v1/notification-preferences/"
    response = client.patch(url, {"quiet_hours_start": "22:00Z", "quiet_hours_end": "07:00Z"},
                            format="json")
    assert response.status_code == 400, response.content
    assert {"quiet_hours_start", "quiet_hours_end"} <= _fields(response)
    response = client.patch(url, {"quiet_hours_start": "22:00", "quiet_hours_end": "07:00"},
                            format="json")
    assert response.status_code == 200, response.content
    assert response.json()["quiet_hours_start"] == "22:00:00"


@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31"])
def test_a_program_day_outside_the_sane_range_is_named(client_for, cora, alice, day):
    client = client_for(cora)
    response = client.post(f"/api/v1/patients/{alice.pk}/programs/", {
        "started_on": day, "sessions_per_week": 3, "minutes_per_session": 45}, format="json")
    assert response.status_code == 400, response.content
    assert "started_on" in _fields(response)
    assert client.get(f"/api/v1/patients/{alice.pk}/trends/").status_code == 200
    assert client.get(f"/api/v1/patients/{alice.pk}/summary/").status_code == 200


def test_a_query_with_too_many_parameters_answers_json(client_for, alice):
    query = "&".join(f"p{n}=1" for n in range(1100))
    response = client_for(alice).get(f"/api/v1/walks/?{query}")
    assert response.status_code == 400
    assert response.json() == {"detail": "Bad request."}


# --- malformed bearer tokens ------------------------------------------------------------------


@pytest.mark.parametrize("token", [b"\xff\xfe".decode("latin-1"), "abc\x00def", "x" * 5000])
def test_a_malformed_bearer_token_is_refused_with_401(api, db, token):
    response = api.get("/api/v1/walks/", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert response.status_code == 401, response.content
    assert response.json() == {"detail": "Invalid token."}


def test_a_real_bearer_token_still_signs_in(client_for, alice):
    assert client_for(alice).get("/api/v1/walks/").status_code == 200


@pytest.mark.parametrize("url", ["/api/v1/auth/logout/", "/api/v1/auth/logout-all/"])
def test_signing_out_with_a_malformed_token_is_refused_with_401(api, db, url):
    response = api.post(url, HTTP_AUTHORIZATION="Bearer abc\x00def")
    assert response.status_code == 401, response.content
