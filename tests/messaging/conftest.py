import io

import pytest
from PIL import Image


@pytest.fixture(autouse=True)
def _photos_in_a_temporary_folder(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")


def photo_bytes(kind: str = "JPEG", size=(64, 48), exif: bytes | None = None) -> bytes:
    """A small picture, optionally with EXIF, as a phone would send it."""
    out = io.BytesIO()
    options = {"exif": exif} if exif is not None else {}
    Image.new("RGB", size, (200, 120, 90)).save(out, format=kind, **options)
    return out.getvalue()
