"""Test data. Passwords are real (hashed with a fast hasher in tests)."""

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from accounts.models import CareTeam, Clinic, PatientProfile, Role, User
from tracker.models import SymptomReport, Walk

PASSWORD = "correct-horse-battery-9"


class ClinicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Clinic
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Clinic {n}")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    clinic = factory.SubFactory(ClinicFactory)
    role = Role.CLINICIAN
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class PatientFactory(UserFactory):
    role = Role.PATIENT
    profile = factory.RelatedFactory(
        "tests.factories.PatientProfileFactory", factory_related_name="user"
    )


class PatientProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PatientProfile

    time_zone = "Europe/Paris"


class CareTeamFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CareTeam

    clinic = factory.SubFactory(ClinicFactory)
    name = factory.Sequence(lambda n: f"Team {n}")


class WalkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Walk

    id = factory.LazyFunction(uuid.uuid4)
    patient = factory.SubFactory(PatientFactory)
    started_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    duration_s = 600
    distance_m = 500.0
    pain_onset_m = 300.0
    stopped_because = "pain"
    pain_locations = factory.LazyFunction(lambda: ["calf"])
    pain_side = "left"
    pain_nrs = 5


def walk_payload(**overrides) -> dict:
    """A valid walk as the phone sends it."""
    payload = {
        "id": str(uuid.uuid4()),
        "started_at": (timezone.now() - timedelta(hours=3)).isoformat(),
        "duration_s": 900,
        "distance_m": 820.5,
        "pain_onset_m": 410.0,
        "stopped_because": "pain",
        "pain_locations": ["calf"],
        "pain_side": "left",
        "pain_qualities": ["cramping"],
        "pain_nrs": 6,
        "relief_posture": "standing_still",
        "relief_s": 150,
        "terrain": "flat",
        "walking_aid": "none",
        "source": "phone",
    }
    payload.update(overrides)
    return payload


class SymptomReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SymptomReport

    id = factory.LazyFunction(uuid.uuid4)
    patient = factory.SubFactory(PatientFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=5))
    kind = "cramp"
    locations = factory.LazyFunction(lambda: ["calf"])
    side = "left"
    nrs = 4


def symptom_payload(**overrides) -> dict:
    """A valid symptom report as the phone sends it, with no red flag."""
    payload = {
        "id": str(uuid.uuid4()),
        "occurred_at": (timezone.now() - timedelta(hours=2)).isoformat(),
        "kind": "night_pain",
        "locations": ["calf"],
        "side": "right",
        "nrs": 5,
        "duration_s": 1800,
        "red_flags": [],
    }
    payload.update(overrides)
    return payload


ODI_SECTIONS = ("pain_intensity", "personal_care", "lifting", "walking", "sitting", "standing",
                "sleeping", "sex_life", "social_life", "travelling")


def questionnaire_payload(**overrides) -> dict:
    """A completed Oswestry Disability Index as the phone sends it (every section scored 2)."""
    payload = {
        "id": str(uuid.uuid4()),
        "instrument": "odi",
        "answered_at": (timezone.now() - timedelta(hours=1)).isoformat(),
        "answers": dict.fromkeys(ODI_SECTIONS, 2),
    }
    payload.update(overrides)
    return payload
