"""The public pages of the programme, open to anyone: a released batch with its
enterprises and pledges, the directory of cooperative enterprises, and each one's page.

A batch before its release date, and an enterprise with no announced agreement, are not
found (enterprises.selectors decides what is announced). Visitors' pages are kept a short
while (portal.pagecache), as the search is."""

from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_GET

from dashboards import selectors
from dashboards.commendations import published_criteria
from enterprises import selectors as enterprise_selectors
from enterprises.forms.public import CooperativeEnterpriseFilter
from enterprises.models import CooperationBatch
from portal.pagecache import visitor_page_cache
from portal.pagination import paginate
from portal.reference.models import Industry, Region

OPEN_POSTS_SHOWN = 10


@require_GET
@visitor_page_cache
def directory(request):
    filters = CooperativeEnterpriseFilter(
        request.GET, queryset=enterprise_selectors.cooperative_enterprises()
    )
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filters,
        "page_obj": paginate(request, selectors.directory_rows(filters.qs)),
        "query": query.urlencode(),
        "batches": CooperationBatch.objects.released().order_by("-number"),
        "criteria": published_criteria(),
    }
    return render(request, "cooperation/directory.html", context)


@require_GET
@visitor_page_cache
def batch(request, number: int):
    batch = get_object_or_404(CooperationBatch.objects.released(), number=number)
    pledges = enterprise_selectors.batch_pledges(batch)
    agreements = list(pledges["agreements"])
    regions = Region.objects.in_bulk(list(pledges["by_province"]))
    industries = Industry.objects.in_bulk(
        [row["enterprise__industry"] for row in pledges["by_industry"]]
    )
    context = {
        "batch": batch,
        "agreements": agreements,
        "by_province": sorted(
            (
                (regions[code], pledged)
                for code, pledged in pledges["by_province"].items()
                if code in regions
            ),
            key=lambda row: -row[1],
        ),
        "by_industry": [
            (industries[row["enterprise__industry"]], row["pledged"], row["enterprises"])
            for row in pledges["by_industry"]
        ],
        "total": sum(agreement.pledged_posts for agreement in agreements),
        "members": _members(agreements),
    }
    return render(request, "cooperation/batch.html", context)


def _members(agreements: list) -> list[dict]:
    """One row per enterprise of the batch (an enterprise may have signed with the ministry
    and with a bureau): its pledged posts in the batch and its cooperation modes."""
    rows = {}
    for agreement in agreements:
        row = rows.setdefault(
            agreement.enterprise_id,
            {"enterprise": agreement.enterprise, "pledged": 0, "modes": []},
        )
        row["pledged"] += agreement.pledged_posts
        mode = agreement.get_cooperation_mode_display()
        if mode not in row["modes"]:
            row["modes"].append(mode)
    return list(rows.values())


@require_GET
@visitor_page_cache
def enterprise(request, pk: int):
    enterprise = get_object_or_404(
        selectors.directory_rows(enterprise_selectors.cooperative_enterprises()), pk=pk
    )
    posts = selectors.open_posts_of(enterprise)
    context = {
        "enterprise": enterprise,
        "branches": selectors.public_branches_of(enterprise),
        "posts": posts[:OPEN_POSTS_SHOWN],
        "posts_total": posts.count(),
        "modes": selectors.modes_of(enterprise),
        "verification": selectors.verified_share(enterprise),
    }
    return render(request, "cooperation/enterprise.html", context)
