"""Valid records as a phone sends them, for the tests and the benchmarks (plain dicts; no
Django settings needed)."""

import uuid
from datetime import UTC, datetime, timedelta


def _now() -> datetime:
    return datetime.now(UTC)


def walk_payload(**overrides) -> dict:
    """A valid walk as the phone sends it."""
    payload = {
        "id": str(uuid.uuid4()),
        "started_at": (_now() - timedelta(hours=3)).isoformat(),
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


def symptom_payload(**overrides) -> dict:
    """A valid symptom report as the phone sends it, with no red flag."""
    payload = {
        "id": str(uuid.uuid4()),
        "occurred_at": (_now() - timedelta(hours=2)).isoformat(),
        "kind": "cramp",
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
        "answered_at": (_now() - timedelta(hours=1)).isoformat(),
        "answers": dict.fromkeys(ODI_SECTIONS, 2),
    }
    payload.update(overrides)
    return payload
