"""DRF's per-field validation loop with shortcuts for the common, clean values of a phone batch.

A 1,000-walk sync spent most of its time in DRF's generic field machinery. For the field types
below, a value of the expected JSON type within its bounds is converted here directly; anything
else (missing, null, wrong type, out of range, another field type, a ``validate_<field>``
method) goes through the field's own ``run_validation``. Results and errors are therefore
exactly DRF's: the shortcuts only ever return what the field would have returned.
"""

import math
import uuid
from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from rest_framework import ISO_8601, serializers
from rest_framework.fields import SkipField, empty, get_error_detail
from rest_framework.settings import api_settings

from .fields import (
    AwareDateTimeField,
    ChoiceListField,
    InputRuleError,
    StrictBooleanField,
    StrictChoiceField,
    StrictFloatField,
    StrictIntegerField,
    aware_datetime_parse,
)

_MISS = object()
_SKIP = object()


def _within(field, value) -> bool:
    return ((field.min_value is None or value >= field.min_value)
            and (field.max_value is None or value <= field.max_value))


def _integer(field, value, zone=None):
    if type(value) is int and abs(value) <= 2**31 and _within(field, value):
        return value
    return _MISS


def _float(field, value, zone=None):
    if type(value) is float:
        number = value
    elif type(value) is int and -2**53 <= value <= 2**53:
        number = float(value)
    else:
        return _MISS
    return number if math.isfinite(number) and _within(field, number) else _MISS


def _boolean(field, value, zone=None):
    return value if type(value) is bool else _MISS


def _choice(field, value, zone=None):
    if type(value) is str and value in field.choice_strings_to_values:
        return field.choice_strings_to_values[value]
    return _MISS


def _choice_list(field, value, zone=None):
    if type(value) is not list or (not value and not field.allow_empty):
        return _MISS
    choices = field.child.choice_strings_to_values
    if not all(type(item) is str and item in choices for item in value):
        return _MISS
    result = sorted({choices[item] for item in value})
    if field.max_length is not None and len(result) > field.max_length:
        return _MISS
    if field.min_length is not None and len(result) < field.min_length:
        return _MISS
    return result


def _text(field, value, zone=None):
    if type(value) is not str:
        return _MISS
    if value == "" or (field.trim_whitespace and value.strip() == ""):
        return "" if field.allow_blank else _MISS
    text = value.strip() if field.trim_whitespace else value
    # Non-ASCII text goes to the field, which checks it for surrogate characters.
    if "\x00" in text or not text.isascii():
        return _MISS
    if field.max_length is not None and len(text) > field.max_length:
        return _MISS
    if field.min_length is not None and len(text) < field.min_length:
        return _MISS
    return text


def _uuid(field, value, zone=None):
    return uuid.UUID(hex=value) if type(value) is str else _MISS


def _aware_datetime(field, value, zone):
    if type(value) is not str or zone is None:
        return _MISS
    try:
        parsed = aware_datetime_parse(value)  # the field's own reading
    except InputRuleError:
        return _MISS
    return parsed.astimezone(zone)  # what enforce_timezone does with an aware time


def _bounds_validators(field) -> int:
    return (field.min_value is not None) + (field.max_value is not None)


def _shortcut(field):
    """The shortcut for this exact field type, if its configuration adds nothing it skips."""
    kind = type(field)
    if kind is StrictIntegerField and len(field.validators) == _bounds_validators(field):
        return _integer
    if kind is StrictFloatField and len(field.validators) == _bounds_validators(field):
        return _float
    if kind is StrictChoiceField and not field.validators:
        return _choice
    if kind is StrictBooleanField and not field.validators:
        return _boolean
    if kind is ChoiceListField:
        child = field.child
        length_validators = (field.max_length is not None) + (field.min_length is not None)
        if (type(child) is StrictChoiceField and not child.validators
                and len(field.validators) == length_validators):
            return _choice_list
    if kind is serializers.UUIDField and not field.validators:
        return _uuid
    if kind is serializers.CharField:
        # max and min length, then DRF's bans on NUL and surrogate characters
        length_validators = (field.max_length is not None) + (field.min_length is not None)
        if len(field.validators) == length_validators + 2:
            return _text
    if kind is AwareDateTimeField and not field.validators:
        formats = getattr(field, "input_formats", api_settings.DATETIME_INPUT_FORMATS)
        if list(formats) == [ISO_8601]:
            return _aware_datetime
    return None


def _absent(field):
    """What a missing value becomes without asking the field: a function giving the default,
    _SKIP when the field is left out, or None to let the field decide (required, or a default
    that needs context)."""
    default = field.default
    if field.required:
        return None
    if default is empty:
        return _SKIP
    if callable(default):
        if hasattr(default, "set_context") or getattr(default, "requires_context", False):
            return None
        return default
    return lambda: default


def _plan(serializer) -> list[tuple[str, Any, Any, Any, Any, Any]] | None:
    """(name, field, shortcut or None, validate_<name> method or None, time zone, what a
    missing value becomes) per writable field. The time zone is looked up once per batch, as
    no request changes it midway."""
    plan = serializer.__dict__.get("_fast_validation_plan", _MISS)
    if plan is _MISS:
        plan = []
        for field in serializer._writable_fields:
            if field.source_attrs != [field.field_name]:
                plan = None
                break
            method = getattr(serializer, "validate_" + field.field_name, None)
            zone = None
            if isinstance(field, serializers.DateTimeField):
                zone = field.timezone if hasattr(field, "timezone") else field.default_timezone()
            shortcut = None if method else _shortcut(field)
            absent = _absent(field) if shortcut else None
            plan.append((field.field_name, field, shortcut, method, zone, absent))
        serializer.__dict__["_fast_validation_plan"] = plan
    return plan


def field_names(serializer: serializers.Serializer) -> frozenset[str]:
    """The serializer's field names, kept for the life of the instance (one batch)."""
    names = serializer.__dict__.get("_fast_validation_names")
    if names is None:
        names = serializer.__dict__["_fast_validation_names"] = frozenset(serializer.fields)
    return names


def fields_internal_value(serializer: serializers.Serializer, data: Any) -> dict:
    """What ``Serializer.to_internal_value(data)`` returns or raises, computed faster."""
    plan = None
    if type(data) is dict and not getattr(serializer.root, "partial", False):
        plan = _plan(serializer)
    if plan is None:
        return serializers.Serializer.to_internal_value(serializer, data)
    validated, errors = {}, {}
    for name, field, shortcut, method, zone, absent in plan:
        value = data.get(name, empty)
        if value is empty and absent is not None:
            if absent is not _SKIP:
                validated[name] = absent()
            continue
        if value is None and shortcut is not None and field.allow_null:
            validated[name] = None
            continue
        if shortcut is not None and value is not empty and value is not None:
            try:
                result = shortcut(field, value, zone)
            except Exception:  # the field itself will say what is wrong
                result = _MISS
            if result is not _MISS:
                validated[name] = result
                continue
        try:
            result = field.run_validation(value)
            if method is not None:
                result = method(result)
        except serializers.ValidationError as exc:
            errors[name] = exc.detail
        except DjangoValidationError as exc:
            errors[name] = get_error_detail(exc)
        except SkipField:
            pass
        else:
            validated[name] = result
    if errors:
        raise serializers.ValidationError(errors)
    return validated
