"""Shared fixtures: the four personas of the access tests, and API clients signed in as them.

- alice: a patient; bob: her clinician; cora: the coordinator of alice's team;
- olga: another patient of the same clinic, in another team (bob cannot see her);
- eve: a clinician of another clinic; pete: a patient of that other clinic.
"""

import uuid

import pytest
from rest_framework.test import APIClient
from rest_framework.throttling import ScopedRateThrottle

from accounts.models import Role
from config.celery import app
from tests.support.factories import CareTeamFactory, ClinicFactory, PatientFactory, UserFactory
from tests.support.webhook_receiver import receiver_start


@pytest.fixture(autouse=True)
def _fast_hashing(settings):
    # Argon2 is the production hasher (see config.settings); tests hash with MD5 for speed.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _isolated_cache(settings, monkeypatch):
    # Each test gets its own key prefix in the shared Redis, so parallel workers never meet.
    caches = {name: dict(config) for name, config in settings.CACHES.items()}
    caches["default"]["KEY_PREFIX"] = f"test-{uuid.uuid4().hex}"
    settings.CACHES = caches
    # Login throttling has its own test; elsewhere many logins come from one address.
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "login", "1000/min")
    monkeypatch.setitem(ScopedRateThrottle.THROTTLE_RATES, "login_account", "1000/min")


@pytest.fixture(autouse=True)
def _celery_in_process():
    """Tasks run in the test's process unless a test asks for the real worker (e2e tests)."""

    previous = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = previous


@pytest.fixture
def clinic(db):
    return ClinicFactory(name="North Vascular Clinic")


@pytest.fixture
def other_clinic(db):
    return ClinicFactory(name="South Spine Centre")


@pytest.fixture
def bob(clinic):
    return UserFactory(email="bob@north.example", clinic=clinic, role=Role.CLINICIAN)


@pytest.fixture
def cora(clinic):
    return UserFactory(email="cora@north.example", clinic=clinic, role=Role.COORDINATOR)


@pytest.fixture
def alice(clinic, bob, cora):
    patient = PatientFactory(email="alice@patients.example", clinic=clinic)
    team = CareTeamFactory(clinic=clinic, name="Bob's team")
    team.members.add(bob, cora)
    team.patients.add(patient)
    return patient


@pytest.fixture
def olga(clinic):
    patient = PatientFactory(email="olga@patients.example", clinic=clinic)
    other_doctor = UserFactory(email="dan@north.example", clinic=clinic, role=Role.CLINICIAN)
    team = CareTeamFactory(clinic=clinic, name="Dan's team")
    team.members.add(other_doctor)
    team.patients.add(patient)
    return patient


@pytest.fixture
def eve(other_clinic):
    return UserFactory(email="eve@south.example", clinic=other_clinic, role=Role.CLINICIAN)


@pytest.fixture
def pete(other_clinic, eve):
    patient = PatientFactory(email="pete@patients.example", clinic=other_clinic)
    team = CareTeamFactory(clinic=other_clinic, name="Eve's team")
    team.members.add(eve)
    team.patients.add(patient)
    return patient


@pytest.fixture
def staff(clinic):
    return UserFactory(email="sam@north.example", clinic=clinic, role=Role.STAFF, is_staff=True)


@pytest.fixture
def api():
    return APIClient()


@pytest.fixture
def client_for(db):
    """An API client signed in through the real login endpoint, with a bearer token."""

    def make(user):
        client = APIClient()
        response = client.post(
            "/api/v1/auth/login/",
            {"email": user.email, "password": "correct-horse-battery-9"},
            format="json",
        )
        assert response.status_code == 200, response.content
        client.credentials(HTTP_AUTHORIZATION=f"Bearer {response.json()['access']}")
        return client

    return make


@pytest.fixture
def receivers():
    """Start local webhook receivers (a real HTTP server each): ``receivers(statuses)`` answers
    those statuses in turn, then 200. All are stopped after the test."""
    started = []

    def start(statuses=()):
        receiver, server = receiver_start(statuses)
        started.append(server)
        return receiver

    yield start
    for server in started:
        server.shutdown()
        server.server_close()
