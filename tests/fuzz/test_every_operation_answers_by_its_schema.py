"""Every API operation, fed schemathesis' generated input (valid and invalid) as a patient and as
a clinician, answers without a server error, with a status, content type and body its OpenAPI
description promises.

Run by ``scripts/fuzz.sh`` (in ``.ci/run``): a fixed seed and FUZZ_EXAMPLES examples per
operation and persona (50 by default), in process through Django's WSGI handler, on the test
database."""

import os
import uuid
import zlib
from datetime import timedelta

import hypothesis
import pytest
import schemathesis
from django.core.wsgi import get_wsgi_application
from django.utils import timezone
from drf_spectacular.generators import SchemaGenerator
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from harness.payloads import symptom_payload, walk_payload
from tests.fuzz.conftest import ANSWERS, wsgi_connection_kept

SEED = 20261201
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "50"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance,
          response_schema_conformance]

pytestmark = [pytest.mark.fuzz, pytest.mark.django_db]

_config = schemathesis.Config.from_dict({
    "seed": SEED,
    "generation": {"max-examples": EXAMPLES},
    "phases": {
        # Stateful links are not described by the schema; each operation is fuzzed on its own.
        "stateful": {"enabled": False},
    },
})
schema = schemathesis.openapi.from_dict(SchemaGenerator().get_schema(request=None, public=True),
                                        config=_config)
schema.app = get_wsgi_application()


@pytest.fixture(params=["patient", "clinician"])
def persona(request, alice, bob, client_for):
    """The signed-in user and the ids of records they may see, by kind, so that about half of
    the generated requests with an id reach a real record rather than a 404."""
    patient = client_for(alice)
    # Fixed ids and distinct times: the lists (and so the ids picked) come in the same order.
    yesterday = timezone.now().replace(hour=6, minute=0, second=0, microsecond=0) - timedelta(1)

    def at(hour):
        return (yesterday + timedelta(hours=hour)).isoformat()

    walk = walk_payload(id=str(uuid.UUID(int=1)), started_at=at(0))
    patient.post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
    patient.post("/api/v1/symptoms/sync/", {"symptoms": [
        symptom_payload(id=str(uuid.UUID(int=2)), occurred_at=at(2)),
        symptom_payload(id=str(uuid.UUID(int=3)), occurred_at=at(3), kind="rest_pain",
                        red_flags=["cold_limb"])]}, format="json")
    message = {"id": str(uuid.UUID(int=4)), "text": "My calf hurts.", "sent_at": at(4)}
    patient.post("/api/v1/messages/sync/", {"messages": [message]}, format="json")
    clinician = client_for(bob)
    base = f"/api/v1/patients/{alice.pk}"
    records = {
        "abi": {"measured_at": "2026-03-02T09:00:00Z", "leg": "left", "brachial_left_mmhg": 130,
                "dorsalis_pedis_mmhg": 98},
        "posture-tests": {"performed_at": "2026-02-01T10:00:00Z", "kind": "shopping_cart",
                          "measure": "distance_m", "upright_value": 120, "forward_value": 400},
        "programs": {"started_on": "2026-03-02", "sessions_per_week": 3,
                     "minutes_per_session": 45},
    }
    ids = {"patients": [str(alice.pk)]}  # by the path segment before the id
    for segment, body in records.items():
        response = clinician.post(f"{base}/{segment}/", body, format="json")
        assert response.status_code == 201, response.content
        ids[segment] = [response.json()["id"]]
    for listing in ("walks", "symptoms", "alerts"):
        ids[listing] = [row["id"] for row in clinician.get(f"/api/v1/{listing}/").json()["results"]]
    ids["messages"] = [message["id"]]
    user = alice if request.param == "patient" else bob
    return {"name": request.param, "user": user, "ids": ids,
            "token": AuthToken.objects.create(user=user)[1]}


@schema.parametrize()
@hypothesis.settings(deadline=None, database=None, derandomize=True,
                     suppress_health_check=list(hypothesis.HealthCheck))
def test_every_operation_answers_by_its_schema(case, persona):
    # Half the generated ids (decided by the ids themselves, so the run stays reproducible)
    # become a record of that kind which the persona may see.
    pick = zlib.crc32(repr(sorted((case.path_parameters or {}).items())).encode())
    if pick % 2:
        for name in case.path_parameters or {}:
            segment = case.path.split(f"/{{{name}}}")[0].rsplit("/", 1)[-1]
            choices = persona["ids"].get(segment)
            if choices:
                case.path_parameters[name] = choices[pick // 2 % len(choices)]
    token = persona["token"]
    if case.path.endswith(("/logout/", "/logout-all/")):  # would revoke the persona's token
        token = AuthToken.objects.create(user=persona["user"])[1]
    headers = {"Authorization": f"Bearer {token}"}
    with wsgi_connection_kept():
        response = case.call(headers=headers)
    ANSWERS[persona["name"], response.status_code] += 1
    case.validate_response(response, checks=CHECKS, headers=headers)
