"""Cursor pagination for records listed newest first."""

import datetime

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from rest_framework.exceptions import NotFound
from rest_framework.pagination import CursorPagination

from .fields import InputRuleError, aware_datetime_parse


class NewestFirstPagination(CursorPagination):
    """Newest first by ``ordering``; the cursor stays stable while a phone syncs new records in.
    A kind sets ``ordering`` to its time field and ``-id``.

    A cursor comes back from the client, so its position is read like any other input: one
    that is not a value of the ordering field answers DRF's 404 "Invalid cursor"."""

    ordering = ("-created_at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000

    def paginate_queryset(self, queryset, request, view=None):
        self._position_field = queryset.model._meta.get_field(self.ordering[0].lstrip("-"))
        return super().paginate_queryset(queryset, request, view)

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is None or cursor.position is None:
            return cursor
        try:
            position = self._position_parse(cursor.position)
        except (DjangoValidationError, InputRuleError, ValueError, TypeError, OverflowError):
            raise NotFound(self.invalid_cursor_message) from None
        return cursor._replace(position=position)

    def _position_parse(self, position: str):
        field = self._position_field
        if isinstance(field, models.DateTimeField):
            # Our cursors carry str(datetime); a crafted one may carry any offset or year.
            return aware_datetime_parse(position).astimezone(datetime.UTC)
        return field.to_python(position)


def newest_first(time_field: str) -> type[NewestFirstPagination]:
    """The pagination of a kind of record listed by ``time_field``, newest first."""
    return type(f"NewestFirstBy_{time_field}", (NewestFirstPagination,),
                {"ordering": (f"-{time_field}", "-id")})
