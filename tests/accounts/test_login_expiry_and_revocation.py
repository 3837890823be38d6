"""A phone signs in with e-mail and password, gets a bearer token that expires and can be
revoked."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from tests.support.factories import PASSWORD


def login(client, email, password=PASSWORD):
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


def test_login_returns_a_bearer_token_that_works(api, alice):
    response = login(api, "Alice@Patients.example")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer"
    assert body["user"]["role"] == "patient"
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    assert api.get("/api/v1/auth/me/").json()["email"] == "alice@patients.example"


def test_wrong_password_is_refused_without_saying_which_part_was_wrong(api, alice):
    response = login(api, alice.email, "not-the-password")
    assert response.status_code == 401
    assert response.json()["detail"] == "E-mail or password is wrong."
    assert "access" not in response.json()


def test_login_names_missing_fields(api, db):
    response = api.post("/api/v1/auth/login/", {"email": "x"}, format="json")
    assert response.status_code == 400
    assert set(response.json()) == {"email", "password"}


def test_token_expires(api, alice, settings):
    body = login(api, alice.email).json()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {body['access']}")
    ttl = settings.REST_KNOX["TOKEN_TTL"]
    with time_machine.travel(timezone.now() + ttl - timedelta(minutes=1)):
        assert api.get("/api/v1/auth/me/").status_code == 200
    with time_machine.travel(timezone.now() + ttl + timedelta(minutes=1)):
        assert api.get("/api/v1/auth/me/").status_code == 401


def test_logout_revokes_only_that_token(alice):
    phone, tablet = APIClient(), APIClient()
    for client in (phone, tablet):
        access = login(client, alice.email).json()["access"]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert phone.post("/api/v1/auth/logout/").status_code == 204
    assert phone.get("/api/v1/auth/me/").status_code == 401
    assert tablet.get("/api/v1/auth/me/").status_code == 200


def test_logout_all_revokes_every_device(alice):
    phone, tablet = APIClient(), APIClient()
    for client in (phone, tablet):
        access = login(client, alice.email).json()["access"]
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {access}")
    assert phone.post("/api/v1/auth/logout-all/").status_code == 204
    assert phone.get("/api/v1/auth/me/").status_code == 401
    assert tablet.get("/api/v1/auth/me/").status_code == 401


def test_deactivated_user_token_stops_working(api, alice):
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {login(api, alice.email).json()['access']}")
    alice.is_active = False
    alice.save()
    assert api.get("/api/v1/auth/me/").status_code == 401


def test_garbage_token_is_401(api, db):
    api.credentials(HTTP_AUTHORIZATION="Bearer not-a-token")
    assert api.get("/api/v1/walks/").status_code == 401
