"""Guessing passwords makes the account wait longer and longer, instead of a lock anyone can set
off; a signed-in phone keeps working, and the account holder is told by e-mail once."""

from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from rest_framework.test import APIClient

from accounts.signals import sign_in_backed_off
from tests.support.factories import PASSWORD


def login(client, email, password):
    return client.post("/api/v1/auth/login/", {"email": email, "password": password}, format="json")


def fail(client, email, times):
    return [login(client, email, "wrong-guess") for _ in range(times)]


@pytest.fixture
def traveller():
    """Moves the clock on by a number of seconds from now, for the rest of the test."""
    machine = time_machine.travel(timezone.now(), tick=True)
    clock = machine.start()

    def move(seconds):
        clock.shift(timedelta(seconds=seconds))

    yield move
    machine.stop()


def test_five_wrong_passwords_make_the_account_wait_a_minute_then_the_right_one_works(
        api, alice, traveller):
    assert [r.status_code for r in fail(api, alice.email, 4)] == [401] * 4
    fifth = login(api, alice.email, "wrong-guess")
    assert fifth.status_code == 429
    assert fifth["Retry-After"] == "60"
    assert fifth.json()["code"] == "sign_in_backoff" and fifth.json()["retry_after_s"] == 60
    assert "Wait 1 minute" in fifth.json()["detail"]

    # It is the account that waits: the right password from elsewhere waits too.
    elsewhere = APIClient(REMOTE_ADDR="10.1.2.3")
    refused = login(elsewhere, "ALICE@patients.example", PASSWORD)
    assert refused.status_code == 429 and "access" not in refused.json()

    traveller(61)
    assert login(elsewhere, alice.email, PASSWORD).status_code == 200


def test_the_wait_doubles_with_each_failure_up_to_fifteen_minutes(api, alice, traveller):
    fail(api, alice.email, 4)
    waits = []
    for _ in range(7):
        response = login(api, alice.email, "wrong-guess")
        assert response.status_code == 429
        waits.append(int(response["Retry-After"]))
        traveller(waits[-1] + 1)
    assert waits == [60, 120, 240, 480, 900, 900, 900]
    assert login(api, alice.email, PASSWORD).status_code == 200


def test_tries_during_the_wait_are_refused_without_stretching_it(api, alice, traveller):
    fail(api, alice.email, 5)
    for _ in range(20):
        traveller(2)
        response = login(api, alice.email, "wrong-guess")
        assert response.status_code == 429
    # 40 s have passed of the 60: what is left has shrunk, not grown.
    assert int(login(api, alice.email, PASSWORD)["Retry-After"]) <= 21
    traveller(22)
    assert login(api, alice.email, PASSWORD).status_code == 200


def test_a_success_resets_the_failure_count(api, alice, settings):
    fail(api, alice.email, settings.AXES_FAILURE_LIMIT - 1)
    assert login(api, alice.email, PASSWORD).status_code == 200
    assert [r.status_code for r in fail(api, alice.email, 4)] == [401] * 4
    assert login(api, alice.email, PASSWORD).status_code == 200


def test_an_address_with_no_account_waits_the_same_way(api, db):
    responses = fail(api, "nobody@nowhere.example", 5)
    assert [r.status_code for r in responses] == [401] * 4 + [429]
    assert responses[-1]["Retry-After"] == "60"
    assert responses[-1].json()["code"] == "sign_in_backoff"


def test_a_signed_in_phone_keeps_working_while_the_account_waits_or_is_locked(
        client_for, alice, settings, traveller):
    phone = client_for(alice)
    attacker = APIClient(REMOTE_ADDR="192.0.2.66")
    fail(attacker, alice.email, 5)
    assert login(attacker, alice.email, PASSWORD).status_code == 429
    assert phone.get("/api/v1/auth/me/").status_code == 200
    assert phone.get("/api/v1/walks/").status_code == 200

    # NIST SP 800-63B's ceiling of consecutive failures locks the account (here lowered to 7).
    settings.LOGIN_FAILURE_HARD_LIMIT = 7
    for _ in range(2):
        traveller(3600)
        login(attacker, alice.email, "wrong-guess")
    locked = login(attacker, alice.email, PASSWORD)
    assert locked.status_code == 429 and locked.json()["code"] == "account_locked"
    assert int(locked["Retry-After"]) > 23 * 3600
    assert phone.get("/api/v1/auth/me/").json()["email"] == alice.email


def test_the_account_holder_is_emailed_once_per_episode(
        api, alice, mailoutbox, traveller, django_capture_on_commit_callbacks):
    announced = []

    def listener(sender, user, failures, retry_at, request, **kwargs):
        announced.append((user.email, failures, retry_at is not None))

    sign_in_backed_off.connect(listener)
    try:
        _emailed_once_per_episode(api, alice, mailoutbox, traveller,
                                  django_capture_on_commit_callbacks)
    finally:
        sign_in_backed_off.disconnect(listener)
    # The signal (for the audit trail) comes with each e-mail, not with each failure.
    assert announced == [(alice.email, 5, True), (alice.email, 5, True)]


def _emailed_once_per_episode(api, alice, mailoutbox, traveller,
                              django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fail(api, alice.email, 5)
        for _ in range(3):  # more failures after each wait: still the same episode
            traveller(1000)
            fail(api, alice.email, 1)
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == [alice.email]
    assert "wrong password" in mail.subject
    assert "stays signed in" in mail.body and "wrong-guess" not in mail.body

    # A correct sign-in ends the episode; the next run of failures is told about again.
    traveller(1000)
    assert login(api, alice.email, PASSWORD).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        fail(api, alice.email, 6)
    assert len(mailoutbox) == 2


def test_no_email_goes_out_for_an_address_without_an_account(
        api, db, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        fail(api, "nobody@nowhere.example", 6)
    assert mailoutbox == []
