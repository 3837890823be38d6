from rest_framework.pagination import CursorPagination


class WalkCursorPagination(CursorPagination):
    """Newest first; the cursor stays stable while the phone syncs new walks in."""

    ordering = ("-started_at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class SymptomCursorPagination(CursorPagination):
    ordering = ("-occurred_at", "-id")
    page_size = 100
    page_size_query_param = "page_size"
    max_page_size = 1000


class QuestionnaireCursorPagination(CursorPagination):
    ordering = ("-answered_at", "-id")
    page_size = 100
