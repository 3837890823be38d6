"""Request parsing with bounds: an oversized body answers 413 before it is read, and a body
nested too deep or carrying text that is not Unicode answers 400 before any view sees it."""

from django.conf import settings
from rest_framework import exceptions
from rest_framework.parsers import JSONParser

# The deepest JSON any request needs is 4 (a sync envelope, its list, an item, a list of
# choices); 32 leaves room for growth. Without a bound, 1,000 brackets (2 KB, no sign-in
# needed) exhausted Python's stack.
MAX_JSON_DEPTH = 32


class RequestTooLarge(exceptions.APIException):
    status_code = 413
    default_detail = "The request body is too large."
    default_code = "request_too_large"


def _too_deep() -> exceptions.ParseError:
    return exceptions.ParseError(f"JSON parse error - nested deeper than {MAX_JSON_DEPTH} levels.")


def _path_text(path: str) -> str:
    # A key may itself hold a lone surrogate; name it with the escape, not the character.
    return path.encode("utf-8", "backslashreplace").decode("utf-8")


def json_bounds_check(data) -> None:
    """Raise a 400 when ``data`` is nested deeper than ``MAX_JSON_DEPTH`` or holds a string (key
    or value) with a lone surrogate such as "\\ud800": JSON may escape one, but it is not a
    character, and echoing it back (an item id in a sync result) cannot be encoded."""
    stack = [(data, 1, "")]
    while stack:  # iterative: the check itself must not recurse
        value, depth, path = stack.pop()
        if isinstance(value, str):
            try:
                value.encode("utf-8")
            except UnicodeEncodeError:
                raise exceptions.ParseError({_path_text(path) or "non_field_errors": [
                    "Contains a lone surrogate (\\ud800 to \\udfff), which is not a Unicode "
                    "character."]}) from None
            continue
        if not isinstance(value, dict | list):
            continue
        if depth > MAX_JSON_DEPTH:
            raise _too_deep()
        if isinstance(value, dict):
            for key, item in value.items():
                child = f"{path}.{key}" if path else key
                stack.append((key, depth, child))
                stack.append((item, depth + 1, child))
        else:
            stack.extend((item, depth + 1, f"{path}[{index}]") for index, item in enumerate(value))


class BoundedJSONParser(JSONParser):
    """JSON parser that refuses bodies over ``settings.API_MAX_BODY_BYTES``, nested deeper than
    ``MAX_JSON_DEPTH`` or with lone surrogates.

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
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:  # deeper than the decoder's own stack allows
            raise _too_deep() from None
        json_bounds_check(data)
        return data
