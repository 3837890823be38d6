"""The HTTP side of a batch sync: validate each item on its own, store the good ones, and answer
one result per item in request order."""

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .sync import CONFLICT, INVALID

MAX_SYNC_ITEMS = 1000
CONFLICT_ERRORS = {
    "id": ["A record with this id is already stored with other content; it is kept."],
}


class UncheckedItem(serializers.Field):
    """Passes one batch item through as it is, so that each item is validated on its own."""

    def __init__(self, **kwargs):
        kwargs.setdefault("allow_null", True)
        super().__init__(**kwargs)

    def to_internal_value(self, data):
        return data


def batch_field(
    item_serializer: type[serializers.Serializer], help_text: str
) -> serializers.ListField:
    """A list of up to 1,000 items documented as ``item_serializer`` but validated one by one."""
    item_field = extend_schema_field(item_serializer)(type("Item", (UncheckedItem,), {}))
    return serializers.ListField(child=item_field(), max_length=MAX_SYNC_ITEMS, help_text=help_text)


def raw_id(item: Any) -> str | None:
    """The id a bad item claimed, echoed back only when it is a short clean string."""
    value = item.get("id") if isinstance(item, dict) else None
    return value if isinstance(value, str) and len(value) <= 64 and "\x00" not in value else None


def sync_results(
    *,
    items: Sequence[Any],
    validator: serializers.Serializer,
    store: Callable[[list[Mapping[str, Any]]], list[str]],
    annotate: Callable[[Any, Mapping[str, Any] | None], dict] | None = None,
) -> list[dict]:
    """Validate each item with one ``validator`` instance, store the valid ones with ``store``
    (one call), and return ``{"id", "status", "errors", ...}`` per item, in order.

    ``annotate(raw_item, validated_or_None)`` may add keys to an item's result, even to an
    invalid item's (a red flag must reach the patient whatever else is wrong with the report).
    """
    results: list[dict | None] = [None] * len(items)
    valid, positions = [], []
    for position, item in enumerate(items):
        try:
            data = validator.run_validation(item)
        except serializers.ValidationError as exc:
            detail = (
                exc.detail if isinstance(exc.detail, dict) else {"non_field_errors": exc.detail}
            )
            results[position] = {"id": raw_id(item), "status": INVALID, "errors": detail}
            if annotate:
                results[position].update(annotate(item, None))
        else:
            valid.append(data)
            positions.append(position)

    statuses = store(valid)
    for position, data, status in zip(positions, valid, statuses, strict=True):
        result = {
            "id": str(data["id"]),
            "status": status,
            "errors": CONFLICT_ERRORS if status == CONFLICT else {},
        }
        if annotate:
            result.update(annotate(items[position], data))
        results[position] = result
    return results
