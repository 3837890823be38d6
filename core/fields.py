"""Strict serializer fields for phone input: JSON numbers must be numbers, times must carry a
zone."""

import datetime
import math

from django.utils.dateparse import parse_datetime
from rest_framework import serializers

# The longest free text (a note) any record accepts.
MAX_NOTE_CHARS = 1000


class StrictFloatField(serializers.FloatField):
    """A JSON number: booleans and strings are refused rather than coerced."""

    default_error_messages = {
        "invalid": "Must be a number.",
        "max_value": "Must be at most {max_value}.",
        "min_value": "Must be at least {min_value}.",
    }

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


class AwareDateTimeField(serializers.DateTimeField):
    """An ISO 8601 time that must carry a UTC offset; the phone's local clock is ambiguous."""

    default_error_messages = {
        "naive": "Must include a UTC offset, for example 2026-11-24T08:30:00+01:00 or ...Z.",
    }

    def to_internal_value(self, value):
        if isinstance(value, datetime.datetime):  # from our own code, not the phone
            if value.tzinfo is None:
                self.fail("naive")
            return self.enforce_timezone(value)
        if isinstance(value, str) and len(value) <= 64:
            try:
                parsed = parse_datetime(value)
            except ValueError:
                parsed = None
            if parsed is not None and parsed.tzinfo is None:
                self.fail("naive")
        elif not isinstance(value, str):
            self.fail("invalid", format="ISO 8601 with a UTC offset")
        return super().to_internal_value(value)
