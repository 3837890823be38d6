"""Request parsing with a size bound, so an oversized body answers 413 before it is read."""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "request_too_large"


class BoundedJSONParser(JSONParser):
    """JSON parser that refuses bodies over ``settings.API_MAX_BODY_BYTES``.

    DRF reads the raw stream, bypassing Django's DATA_UPLOAD_MAX_MEMORY_SIZE, so the bound is
    enforced here. Non-standard constants (NaN, Infinity) are already refused by DRF's strict JSON.
    """

    def parse(self, stream, media_type=None, parser_context=None):
        request = (parser_context or {}).get("request")
        limit = settings.API_MAX_BODY_BYTES
        if request is not None:
            try:
                length = int(request.META.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = 0
            if length > limit:
                raise RequestTooLarge(f"The request body is larger than {limit} bytes.")
        return super().parse(stream, media_type, parser_context)
