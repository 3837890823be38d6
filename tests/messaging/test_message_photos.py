"""A wound photo: JPEG or PNG by its content, at most 10 MB, kept without EXIF (no GPS), and
read only through a short-lived link issued to one user who may see the message."""

import io
import uuid
from datetime import timedelta

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from PIL import Image

from messaging.models import Message
from messaging.photos import MAX_PHOTO_BYTES
from tests.support.audit import patient_events

from .conftest import photo_bytes

pytestmark = pytest.mark.django_db

GPS_IFD = 0x8825


def exif_with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[GPS_IFD] = {1: "N", 2: (48.0, 51.0, 24.0), 3: "E", 4: (2.0, 21.0, 7.0)}
    return exif.tobytes()


@pytest.fixture
def alices_message(alice, client_for):
    item = {"id": str(uuid.uuid4()), "text": "The sore on my heel.",
            "sent_at": timezone.now().isoformat()}
    client_for(alice).post("/api/v1/messages/sync/", {"messages": [item]}, format="json")
    return Message.objects.get(pk=item["id"])


def upload(client, message, content: bytes, name="wound.jpg"):
    return client.post(f"/api/v1/messages/{message.pk}/photo/",
                       {"photo": SimpleUploadedFile(name, content)}, format="multipart")


def test_the_stored_photo_keeps_the_picture_but_no_exif_or_gps(alice, alices_message,
                                                                client_for):
    original = photo_bytes("JPEG", exif=exif_with_gps())
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(GPS_IFD)  # the phone's has GPS
    response = upload(client_for(alice), alices_message, original)
    assert response.status_code == 201, response.content
    assert response.json()["has_photo"] is True
    stored = Message.objects.get(pk=alices_message.pk)
    with stored.photo.open("rb") as handle:
        kept = Image.open(io.BytesIO(handle.read()))
    assert kept.format == "JPEG" and kept.size == (64, 48)
    assert not kept.getexif()
    assert "exif" not in kept.info
    assert str(alices_message.pk) in stored.photo.name and "wound" not in stored.photo.name


def test_a_png_is_kept_as_a_png(alice, alices_message, client_for):
    assert upload(client_for(alice), alices_message, photo_bytes("PNG"),
                  name="photo.png").status_code == 201
    assert Message.objects.get(pk=alices_message.pk).photo_content_type == "image/png"


@pytest.mark.parametrize(("content", "name"), [
    (b"%PDF-1.4 not a picture at all", "wound.jpg"),  # named like a JPEG, is not one
    (photo_bytes("GIF"), "wound.jpg"),  # a real picture, of another type
    (photo_bytes("JPEG")[:200], "wound.jpg"),  # a truncated JPEG
])
def test_the_type_is_checked_by_content_not_by_name(alice, alices_message, client_for, content,
                                                    name):
    response = upload(client_for(alice), alices_message, content, name=name)
    assert response.status_code == 400
    assert "photo" in response.json()
    assert not Message.objects.get(pk=alices_message.pk).photo


@pytest.mark.parametrize("extra_bytes", [MAX_PHOTO_BYTES, 2 * MAX_PHOTO_BYTES],
                         ids=["just-over", "refused-before-reading"])
def test_a_photo_over_10_mb_is_refused(alice, alices_message, client_for, extra_bytes):
    too_big = photo_bytes("PNG") + b"\0" * extra_bytes
    response = upload(client_for(alice), alices_message, too_big, name="big.png")
    assert response.status_code == 400
    assert "10 MB" in response.json()["photo"][0]
    assert not Message.objects.get(pk=alices_message.pk).photo


def test_only_the_author_attaches_a_photo_and_only_once(alice, bob, alices_message, client_for):
    assert upload(client_for(bob), alices_message, photo_bytes()).status_code == 403
    assert upload(client_for(alice), alices_message, photo_bytes()).status_code == 201
    again = upload(client_for(alice), alices_message, photo_bytes())
    assert again.status_code == 400 and "already" in again.json()["photo"][0]


def test_the_link_works_for_its_user_only_and_expires(alice, bob, cora, eve, alices_message,
                                                      client_for):
    upload(client_for(alice), alices_message, photo_bytes())
    link = client_for(bob).get(f"/api/v1/messages/{alices_message.pk}/photo/")
    assert link.status_code == 200
    url = link.json()["url"]
    assert url.startswith("/api/v1/message-photos/")

    photo = client_for(bob).get(url)
    assert photo.status_code == 200
    assert photo["Content-Type"] == "image/jpeg"
    assert "no-store" in photo["Cache-Control"]
    assert Image.open(io.BytesIO(b"".join(photo.streaming_content))).format == "JPEG"
    # The same link is useless to anyone else, even a colleague, and to someone signed out.
    for other in (cora, alice, eve):
        assert client_for(other).get(url).status_code == 404
    assert client_for(bob).get(url[:-3] + "xx/").status_code == 404  # altered
    with time_machine.travel(timezone.now() + timedelta(minutes=6)):
        assert client_for(bob).get(url).status_code == 404
    assert client_for(eve).get(f"/api/v1/messages/{alices_message.pk}/photo/").status_code == 404
    assert {event[2] for event in patient_events()} >= {"message.photo_link", "message.photo_read"}


def test_a_refused_link_answers_json_even_to_a_client_that_asks_for_an_image(bob, client_for):
    response = client_for(bob).get("/api/v1/message-photos/forged/", {"format": "image"},
                                   HTTP_ACCEPT="image/*")
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
