"""The error pages people see (400, 403, 404, 414, 500): the portal's layout, in the
visitor's language, with one sentence of what happened and a way back. API clients get
JSON from portal.views' handlers and DRF's exception handler instead."""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.utils.translation import gettext_lazy as _

PAGES = {
    400: (
        _("The request could not be read"),
        _("The page received something it could not read. Please go back and try again."),
    ),
    403: (
        _("You may not open this page"),
        _(
            "This page is not open to your account. If you think it should be, please contact your local veterans-affairs bureau."
        ),
    ),
    404: (
        _("Page not found"),
        _(
            "There is no page at this address: it may have been moved or taken down, or the address may be mistyped."
        ),
    ),
    414: (
        _("The address is too long"),
        _(
            "The address of the page is longer than the portal accepts. Please shorten the search words and try again."
        ),
    ),
    500: (
        _("Something went wrong on our side"),
        _(
            "The portal could not show this page because of an error, which has been reported. Please try again later."
        ),
    ),
}


def error_page(status: int, request=None) -> str:
    """The page's HTML. Without a request (the 400 and 500 handlers, which may run when
    the session cannot be read) the header shows no one signed in."""
    heading, explanation = PAGES[status]
    context = {"status": status, "heading": heading, "explanation": explanation}
    return loader.get_template("errors/error_page.html").render(context, request)


class RequestLineLimitMiddleware:
    """Answer an address longer than MAX_URL_LENGTH with the 414 page. gunicorn's own limit
    (limit_request_line in gunicorn.conf.py) is set above it, so without a proxy in front the
    visitor still gets the portal's page, not gunicorn's bare "Request Line is too large"."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if len(request.get_full_path()) <= settings.MAX_URL_LENGTH:
            return self.get_response(request)
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": str(PAGES[414][1]), "code": "uri_too_long"}, status=414)
        return HttpResponse(error_page(414, request), status=414)
