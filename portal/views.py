"""Views of the project itself: health probes and the 400, 403 and 404 answers."""

import datetime

from django.conf import settings
from django.http import (
    HttpResponse,
    HttpResponseBadRequest,
    HttpResponseForbidden,
    HttpResponseNotFound,
    JsonResponse,
)
from django.utils.translation import gettext
from health_check import checks
from health_check.views import HealthCheckView

from portal.database import time_limit
from portal.errors import error_page


def live(request):
    """The process answers: no database, no Redis, no session (a load balancer's liveness
    probe, and the load test's yardstick for the cheapest page Django can serve)."""
    return HttpResponse("ok", content_type="text/plain")


class DatabaseCheck(checks.Database):
    """SELECT 1 within HEALTH_CHECK_TIMEOUT: the check runs in a thread of its own, which
    no request's time limit reaches, so it sets its own (portal/database.py)."""

    timeout = datetime.timedelta(seconds=settings.HEALTH_CHECK_TIMEOUT)

    def run(self):
        with time_limit(self.timeout.total_seconds()):
            super().run()


class HealthView(HealthCheckView):
    """PostgreSQL, Redis and a live Celery worker; 503 unless every one of them answers,
    within HEALTH_CHECK_TIMEOUT (a frozen server must not hold the load balancer's probe)."""

    @property
    def checks(self):
        """Redis has its socket timeouts (settings.CACHES). The ping ends at the first
        worker's answer (`limit`), or after HEALTH_CHECK_TIMEOUT (read on each probe) with
        none: without a limit it would wait out its whole timeout on every probe."""
        ping = {"timeout": datetime.timedelta(seconds=settings.HEALTH_CHECK_TIMEOUT), "limit": 1}
        return (
            DatabaseCheck,
            "health_check.checks.Cache",
            ("health_check.contrib.celery.Ping", ping),
        )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code != 200:
            response.status_code = 503
        return response


def bad_request(request, exception):
    """handler400: a body over DATA_UPLOAD_MAX_MEMORY_SIZE and the like; API clients get
    JSON, people the page."""
    if request.path.startswith("/api/"):
        message = gettext("The request could not be read: it may be too large.")
        error = {"field": None, "message": message, "code": "bad_request"}
        return JsonResponse(
            {"detail": message, "code": "bad_request", "errors": [error]}, status=400
        )
    return HttpResponseBadRequest(error_page(400))


def not_found(request, exception):
    """handler404: API clients get JSON like every other API answer, people the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found."), "code": "not_found"}, status=404)
    return HttpResponseNotFound(error_page(404, request))


def permission_denied(request, exception):
    """handler403: a PermissionDenied raised outside the API (DRF answers its own)."""
    return HttpResponseForbidden(error_page(403, request))
