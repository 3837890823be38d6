"""Sign-in, a failed sign-in and sign-out leave audit rows, for the API's tokens (knox) and the
dashboard's session alike."""

from django.test import Client

from audit.models import AuditEvent
from tests.support.factories import PASSWORD


def _auth_rows():
    return list(AuditEvent.objects.filter(action__startswith="auth.").order_by("id").values_list(
        "action", "outcome", "actor_label", "actor__email", "route"))


def test_token_sign_in_wrong_password_and_sign_out_are_recorded(api, bob):
    api.post("/api/v1/auth/login/", {"email": bob.email, "password": "wrong"}, format="json")
    token = api.post("/api/v1/auth/login/", {"email": bob.email, "password": PASSWORD},
                     format="json").json()["access"]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.post("/api/v1/auth/logout/").status_code == 204
    assert _auth_rows() == [
        ("auth.login_failed", "failure", bob.email, None, "POST /api/v1/auth/login/"),
        ("auth.login", "success", bob.email, bob.email, "POST /api/v1/auth/login/"),
        ("auth.logout", "success", bob.email, bob.email, "POST /api/v1/auth/logout/"),
    ]
    failed = AuditEvent.objects.get(action="auth.login_failed")
    assert (failed.object_type, failed.object_id) == ("accounts.user", str(bob.pk))
    assert failed.remote_addr == "127.0.0.1" and failed.patient is None


def test_a_failed_sign_in_for_an_unknown_address_is_recorded_too(api, db):
    api.post("/api/v1/auth/login/", {"email": "Nobody@Example.org", "password": "x"},
             format="json")
    assert _auth_rows() == [("auth.login_failed", "failure", "nobody@example.org", None,
                             "POST /api/v1/auth/login/")]


def test_signing_out_of_every_device_is_recorded(client_for, alice):
    client_for(alice).post("/api/v1/auth/logout-all/")
    assert [row[0] for row in _auth_rows()] == ["auth.login", "auth.logout"]


def test_dashboard_session_sign_in_and_out_are_recorded(bob):
    browser = Client()
    browser.post("/login/", {"username": bob.email, "password": "nope"})
    browser.post("/login/", {"username": bob.email, "password": PASSWORD})
    browser.post("/logout/")
    assert [(a, o, route) for a, o, _, _, route in _auth_rows()] == [
        ("auth.login_failed", "failure", "POST /login/"), ("auth.login", "success", "POST /login/"),
        ("auth.logout", "success", "POST /logout/")]
