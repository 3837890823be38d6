"""Alice writes to her care team from the phone, resend-safe like walks; Bob answers and she is
told by push; each side marks the other's messages read. Only alice and her care team see the
conversation (404 for anyone else), and every read by a carer is audited."""

import uuid
from datetime import timedelta

import pytest
from django.db import ProgrammingError, transaction
from django.utils import timezone

from messaging.models import MAX_MESSAGE_CHARS, Message
from tests.support.audit import patient_events
from tests.support.push import LocmemPushBackend
from tracker.red_flags import CAUDA_EQUINA

pytestmark = pytest.mark.django_db


def message(**overrides):
    return {"id": str(uuid.uuid4()), "text": "My calf hurt after 300 m today.",
            "sent_at": (timezone.now() - timedelta(minutes=3)).isoformat(), **overrides}


def sync(client, *items):
    response = client.post("/api/v1/messages/sync/", {"messages": list(items)}, format="json")
    assert response.status_code == 200, response.content
    return response.json()["results"]


def test_a_resent_batch_is_stored_once_and_a_changed_resend_is_a_conflict(alice, client_for):
    phone = client_for(alice)
    first, second = message(), message(text="And my foot tingles.")
    assert [r["status"] for r in sync(phone, first, second)] == ["created", "created"]
    assert [r["status"] for r in sync(phone, first, second)] == ["duplicate", "duplicate"]
    changed = {**first, "text": "Something else"}
    (result,) = sync(phone, changed)
    assert result["status"] == "conflict"
    assert Message.objects.get(pk=first["id"]).text == first["text"]
    assert Message.objects.filter(patient=alice).count() == 2


def test_a_bad_item_is_refused_by_its_field_and_the_others_are_kept(alice, client_for):
    phone = client_for(alice)
    good = message()
    results = sync(phone, message(text="x" * (MAX_MESSAGE_CHARS + 1)), good,
                   message(sent_at="2026-13-01"), message(patient=str(uuid.uuid4())), "nonsense")
    assert [r["status"] for r in results] == ["invalid", "created", "invalid", "invalid",
                                              "invalid"]
    assert "text" in results[0]["errors"]
    assert "sent_at" in results[2]["errors"]
    assert "patient" in results[3]["errors"]
    assert Message.objects.filter(patient=alice).count() == 1


def test_another_patients_message_id_is_never_taken_over(alice, olga, client_for):
    taken = message()
    sync(client_for(olga), taken)
    (result,) = sync(client_for(alice), {**taken, "text": "Mine now?"})
    assert result["status"] == "conflict"
    assert Message.objects.get(pk=taken["id"]).patient_id == olga.pk


def test_a_red_flag_in_the_text_is_answered_at_once_even_in_a_refused_item(alice, client_for):
    phone = client_for(alice)
    stored, refused, plain = (message(text="I can't pee since last night"),
                              message(text="I can't pee", sent_at="yesterday"), message())
    results = sync(phone, stored, refused, plain)
    for result in results[:2]:
        assert result["red_flag"]["instruction"] == CAUDA_EQUINA.instruction
        assert result["red_flag"]["severity"] == "emergency"
        assert result["red_flag"]["file_report"] == {"kind": "note",
                                                     "red_flags": ["urinary_retention"]}
    assert results[2]["red_flag"] is None
    # Kept with the message, for the care team's inbox to put first.
    assert Message.objects.get(pk=stored["id"]).red_flags == ["urinary_retention"]
    assert Message.objects.get(pk=plain["id"]).red_flags == []


def test_the_care_team_reads_and_answers_and_the_patient_gets_a_push(
        alice, bob, cora, client_for, settings, django_capture_on_commit_callbacks):
    settings.PUSH_BACKEND = "tests.support.push.LocmemPushBackend"
    LocmemPushBackend.outbox.clear()
    written = message(text="Is it normal that my calf hurts?")
    sync(client_for(alice), written)

    listing = client_for(bob).get(f"/api/v1/patients/{alice.pk}/messages/")
    assert listing.status_code == 200
    assert [row["id"] for row in listing.json()["results"]] == [written["id"]]
    with django_capture_on_commit_callbacks(execute=True):
        answer = client_for(cora).post(f"/api/v1/patients/{alice.pk}/messages/",
                                       {"text": "Yes, walk on to moderate pain, then rest."},
                                       format="json")
    assert answer.status_code == 201, answer.content
    assert answer.json()["from_patient"] is False
    assert LocmemPushBackend.outbox == [{
        "user_id": str(alice.pk), "title": "A message from your care team",
        "message": "Your care team has answered your message. Open Stride to read it."}]
    # The push never carries the text: a lock screen is not private.
    assert "moderate" not in LocmemPushBackend.outbox[0]["message"]

    mine = client_for(alice).get(f"/api/v1/patients/{alice.pk}/messages/").json()["results"]
    assert [row["from_patient"] for row in mine] == [False, True]  # newest first
    assert patient_events(action="message.list") == {
        ("bob@north.example", "alice@patients.example", "message.list", "success")}


def test_each_side_marks_the_other_sides_messages_read(alice, bob, client_for):
    written = message()
    sync(client_for(alice), written)
    answer = client_for(bob).post(f"/api/v1/patients/{alice.pk}/messages/", {"text": "Noted."},
                                  format="json").json()
    ids = [written["id"], answer["id"]]
    marked = client_for(bob).post("/api/v1/messages/read/", {"ids": ids}, format="json")
    assert marked.json() == {"marked": 1}  # only alice's message is the care team's to read
    assert client_for(bob).post("/api/v1/messages/read/", {"ids": ids},
                                format="json").json() == {"marked": 0}
    assert client_for(alice).post("/api/v1/messages/read/", {"ids": ids},
                                  format="json").json() == {"marked": 1}
    rows = {str(m.pk): m for m in Message.objects.all()}
    assert rows[written["id"]].read_by_care_team_at is not None
    assert rows[answer["id"]].read_by_patient_at is not None


def test_nobody_outside_the_care_team_sees_or_marks_the_conversation(
        alice, olga, eve, staff, client_for):
    written = message()
    sync(client_for(alice), written)
    for outsider in (olga, eve, staff):
        client = client_for(outsider)
        assert client.get(f"/api/v1/patients/{alice.pk}/messages/").status_code == 404
        assert client.post("/api/v1/messages/read/", {"ids": [written["id"]]},
                           format="json").json() == {"marked": 0}
    assert client_for(eve).post(f"/api/v1/patients/{alice.pk}/messages/", {"text": "Hi"},
                                format="json").status_code == 404
    assert Message.objects.get(pk=written["id"]).read_by_care_team_at is None


def test_the_list_pages_with_a_cursor(alice, bob, client_for):
    sync(client_for(alice), *[message(text=f"note {n}") for n in range(5)])
    page = client_for(bob).get(f"/api/v1/patients/{alice.pk}/messages/", {"page_size": 2}).json()
    seen = [row["id"] for row in page["results"]]
    while page["next"]:
        page = client_for(bob).get(page["next"]).json()
        seen += [row["id"] for row in page["results"]]
    assert len(seen) == len(set(seen)) == 5
    assert client_for(bob).get(f"/api/v1/patients/{alice.pk}/messages/",
                               {"cursor": "garbage"}).status_code == 404


def test_a_message_is_never_hard_deleted(alice, client_for):
    written = message()
    sync(client_for(alice), written)
    with pytest.raises(ProgrammingError, match="Cannot delete"), transaction.atomic():
        Message.objects.filter(pk=written["id"]).delete()
    assert Message.objects.filter(pk=written["id"]).exists()
