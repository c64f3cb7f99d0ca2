"""One page size (settings.PAGE_SIZE) for pages and the API, and the API's one paging style.

Pages number their pages (``?page=N``). The API pages every list by cursor: a page answers
``{"next_cursor", "results"}`` and the client sends ``?cursor=<next_cursor>`` for the next
one, until ``next_cursor`` is null. The search must page by keyset (jobs.search: ranked
results over a large, changing set, where page numbers would mean a count and a deeper
OFFSET scan on every page, and rows shifting under new posts), so the lists page the same
way and a client has one loop for all of them. A list's cursor is an opaque position in the
list's fixed order; a cursor the API did not give answers 400 (``invalid_cursor``).
"""

import base64
import binascii
import re

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from rest_framework.exceptions import ErrorDetail, ValidationError
from rest_framework.pagination import BasePagination
from rest_framework.response import Response

CURSOR_PARAM = "cursor"
INVALID_CURSOR = _("This cursor is not valid: send the next_cursor of the previous page.")
POSITION = re.compile(r"p(\d{1,9})")


def paginate(request, queryset, per_page: int | None = None) -> Page:
    """The page ``?page=`` asks for; a number out of range gives the nearest page."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


def paginate_narrow(request, queryset: QuerySet, per_page: int | None = None) -> Page:
    """As `paginate`, for a list whose rows are wide (many tables joined for display) and
    whose order needs many of them sorted: the page is chosen on the ids alone, without the
    joined columns, and only its rows are then read in full. Sorting the wide rows spilled
    to disk on the follow-ups list (tens of thousands of rows, one page shown)."""
    page = paginate(request, queryset.values_list("pk", flat=True), per_page)
    ids = list(page.object_list)
    rows = queryset.order_by().in_bulk(ids)
    page.object_list = [rows[pk] for pk in ids if pk in rows]
    return page


def invalid_cursor() -> ValidationError:
    return ValidationError({CURSOR_PARAM: [ErrorDetail(INVALID_CURSOR, code="invalid_cursor")]})


def _encode(position: int) -> str:
    return base64.urlsafe_b64encode(f"p{position}".encode()).decode().rstrip("=")


def _decode(cursor: str | None) -> int:
    if not cursor:  # none, or empty as a form leaves it: the first page
        return 0
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode()
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise invalid_cursor() from None
    match = POSITION.fullmatch(text)
    if not match:
        raise invalid_cursor()
    return int(match.group(1))


class CursorPagination(BasePagination):
    """The API's paging of a list: settings.PAGE_SIZE rows a page, ``?cursor=``."""

    @property
    def page_size(self) -> int:
        return settings.PAGE_SIZE

    def paginate_queryset(self, queryset, request, view=None):
        start = _decode(request.query_params.get(CURSOR_PARAM))
        rows = list(queryset[start : start + self.page_size + 1])
        more = len(rows) > self.page_size
        self.next_cursor = _encode(start + self.page_size) if more else None
        return rows[: self.page_size]

    def get_paginated_response(self, data):
        return Response({"next_cursor": self.next_cursor, "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["next_cursor", "results"],
            "properties": {
                "next_cursor": {
                    "type": "string",
                    "nullable": True,
                    "description": "Send as ?cursor= for the next page; null at the end.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": CURSOR_PARAM,
                "in": "query",
                "required": False,
                "description": "The next_cursor of the previous page; none for the first.",
                "schema": {"type": "string"},
            }
        ]
