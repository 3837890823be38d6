"""A phone that cannot sign in (a wrong password, a back-off) can still fetch the triage table
and show a patient what to do about a red flag."""

from rest_framework.test import APIClient


def test_the_triage_table_is_served_without_signing_in_with_its_emergency_instructions(db):
    anonymous = APIClient()
    response = anonymous.get("/api/v1/triage/")
    assert response.status_code == 200
    table = response.json()
    emergencies = [t for t in table["triages"].values() if t["severity"] == "emergency"]
    assert emergencies and all("emergency" in t["instruction"].lower() for t in emergencies)
    assert table["red_flags"]["bladder_bowel_loss"] in table["triages"]
    # The phone can keep it and check back cheaply.
    etag = response["ETag"]
    assert anonymous.get("/api/v1/triage/", HTTP_IF_NONE_MATCH=etag).status_code == 304


def test_an_expired_or_wrong_token_does_not_hide_the_triage_table(db):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Bearer not-a-token-any-more")
    assert client.get("/api/v1/triage/").status_code == 200
