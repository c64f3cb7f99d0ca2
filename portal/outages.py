"""503 instead of 500 while PostgreSQL or Redis is down (README "Outages").

Nothing here remembers the outage: the next request tries the servers again, so the portal
recovers by itself when they are back. Django's persistent connections are health-checked
at the start of each request (CONN_HEALTH_CHECKS), and the connect and socket timeouts in
settings keep a dead server from holding a request for long.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.views.defaults import server_error as default_server_error
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import OutOfMemoryError as RedisFull
from redis.exceptions import TimeoutError as RedisTimeoutError

from portal.errors import error_page

logger = logging.getLogger("portal.outages")

# A full Redis (maxmemory reached under noeviction, as production runs it) refuses writes:
# an outage too, not a bug.
OUTAGE_ERRORS = (
    OperationalError,
    InterfaceError,
    RedisConnectionError,
    RedisTimeoutError,
    RedisFull,
)
RETRY_AFTER_SECONDS = 30


def is_outage(exception: BaseException | None) -> bool:
    """A lost server, not a bug: kombu wraps the broker's errors, so look at the causes too."""
    while exception is not None:
        if isinstance(exception, OUTAGE_ERRORS):
            return True
        exception = exception.__cause__ or exception.__context__
    return False


def service_unavailable(request) -> HttpResponse:
    """The 503 answer; it touches neither the database nor Redis (no session, no user)."""
    if request.path.startswith("/api/"):
        message = gettext("The service is temporarily unavailable. Please try again shortly.")
        response = JsonResponse({"detail": message, "code": "service_unavailable"}, status=503)
    else:
        response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


class ServiceUnavailableMiddleware:
    """Turns an outage raised by a view (or its template) into the 503 answer."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_outage(exception):
            return None
        logger.warning("503 for %s: %s", request.path, exception)
        return service_unavailable(request)


def server_error(request):
    """handler500: an outage met outside a view (a middleware reading the session) is a
    503 as well; anything else is the usual 500 page."""
    if is_outage(sys.exc_info()[1]):
        return service_unavailable(request)
    if request.path.startswith("/api/"):
        return default_server_error(request)
    try:
        return HttpResponse(error_page(500), status=500)
    except Exception:  # the page itself failed: Django's bare one, never a second error
        logger.exception("The 500 page could not be rendered")
        return default_server_error(request)
