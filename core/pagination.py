"""Cursor pagination for records listed newest first."""

from rest_framework.pagination import CursorPagination


class NewestFirstPagination(CursorPagination):
    """Newest first by ``ordering``; the cursor stays stable while a phone syncs new records in.
    A kind sets ``ordering`` to its time field and ``-id``."""

    ordering = ("-created_at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


def newest_first(time_field: str) -> type[NewestFirstPagination]:
    """The pagination of a kind of record listed by ``time_field``, newest first."""
    return type(f"NewestFirstBy_{time_field}", (NewestFirstPagination,),
                {"ordering": (f"-{time_field}", "-id")})
