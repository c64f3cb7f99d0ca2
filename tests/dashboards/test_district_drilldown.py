"""The dashboards drill down to districts (#20): a city's dashboard lists its districts and
counties with their live figures; a district's dashboard is open to its own officer and
to the bureaus above it, and to nobody beside it."""

import pytest
from django.urls import reverse

from dashboards.selectors import districts_live, live_counts_forget, scope_visible_to
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _dashboard(code: str) -> str:
    return reverse("dashboards:region", kwargs={"code": code})


def test_a_city_dashboard_lists_its_districts_with_open_posts_and_veterans_seeking(
    browse, bureau_x
):
    branch = f.BranchFactory(region=f.region(f.DISTRICT_X))
    f.JobPostFactory(branch=branch)
    f.VeteranProfileFactory(home_region=f.region(f.DISTRICT_X), seeking_status="seeking")
    page = browse(bureau_x).get(_dashboard(f.CITY_X))
    rows = {row["code"]: row for row in page.context["districts"]}
    assert (rows[f.DISTRICT_X]["open_posts"], rows[f.DISTRICT_X]["veterans_seeking"]) == (1, 1)
    assert rows[f.OTHER_DISTRICT_X]["open_posts"] == 0
    assert _dashboard(f.DISTRICT_X).encode() in page.content


def test_the_district_drilldown_reads_the_same_queries_for_more_districts_with_data(
    browse, bureau_x, django_assert_max_num_queries
):
    client = browse(bureau_x)
    client.get(_dashboard(f.CITY_X))
    with django_assert_max_num_queries(60) as before:
        client.get(_dashboard(f.CITY_X))
    for code in ("110101", "110102", "110106", "110107"):
        f.JobPostFactory(branch=f.BranchFactory(region=f.region(code)))
    with django_assert_max_num_queries(len(before.captured_queries)):
        client.get(_dashboard(f.CITY_X))


def test_a_district_officer_opens_the_dashboard_of_its_district(browse, bureau_district):
    client = browse(bureau_district)
    home = client.get(reverse("dashboards:home"), follow=True)
    assert home.status_code == 200
    assert home.context["scope"].region.code == f.DISTRICT_X


def test_a_district_officer_does_not_open_the_dashboard_of_another_district_or_its_city(
    browse, bureau_district
):
    client = browse(bureau_district)
    assert client.get(_dashboard(f.OTHER_DISTRICT_X)).status_code == 404
    assert client.get(_dashboard(f.CITY_X)).status_code == 404


def test_another_provinces_bureau_does_not_open_a_district_dashboard(browse, bureau_y):
    assert browse(bureau_y).get(_dashboard(f.DISTRICT_X)).status_code == 404


def test_a_city_keeps_its_districts_live_figures_a_minute_and_counts_afresh_once_forgotten(
    browse, bureau_x, settings, django_assert_max_num_queries
):
    settings.DASHBOARD_LIVE_COUNTS_SECONDS = 60
    client = browse(bureau_x)
    client.get(_dashboard(f.CITY_X))
    f.JobPostFactory(branch=f.BranchFactory(region=f.region(f.DISTRICT_X)))

    kept = client.get(_dashboard(f.CITY_X))
    live_counts_forget(f.CITY_X)
    afresh = client.get(_dashboard(f.CITY_X))

    def open_posts(page):
        return {row["code"]: row["open_posts"] for row in page.context["districts"]}[f.DISTRICT_X]

    assert (open_posts(kept), open_posts(afresh)) == (0, 1)


def test_the_districts_live_figures_cost_two_queries_fewer_while_kept(
    bureau_x, settings, django_assert_num_queries
):
    settings.DASHBOARD_LIVE_COUNTS_SECONDS = 60
    scope = scope_visible_to(bureau_x, f.CITY_X)

    with django_assert_num_queries(3):  # the districts' names, open posts, veterans seeking
        districts_live(scope)
    with django_assert_num_queries(1):  # the names
        districts_live(scope)
