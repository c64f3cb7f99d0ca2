from django.core.paginator import Paginator
from django.shortcuts import render
from health_check.views import HealthCheckView

from enterprises.models import CooperationBatch, Enterprise
from jobs.selectors import posts_visible_to

HOME_PAGE_SIZE = 20


def home(request):
    posts = (
        posts_visible_to(request.user).published()
        .select_related("branch__enterprise", "region")
        .order_by("-published_at", "-id")
    )
    page = Paginator(posts, HOME_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "home.html", {
        "page_obj": page,
        "batch_count": CooperationBatch.objects.count(),
        "enterprise_count": Enterprise.objects.approved().count(),
        "post_count": page.paginator.count,
    })


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
