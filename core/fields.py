"""Strict serializer fields for phone input: JSON numbers must be numbers, times must carry a
real zone and fall within the sane days."""

import datetime
import math
import re

from django.utils.dateparse import parse_datetime
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

# The longest free text (a note) any record accepts.
MAX_NOTE_CHARS = 1000


class StrictFloatField(serializers.FloatField):
    """A JSON number: booleans and strings are refused rather than coerced. ``min_nonzero``, the
    finest reading a measure has, refuses values between 0 and it (1e-30 seconds is no reading,
    and dividing by it overflows the decimal arithmetic of the scores)."""

    default_error_messages = {
        "invalid": "Must be a number.",
        "max_value": "Must be at most {max_value}.",
        "min_value": "Must be at least {min_value}.",
        "min_nonzero": "Must be 0 or at least {min_nonzero}.",
    }

    def __init__(self, *, min_nonzero: float | None = None, **kwargs):
        super().__init__(**kwargs)
        self.min_nonzero = min_nonzero
        if min_nonzero is not None:
            self.validators.append(self._nonzero_check)

    def _nonzero_check(self, number: float) -> None:
        if number != 0 and abs(number) < self.min_nonzero:
            self.fail("min_nonzero", min_nonzero=self.min_nonzero)

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        try:
            number = float(data)
        except OverflowError:  # a whole number too large for a float, such as 10**400
            self.fail("invalid")
        if not math.isfinite(number):
            self.fail("invalid")
        return number


class StrictIntegerField(serializers.IntegerField):
    """A JSON whole number; 12.0 is accepted as 12, 12.5, true and "12" are refused."""

    default_error_messages = {
        "invalid": "Must be a whole number.",
        "max_value": "Must be at most {max_value}.",
        "min_value": "Must be at least {min_value}.",
    }

    def to_internal_value(self, data):
        if isinstance(data, bool) or not isinstance(data, (int, float)):
            self.fail("invalid")
        if isinstance(data, float):
            if not math.isfinite(data) or not data.is_integer():
                self.fail("invalid")
            data = int(data)
        if abs(data) > 2**31:
            self.fail("max_value", max_value=self.max_value)
        return super().to_internal_value(data)


class StrictBooleanField(serializers.BooleanField):
    """A JSON true or false: "true", 1 and the other spellings DRF accepts are refused, so a
    phone that sends the wrong type hears about it instead of having it guessed."""

    default_error_messages = {"invalid": "Must be true or false."}

    def to_internal_value(self, data):
        if not isinstance(data, bool):
            self.fail("invalid")
        return data


class StrictChoiceField(serializers.ChoiceField):
    """A choice whose error lists the accepted values."""

    default_error_messages = {"invalid_choice": "{input} is not one of: {choices}."}

    def to_internal_value(self, data):
        if data == "" and self.allow_blank:
            return ""
        if not isinstance(data, str):
            self.fail("invalid_choice", input=repr(data)[:40], choices=self._choice_list())
        if data not in self.choice_strings_to_values:
            self.fail("invalid_choice", input=f'"{data[:40]}"', choices=self._choice_list())
        return self.choice_strings_to_values[data]

    def _choice_list(self) -> str:
        return ", ".join(self.choice_strings_to_values)


class ChoiceListField(serializers.ListField):
    """A list of distinct choices, stored sorted so that equal sets compare equal."""

    def __init__(self, *, choices, **kwargs):
        kwargs.setdefault("max_length", len(choices))
        kwargs.setdefault("default", list)
        super().__init__(child=StrictChoiceField(choices=choices), **kwargs)

    def to_internal_value(self, data):
        values = super().to_internal_value(data)
        return sorted(set(values))


# Real time zones run from UTC-12:00 to UTC+14:00; PostgreSQL refuses offsets of 16 hours or more.
MIN_UTC_OFFSET = -datetime.timedelta(hours=12)
MAX_UTC_OFFSET = datetime.timedelta(hours=14)
# Every date and time the API takes falls within these days (in UTC for a time): outside them
# date arithmetic overflows, and no record of a living patient lies there.
EARLIEST_DAY = datetime.date(1900, 1, 1)
LATEST_DAY = datetime.date(2100, 12, 31)

DATETIME_ERRORS = {
    "invalid": "Has the wrong format: send an ISO 8601 time with a UTC offset, for example "
               "2026-11-24T08:30:00+01:00 or ...Z.",
    "naive": "Must include a UTC offset, for example 2026-11-24T08:30:00+01:00 or ...Z.",
    "offset": "The UTC offset must be between -12:00 and +14:00.",
    "range": f"Must be between {EARLIEST_DAY.isoformat()} and {LATEST_DAY.isoformat()}.",
}


class InputRuleError(ValueError):
    """A value breaks one of the input rules; ``code`` keys its message in ``DATETIME_ERRORS``."""

    def __init__(self, code: str):
        super().__init__(DATETIME_ERRORS[code])
        self.code = code


def aware_datetime_parse(value) -> datetime.datetime:
    """The one reading of a time from a client (body fields, filters, cursors): ISO 8601 with a
    real UTC offset, within the sane days. Raises ``InputRuleError`` otherwise."""
    if isinstance(value, datetime.datetime):
        parsed = value
    else:
        if not isinstance(value, str) or len(value) > 64:
            raise InputRuleError("invalid")
        try:
            parsed = parse_datetime(value)
        except (ValueError, OverflowError):  # well formed but impossible: month 13, offset 24h
            parsed = None
        if parsed is None:
            raise InputRuleError("invalid")
    offset = parsed.utcoffset()
    if offset is None:
        raise InputRuleError("naive")
    if not MIN_UTC_OFFSET <= offset <= MAX_UTC_OFFSET:
        raise InputRuleError("offset")
    try:
        utc = parsed.astimezone(datetime.UTC)
    except OverflowError:  # 0001-01-01T00:00+01:00 is in year 0 in UTC
        raise InputRuleError("range") from None
    if not EARLIEST_DAY <= utc.date() <= LATEST_DAY:
        raise InputRuleError("range")
    return parsed


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time that must carry a UTC offset; the phone's local clock is ambiguous."""

    default_error_messages = DATETIME_ERRORS

    def to_internal_value(self, value):
        try:
            parsed = aware_datetime_parse(value)
        except InputRuleError as exc:
            self.fail(exc.code)
        return self.enforce_timezone(parsed)


class BoundedDateField(serializers.DateField):
    """An ISO 8601 day within the sane days, so that date arithmetic cannot overflow."""

    default_error_messages = {"range": DATETIME_ERRORS["range"]}

    def to_internal_value(self, value):
        day = super().to_internal_value(value)
        if not EARLIEST_DAY <= day <= LATEST_DAY:
            self.fail("range")
        return day


_TIME_OFFSET = re.compile(r"(Z|[+-]\d{2}(:?\d{2})?)$", re.IGNORECASE)


@extend_schema_field({"type": "string", "pattern": r"^\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?$",
                      "example": "22:00"})
class LocalTimeField(serializers.TimeField):
    """A wall-clock time of day (HH:MM or HH:MM:SS) in a named time zone, so without a UTC
    offset: an offset would be dropped on storing, and moves with daylight saving anyway.
    (OpenAPI's ``format: time`` means a time with an offset, so it is not claimed.)"""

    default_error_messages = {
        "offset": "Must be a local time without a UTC offset, for example 22:00.",
    }

    def to_internal_value(self, value):
        # Django's parse_time drops an offset silently, so it is looked for in the text.
        if isinstance(value, str) and _TIME_OFFSET.search(value.strip()):
            self.fail("offset")
        return super().to_internal_value(value)
