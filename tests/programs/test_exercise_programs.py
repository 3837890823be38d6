"""Coordinators and clinicians start, correct, end and delete a patient's exercise program; the
old versions are kept, and the trends mark its start and end."""

from core.models import RecordRevision
from programs.models import ExerciseProgram

PROGRAM = {"started_on": "2026-03-02", "sessions_per_week": 3, "minutes_per_session": 45,
           "note": "Treadmill, walk to moderate pain, rest, repeat."}


def url(patient, program=None):
    base = f"/api/v1/patients/{patient.pk}/programs/"
    return f"{base}{program}/" if program else base


def test_coordinator_starts_and_ends_a_program_and_the_old_version_is_kept(
        client_for, cora, bob, alice):
    coordinator = client_for(cora)
    created = coordinator.post(url(alice), PROGRAM, format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["entered_by"] == str(cora.pk) and body["ended_on"] is None
    assert body["version"] == 1

    ended = client_for(bob).patch(url(alice, body["id"]), {"ended_on": "2026-05-24"},
                                  format="json")
    assert ended.status_code == 200, ended.content
    assert ended.json()["ended_on"] == "2026-05-24" and ended.json()["version"] == 2
    (kept,) = RecordRevision.objects.filter(record_id=body["id"])
    assert kept.snapshot["ended_on"] is None and kept.snapshot["started_on"] == "2026-03-02"

    listed = client_for(alice).get(url(alice))
    assert [p["id"] for p in listed.json()] == [body["id"]]


def test_a_deleted_program_leaves_the_list_and_the_trends(client_for, cora, alice):
    coordinator = client_for(cora)
    program_id = coordinator.post(url(alice), PROGRAM, format="json").json()["id"]
    params = {"from": "2026-03-01", "to": "2026-03-08", "bucket": "week"}
    trends = coordinator.get(f"/api/v1/patients/{alice.pk}/trends/", params).json()
    assert trends["program"]["id"] == program_id
    assert [a["kind"] for a in trends["annotations"]] == ["program_start"]

    assert coordinator.delete(url(alice, program_id)).status_code == 204
    assert coordinator.get(url(alice)).json() == []
    assert coordinator.get(url(alice, program_id)).status_code == 404
    trends = coordinator.get(f"/api/v1/patients/{alice.pk}/trends/", params).json()
    assert trends["program"] is None and trends["annotations"] == []
    assert ExerciseProgram.objects.get(pk=program_id).deleted_at is not None


def test_bad_programs_answer_400_naming_the_field(client_for, cora, alice):
    coordinator = client_for(cora)
    cases = [
        ({**PROGRAM, "ended_on": "2026-03-01"}, "ended_on"),
        ({**PROGRAM, "sessions_per_week": 0}, "sessions_per_week"),
        ({**PROGRAM, "minutes_per_session": 600}, "minutes_per_session"),
        ({**PROGRAM, "started_on": "soon"}, "started_on"),
        ({k: v for k, v in PROGRAM.items() if k != "started_on"}, "started_on"),
    ]
    for body, field in cases:
        response = coordinator.post(url(alice), body, format="json")
        assert response.status_code == 400 and field in response.json(), (body, response.content)
    program_id = coordinator.post(url(alice), PROGRAM, format="json").json()["id"]
    response = coordinator.patch(url(alice, program_id), {"ended_on": "2026-02-01"},
                                 format="json")
    assert response.status_code == 400 and "ended_on" in response.json()
    assert not ExerciseProgram.objects.exclude(pk=program_id).exists()


def test_patients_read_their_programs_but_do_not_set_them(client_for, alice, olga):
    assert client_for(alice).post(url(alice), PROGRAM, format="json").status_code == 403
    assert client_for(olga).post(url(alice), PROGRAM, format="json").status_code == 404
    assert not ExerciseProgram.objects.exists()
