"""One versioned-record service for every kind: a correction keeps the previous version and
re-derives what is computed from it, an unchanged correction keeps the version, a deletion hides
the record but keeps its last version, and every change asks for the detectors to run again."""

from dataclasses import dataclass
from typing import Any

import pytest

from core.models import RecordRevision
from harness.payloads import symptom_payload, walk_payload
from notifications.models import OutboxMessage


@dataclass(frozen=True)
class Kind:
    """How to create one record of a kind through the API, and one correction of it."""

    name: str
    editor: str  # persona who may correct it: alice (the patient) or bob (her clinician)
    change: dict[str, Any]
    field: str  # a field the correction changes, as it is stored in a revision's snapshot
    old: Any
    new: Any

    def create(self, client_for, alice, bob) -> tuple[str, str]:
        """Store one record; returns its id and its URL."""
        if self.name == "walk":
            walk = walk_payload(note="first", distance_m=820.0, pain_onset_m=410.0)
            client_for(alice).post("/api/v1/walks/sync/", {"walks": [walk]}, format="json")
            return walk["id"], f"/api/v1/walks/{walk['id']}/"
        if self.name == "symptom":
            report = symptom_payload(nrs=5)
            client_for(alice).post("/api/v1/symptoms/sync/", {"symptoms": [report]}, format="json")
            return report["id"], f"/api/v1/symptoms/{report['id']}/"
        segment, body = CLINIC_BODIES[self.name]
        base = f"/api/v1/patients/{alice.pk}/{segment}/"
        response = client_for(bob).post(base, body, format="json")
        assert response.status_code == 201, response.content
        record_id = response.json()["id"]
        return record_id, f"{base}{record_id}/"


CLINIC_BODIES = {
    "abi": ("abi", {"measured_at": "2026-03-02T09:00:00Z", "leg": "right",
                    "brachial_right_mmhg": 140, "dorsalis_pedis_mmhg": 112}),
    "rutherford": ("rutherford", {"assessed_at": "2026-03-02T09:00:00Z", "category": 2}),
    "calibration": ("calibrations", {"recorded_at": "2026-03-02T09:00:00Z",
                                     "kind": "measured_course", "measured_distance_m": 400,
                                     "phone_distance_m": 440}),
    "posture_test": ("posture-tests", {"performed_at": "2026-03-02T09:00:00Z", "kind": "bicycle",
                                       "measure": "time_s", "upright_value": 300,
                                       "forward_value": 600}),
    "exercise_program": ("programs", {"started_on": "2026-03-02", "sessions_per_week": 3,
                                      "minutes_per_session": 45}),
    "procedure": ("procedures", {"performed_at": "2026-03-02T09:00:00Z", "kind": "decompression",
                                 "spinal_levels": "L4-L5"}),
}

KINDS = [
    Kind("walk", "alice", {"note": "corrected"}, "note", "first", "corrected"),
    Kind("symptom", "alice", {"nrs": 2}, "nrs", 5, 2),
    Kind("abi", "bob", {"dorsalis_pedis_mmhg": 70}, "dorsalis_pedis_mmhg", 112, 70),
    Kind("rutherford", "bob", {"category": 3}, "category", 2, 3),
    Kind("calibration", "bob", {"measured_distance_m": 420}, "measured_distance_m", 400, 420),
    Kind("posture_test", "bob", {"forward_value": 900}, "forward_value", 600, 900),
    Kind("procedure", "bob", {"spinal_levels": "L3-L5"}, "spinal_levels", "L4-L5", "L3-L5"),
    Kind("exercise_program", "bob", {"ended_on": "2026-05-24"}, "ended_on", None, "2026-05-24"),
]


def pending_evaluations(patient) -> int:
    return OutboxMessage.objects.filter(topic=OutboxMessage.Topic.EVALUATE_PATIENT,
                                        key=str(patient.pk), published_at__isnull=True).count()


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_correction_keeps_the_previous_version_and_runs_the_detectors(kind, client_for, alice,
                                                                        bob):
    record_id, url = kind.create(client_for, alice, bob)
    OutboxMessage.objects.all().delete()  # what the creation asked for is not under test here
    editor = client_for(alice if kind.editor == "alice" else bob)

    response = editor.patch(url, kind.change, format="json")

    assert response.status_code == 200, response.content
    assert response.json()[kind.field] == kind.new and response.json()["version"] == 2
    (kept,) = RecordRevision.objects.filter(record_id=record_id)
    assert kept.version == 1 and kept.action == "update" and kept.snapshot[kind.field] == kind.old
    assert kept.record_type == kind.name
    assert pending_evaluations(alice) == 1


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_an_unchanged_correction_keeps_the_version(kind, client_for, alice, bob):
    record_id, url = kind.create(client_for, alice, bob)
    editor = client_for(alice if kind.editor == "alice" else bob)
    stored = editor.get(url).json()

    response = editor.patch(url, {kind.field: stored[kind.field]}, format="json")

    assert response.status_code == 200 and response.json()["version"] == 1
    assert not RecordRevision.objects.filter(record_id=record_id).exists()


@pytest.mark.parametrize("kind", KINDS, ids=[kind.name for kind in KINDS])
def test_a_deletion_hides_the_record_keeps_it_and_runs_the_detectors(kind, client_for, alice,
                                                                    bob):
    record_id, url = kind.create(client_for, alice, bob)
    OutboxMessage.objects.all().delete()
    editor = client_for(alice if kind.editor == "alice" else bob)

    assert editor.delete(url).status_code == 204

    assert client_for(bob).get(url).status_code == 404
    assert editor.delete(url).status_code == 404
    (kept,) = RecordRevision.objects.filter(record_id=record_id)
    assert kept.action == "delete" and kept.snapshot["deleted_at"] is None
    assert kept.snapshot[kind.field] == kind.old
    assert pending_evaluations(alice) == 1


def test_a_corrected_abi_is_derived_again(client_for, alice, bob):
    kind = KINDS[2]
    _, url = kind.create(client_for, alice, bob)
    assert client_for(bob).get(url).json()["resting_abi"] == 0.8  # 112 / 140
    corrected = client_for(bob).patch(url, {"dorsalis_pedis_mmhg": 70}, format="json").json()
    assert corrected["resting_abi"] == 0.5 and corrected["category"] == "pad"  # 70 / 140


def test_a_correction_that_breaks_a_rule_of_the_whole_record_is_refused(client_for, alice, bob):
    kind = KINDS[-1]  # the exercise program
    record_id, url = kind.create(client_for, alice, bob)
    response = client_for(bob).patch(url, {"ended_on": "2026-01-01"}, format="json")
    assert response.status_code == 400 and "ended_on" in response.json()
    assert not RecordRevision.objects.filter(record_id=record_id).exists()
