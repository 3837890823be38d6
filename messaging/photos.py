"""A message's photo: checked by its content (JPEG or PNG, at most 10 MB), re-encoded so that
no EXIF (camera, time, GPS position) survives, and read only through a signed link that names
the message and the one user it was issued to, and expires."""

import io
from dataclasses import dataclass

from django.core import signing
from django.core.files.base import ContentFile
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
# Far above any phone camera (a 200-megapixel sensor is 200e6); a small file that decodes to
# more pixels than this is a decompression bomb.
MAX_PHOTO_PIXELS = 60_000_000
FORMATS = {"JPEG": "image/jpeg", "PNG": "image/png"}
LINK_SALT = "messaging.photo-link"
LINK_MAX_AGE_S = 300


class PhotoRefused(ValueError):
    """The upload is not a photo we keep; the message says why, for the ``photo`` field."""


@dataclass(frozen=True)
class CleanPhoto:
    content: ContentFile
    content_type: str


def photo_clean(upload) -> CleanPhoto:
    """The upload as a freshly encoded JPEG or PNG without metadata, or ``PhotoRefused``."""
    if upload.size > MAX_PHOTO_BYTES:
        raise PhotoRefused("The photo is larger than 10 MB.")
    try:
        upload.seek(0)
        with Image.open(upload) as probe:
            kind = probe.format
            if kind not in FORMATS:
                raise PhotoRefused("Send a JPEG or PNG photo (the content decides, not the name).")
            if probe.width * probe.height > MAX_PHOTO_PIXELS:
                raise PhotoRefused("The photo has too many pixels.")
            probe.verify()
        upload.seek(0)
        with Image.open(upload) as image:
            image.load()
            # Keep the picture upright once its orientation tag is gone.
            upright = ImageOps.exif_transpose(image)
    except PhotoRefused:
        raise
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise PhotoRefused("Send a JPEG or PNG photo (the content decides, not the name).") \
            from None
    if kind == "JPEG" and upright.mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
    upright.info = {}  # nothing of the original's metadata is handed to the encoder
    out = io.BytesIO()
    upright.save(out, format=kind, **({"quality": 90} if kind == "JPEG" else {}))
    return CleanPhoto(content=ContentFile(out.getvalue()), content_type=FORMATS[kind])


def photo_link_token(*, message_id, user_id) -> str:
    """A signed token for one message's photo, good for ``user_id`` only."""
    return signing.TimestampSigner(salt=LINK_SALT).sign_object(
        {"message": str(message_id), "user": str(user_id)})


def photo_link_read(token: str) -> dict | None:
    """The ``{"message", "user"}`` of a token still valid, or None (forged, altered, expired)."""
    try:
        value = signing.TimestampSigner(salt=LINK_SALT).unsign_object(token,
                                                                      max_age=LINK_MAX_AGE_S)
    except (signing.BadSignature, ValueError, UnicodeDecodeError):
        return None
    return value if isinstance(value, dict) else None
