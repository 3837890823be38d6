"""The login throttles count per real client address (a made-up X-Forwarded-For changes nothing)
and per account, in the shared cache that every web worker sees."""

import pytest
from axes.models import AccessAttempt
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle, SimpleRateThrottle

from tests.support.factories import PASSWORD


@pytest.fixture
def real_rates(monkeypatch, settings):
    # The defaults of config.settings (tests/conftest.py raises them for everyone else).
    for scope, rate in settings.LOGIN_THROTTLE_RATES.items():
        monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, scope, rate)


def login(client, email, password="wrong-guess", **headers):
    return client.post("/api/v1/auth/login/", {"email": email, "password": password},
                       format="json", **headers)


def first_throttled(client, *, forwarded=None, tries=50):
    """The 1-based attempt that first answers 429, each attempt at another account."""
    for n in range(1, tries + 1):
        headers = {"HTTP_X_FORWARDED_FOR": forwarded(n)} if forwarded else {}
        response = login(client, f"sprayed{n}@patients.example", **headers)
        if response.status_code == 429:
            assert "throttled" in response.json()["detail"].lower()
            assert int(response["Retry-After"]) > 0
            return n
    return None


def test_made_up_forwarded_addresses_are_throttled_like_no_header(db, real_rates):
    plain = first_throttled(APIClient(REMOTE_ADDR="198.51.100.10"))
    spoofed = first_throttled(APIClient(REMOTE_ADDR="198.51.100.20"),
                              forwarded=lambda n: f"203.0.113.{n}")
    assert plain == spoofed == 11


def test_behind_one_trusted_proxy_the_address_the_proxy_saw_counts(db, real_rates, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = APIClient(REMOTE_ADDR="10.0.0.2")
    # The client writes anything on the left; the proxy appends the address it saw.
    at = first_throttled(proxy, forwarded=lambda n: f"192.0.2.{n}, 203.0.113.7")
    assert at == 11
    # Another client behind the same proxy has its own count.
    assert login(proxy, "someone@patients.example",
                 HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 401
    # django-axes records the same address.
    recorded = set(AccessAttempt.objects.values_list("ip_address", flat=True))
    assert recorded == {"203.0.113.7", "203.0.113.8"}


def test_with_no_trusted_proxy_axes_records_the_connecting_address(api, alice):
    login(APIClient(REMOTE_ADDR="198.51.100.30"), alice.email,
          HTTP_X_FORWARDED_FOR="203.0.113.99")
    assert list(AccessAttempt.objects.values_list("ip_address", flat=True)) == ["198.51.100.30"]


def test_one_account_is_throttled_across_addresses(alice, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "login_account", "3/min")
    for n in range(3):
        assert login(APIClient(REMOTE_ADDR=f"198.51.100.{40 + n}"), alice.email).status_code == 401
    response = login(APIClient(REMOTE_ADDR="198.51.100.50"), "Alice@Patients.example", PASSWORD)
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()
    # Other accounts from the same addresses are not held back.
    assert login(APIClient(REMOTE_ADDR="198.51.100.50"), "other@patients.example").status_code \
        == 401


def test_one_address_is_throttled_across_accounts(api, alice, olga, monkeypatch):
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "login", "3/min")
    for email in (alice.email, olga.email, "nobody@example.org"):
        assert login(api, email).status_code == 401
    response = login(api, alice.email, PASSWORD)
    assert response.status_code == 429
    assert "throttled" in response.json()["detail"].lower()


def test_every_worker_counts_the_same_attempts_in_redis(db, real_rates, monkeypatch):
    assert isinstance(caches["default"], RedisCache)
    client = APIClient(REMOTE_ADDR="198.51.100.60")
    for n in range(6):
        assert login(client, f"w1-{n}@patients.example").status_code == 401
    # A second worker: its own cache connection to the same Redis.
    second_worker = caches.create_connection("default")
    monkeypatch.setattr(SimpleRateThrottle, "cache", second_worker)
    statuses = [login(client, f"w2-{n}@patients.example").status_code for n in range(5)]
    assert statuses == [401] * 4 + [429]
