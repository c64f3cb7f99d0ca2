"""The home page: the search of published posts, open to everyone."""

from urllib.parse import urlencode

from django.core.cache import cache
from django.shortcuts import render

from enterprises.models import CooperationBatch, Enterprise
from jobs.forms.search import PostSearchForm
from jobs.models import JobPost
from jobs.notices.selectors import latest_notices
from jobs.search import Cursor, count_posts, search_posts
from jobs.selectors import saved_post_ids
from portal.pagecache import visitor_page_cache
from veterans.selectors import profile_of

STATS_SECONDS = 300


def _portal_stats() -> dict:
    """The figures over the search box; counting 100,000 posts on every visit is waste."""
    return cache.get_or_set(
        "home:stats",
        lambda: {
            "batch_count": CooperationBatch.objects.count(),
            "enterprise_count": Enterprise.objects.approved().count(),
            "post_count": JobPost.objects.published().count(),
        },
        STATS_SECONDS,
    )


def _home_province(user) -> str:
    """A veteran's home province code, for the "aimed at veterans from my province" link."""
    if not (user.is_authenticated and user.is_veteran):
        return ""
    profile = profile_of(user)
    region = profile.home_region_id if profile else ""
    return f"{region[:2]}0000" if region else ""


@visitor_page_cache
def home(request):
    """The search of published posts; htmx asks for the next page of results only."""
    form = PostSearchForm(request.GET or None)
    form.is_valid()
    after = Cursor.parse(request.GET.get("after"))
    criteria = form.criteria()
    page = search_posts(criteria, after=after)
    context = {
        "form": form,
        "page": page,
        "after": after,
        "query": urlencode(form.params()),
        "saved_ids": saved_post_ids(request.user, page.posts),
    }
    if request.headers.get("HX-Request") and after:
        context["appended"] = True
        return render(request, "jobs/partials/search_results.html", context)
    count, more = count_posts(criteria)
    context |= {"count": count, "more": more, "sort": criteria.sort, "text": criteria.text}
    context["notices"] = latest_notices()
    context["my_province"] = _home_province(request.user)
    return render(request, "home.html", {**context, **_portal_stats()})
