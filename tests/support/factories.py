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
        "tests.support.factories.PatientProfileFactory", factory_related_name="user"
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
