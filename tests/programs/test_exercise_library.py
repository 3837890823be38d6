"""The exercise library: ten seeded exercises with written instructions, read by anyone signed in,
filtered by cause; media links only from our own storage or a configured host."""

import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from programs.models import Exercise
from programs.outcome_services import exercise_library_seed
from programs.outcomes import validate_media_url


@pytest.fixture(autouse=True)
def library(db):
    # The data migration seeds it; a browser test's flush may have emptied it since.
    assert exercise_library_seed() == 10


SEEDED = {"treadmill-interval-walking", "track-walking", "knee-to-chest", "seated-forward-bend",
          "posterior-pelvic-tilt", "bridging", "bird-dog", "stationary-cycling", "calf-raises",
          "hip-flexor-stretch"}


def test_the_library_starts_with_ten_exercises_with_instructions(client_for, alice):
    response = client_for(alice).get("/api/v1/exercises/")
    assert response.status_code == 200, response.content
    rows = response.json()
    assert {row["slug"] for row in rows} == SEEDED
    assert [row["name"] for row in rows] == sorted(row["name"] for row in rows)
    for row in rows:
        assert row["dose"] and len(row["instructions"]) > 200
        assert "chest pain" in row["instructions"]  # every entry says when to stop at once
        assert row["media_url"] == ""  # no media shipped yet


def test_a_cause_lists_its_exercises_and_those_for_both(client_for, cora):
    client = client_for(cora)
    vascular = {row["slug"] for row in client.get("/api/v1/exercises/",
                                                  {"cause": "vascular"}).json()}
    assert vascular == {"treadmill-interval-walking", "track-walking", "calf-raises",
                        "stationary-cycling"}
    neurogenic = {row["slug"] for row in client.get("/api/v1/exercises/",
                                                    {"cause": "neurogenic"}).json()}
    assert "knee-to-chest" in neurogenic and "stationary-cycling" in neurogenic
    assert "treadmill-interval-walking" not in neurogenic
    bad = client.get("/api/v1/exercises/", {"cause": "cardiac"})
    assert bad.status_code == 400 and "cause" in bad.json()


def test_one_exercise_by_slug_and_sign_in_needed(client_for, eve):
    response = client_for(eve).get("/api/v1/exercises/knee-to-chest/")
    assert response.status_code == 200 and response.json()["cause"] == "neurogenic"
    assert client_for(eve).get("/api/v1/exercises/no-such-thing/").status_code == 404
    assert APIClient().get("/api/v1/exercises/").status_code == 401


@pytest.mark.parametrize("url", ["", "/media/exercises/knee-to-chest.mp4",
                                 "https://media.stride.example/v/bridging.mp4"])
def test_media_from_our_storage_or_a_configured_host_are_accepted(settings, url):
    settings.EXERCISE_MEDIA_HOSTS = ["media.stride.example"]
    validate_media_url(url)


@pytest.mark.parametrize("url", [
    "https://cdn.jsdelivr.net/gh/x/bridging.mp4",  # a CDN
    "http://media.stride.example/v/bridging.mp4",  # not https
    "//cdn.example.com/bridging.mp4",  # protocol-relative: another host
    "/\\cdn.example.com/bridging.mp4",  # browsers read /\ as //
    "https://media.stride.example.evil.com/x.mp4",
    "javascript:alert(1)",
    "media/relative.mp4",
])
def test_other_media_links_are_refused(db, settings, url):
    settings.EXERCISE_MEDIA_HOSTS = ["media.stride.example"]
    with pytest.raises(ValidationError, match="never loaded from a third-party CDN"):
        validate_media_url(url)
    exercise = Exercise.objects.get(slug="bridging")
    exercise.media_url = url
    with pytest.raises(ValidationError) as refused:
        exercise.full_clean()
    assert "media_url" in refused.value.message_dict
