"""One page size (settings.PAGE_SIZE) and one way to page a list, for pages and the API."""

from django.conf import settings
from django.core.paginator import Page, Paginator
from rest_framework.pagination import PageNumberPagination


def paginate(request, queryset, per_page: int | None = None) -> Page:
    """The page ``?page=`` asks for; a number out of range gives the nearest page."""
    return Paginator(queryset, per_page or settings.PAGE_SIZE).get_page(request.GET.get("page"))


class PagePagination(PageNumberPagination):
    """The API's one paging style: ``?page=N``, settings.PAGE_SIZE rows a page."""

    @property
    def page_size(self) -> int:
        return settings.PAGE_SIZE
