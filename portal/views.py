"""Views of the project itself: health probes and the 404 answer."""

from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext
from django.views.defaults import page_not_found
from health_check.views import HealthCheckView


def live(request):
    """The process answers: no database, no Redis, no session (a load balancer's liveness
    probe, and the load test's yardstick for the cheapest page Django can serve)."""
    return HttpResponse("ok", content_type="text/plain")


class HealthView(HealthCheckView):
    """PostgreSQL, Redis and a live Celery worker; 503 unless every one of them answers."""

    checks = (
        "health_check.checks.Database",
        "health_check.checks.Cache",
        "health_check.contrib.celery.Ping",
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        if response.status_code != 200:
            response.status_code = 503
        return response


def not_found(request, exception):
    """handler404: API clients get JSON like every other API answer, people the page."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": gettext("Not found.")}, status=404)
    return page_not_found(request, exception)
