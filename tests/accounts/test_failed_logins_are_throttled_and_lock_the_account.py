"""Guessing passwords gets slowed down per address and locks the account for a while."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from tests.support.factories import PASSWORD


def login(client, email, password):
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


def test_five_wrong_passwords_lock_the_account_even_for_the_right_one(api, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(api, alice.email, "wrong-guess").status_code == 401
    locked = login(api, alice.email, "wrong-guess")
    assert locked.status_code == 429
    assert "locked" in locked.json()["detail"]

    # Another address with the right password is refused too: it is the account that is locked.
    other_address = APIClient(REMOTE_ADDR="10.1.2.3")
    response = login(other_address, "ALICE@patients.example", PASSWORD)
    assert response.status_code == 429 and "access" not in response.json()

    later = timezone.now() + settings.AXES_COOLOFF_TIME + timedelta(minutes=1)
    with time_machine.travel(later):
        assert login(other_address, alice.email, PASSWORD).status_code == 200


def test_a_success_resets_the_failure_count(api, alice, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        login(api, alice.email, "wrong-guess")
    assert login(api, alice.email, PASSWORD).status_code == 200
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert login(api, alice.email, "wrong-guess").status_code == 401
    assert login(api, alice.email, PASSWORD).status_code == 200


def test_one_address_is_throttled_across_accounts(api, alice, olga, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "login", "3/min")
    for email in (alice.email, olga.email, "nobody@example.org"):
        assert login(api, email, "wrong-guess").status_code == 401
    response = login(api, alice.email, PASSWORD)
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()
