"""The faster validation of phone batches gives exactly DRF's answer: the same validated values
(types and time zones included) for good items, the same errors and codes for bad ones."""

import copy
import random
import uuid
from datetime import datetime, timedelta

import pytest
from django.utils import timezone
from rest_framework import serializers

import core.serializers as phone_serializers
from harness.payloads import questionnaire_payload, symptom_payload, walk_payload
from questionnaires.serializers import QuestionnaireInputSerializer
from tracker.serializers.symptoms import SymptomInputSerializer
from tracker.serializers.walks import WalkInputSerializer

ODD_VALUES = [
    None, True, False, 0, 1, -1, 7, 10, 11, 12.0, 12.5, 2**31, 2**31 + 1, 10**400, float("inf"),
    float("nan"), 0.0, 49_999.9, 50_000, 50_000.1, "", " ", "12", "calf", "CALF", "pain",
    "left", "phone", "goal_reached", [], ["calf"], ["calf", "calf"], ["calf", "thigh", "calf"],
    ["calf", 3], ["nope"], [None], ("calf",), {"a": 1}, "2026-11-20T09:30:00",
    "2026-11-20T09:30:00+01:00", "2026-11-20T08:30:00Z", "2026-11-20", "2026-13-40T25:61:00Z",
    "1999-12-31T23:59:59Z", "x" * 70, "2026-11-20T09:30:00.123456-05:30",
    str(uuid.uuid4()), str(uuid.uuid4()).upper(), uuid.uuid4().hex, "{" + str(uuid.uuid4()) + "}",
    "urn:uuid:" + str(uuid.uuid4()), "not-a-uuid", 123456789, "a\x00b",
]


def answer(serializer_class, item, *, shortcuts: bool, monkeypatch):
    """repr of the validated data, or of the error detail with its codes."""
    if not shortcuts:
        monkeypatch.setattr(phone_serializers, "fields_internal_value",
                            lambda s, data: serializers.Serializer.to_internal_value(s, data))
    try:
        return "ok", repr(serializer_class().run_validation(copy.deepcopy(item)))
    except serializers.ValidationError as exc:
        return "error", repr(exc.detail), repr(exc.get_codes())
    except Exception as exc:  # an unexpected failure must at least be the same one
        return "raises", type(exc).__name__, str(exc)
    finally:
        monkeypatch.undo()


def variants(payload: dict, rng: random.Random) -> list:
    """The payload, each field removed, and each field set to a range of odd values."""
    items = [payload, {**payload, "unknown": 1}, {**payload, "patient": "x"}, [payload], "walk"]
    for key in payload:
        items.append({k: v for k, v in payload.items() if k != key})
        for value in ODD_VALUES:
            items.append({**payload, key: value})
    for _ in range(200):  # random combinations of two odd values
        keys = rng.sample(sorted(payload), 2)
        items.append({**payload, keys[0]: rng.choice(ODD_VALUES), keys[1]: rng.choice(ODD_VALUES)})
    return items


def bench_like_walks(rng: random.Random) -> list[dict]:
    latest = timezone.now() - timedelta(hours=1)
    walks = []
    for number in range(40):
        distance_m = round(rng.uniform(200, 1500), 1)
        walk = walk_payload(started_at=(latest - timedelta(hours=number)).isoformat(),
                            distance_m=distance_m, duration_s=rng.randint(400, 2000))
        if number % 3 == 0:
            walk.update(pain_onset_m=None, stopped_because="goal_reached", pain_locations=[],
                        pain_side=None, pain_qualities=[], pain_nrs=None, relief_posture=None,
                        relief_s=None)
        if number % 5 == 0:
            walk.update(note="  Windy.  ", pain_locations=["thigh", "calf", "calf"],
                        started_at=datetime(2026, 11, 20, 9, 30).isoformat() + "+09:00")
        walks.append(walk)
    return walks


@pytest.mark.parametrize("serializer_class, varied, plain", [
    (WalkInputSerializer, lambda: [walk_payload(), bench_like_walks(random.Random(1))[0],
                                   walk_payload(pain_while_standing=True)],
     lambda: bench_like_walks(random.Random(2))),
    (SymptomInputSerializer, lambda: [symptom_payload(red_flags=["foot_drop"])],
     lambda: [symptom_payload()]),
    (QuestionnaireInputSerializer, lambda: [questionnaire_payload()], lambda: []),
])
def test_every_item_gets_the_same_answer_as_plain_drf(serializer_class, varied, plain, monkeypatch):
    rng = random.Random(7)
    items = [item for payload in varied() for item in variants(payload, rng)] + plain()
    outcomes = {"ok": 0, "error": 0, "raises": 0}
    for item in items:
        fast = answer(serializer_class, item, shortcuts=True, monkeypatch=monkeypatch)
        reference = answer(serializer_class, item, shortcuts=False, monkeypatch=monkeypatch)
        assert fast == reference, item
        outcomes[fast[0]] += 1
    # Both good and bad items were compared, not only one kind.
    assert outcomes["ok"] >= 10 and outcomes["error"] > 200
