"""A scope's stored report is rendered once per report, language and query and kept
(DASHBOARD_REPORT_SECONDS); the page around it (live counts, links of the user's own)
is built on every request."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.models import QuarterlyReport
from dashboards.services import quarterly_report_compute
from tests import factories as f

pytestmark = pytest.mark.django_db

NATION = reverse("dashboards:nation")


@pytest.fixture(autouse=True)
def _report_kept(settings):
    settings.DASHBOARD_REPORT_SECONDS = 3600


def _page(client, url=NATION, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE=params.pop("language", "zh-hans"))
    assert response.status_code == 200
    return response


def test_a_second_visit_shows_the_same_report_without_reading_it_again(client, ministry, reported):
    client.force_login(ministry)
    first = _page(client)

    with CaptureQueriesContext(connection) as read:
        second = _page(client)

    assert "totals" in first.context and "totals" not in second.context
    section = first.context["report_section"]
    assert section and section == second.context["report_section"]
    assert not any('"overview"' in query["sql"] for query in read.captured_queries)


def test_a_new_quarterly_run_shows_at_once(client, ministry, reported, quarter):
    client.force_login(ministry)
    _page(client)
    moment = quarter.starts_at + datetime.timedelta(days=30)
    f.ApplicationFactory(post=f.JobPostFactory(), created_at=moment)
    quarterly_report_compute(quarter=quarter)

    again = _page(client)

    assert again.context["totals"]["applications"] == 4


def test_each_sort_and_language_is_rendered_for_itself(client, ministry, reported):
    client.force_login(ministry)
    _page(client)

    by_name = _page(client, sort="name")
    english = _page(client, language="en")
    by_name_again = _page(client, sort="name")

    assert by_name.context["sort"] == "name"
    assert "National employment cooperation" in english.content.decode()
    assert "totals" in english.context
    assert "totals" not in by_name_again.context  # kept: a column the table's links offer
    assert by_name_again.context["report_section"] == by_name.context["report_section"]


def test_a_bureau_reads_its_own_province_from_the_kept_section_and_never_another(
    client, ministry, bureau_x, bureau_y, reported
):
    province = reverse("dashboards:region", kwargs={"code": f.PROVINCE_X})
    client.force_login(ministry)
    kept = _page(client, province).context["report_section"]

    client.force_login(bureau_x)
    assert _page(client, province).context["report_section"] == kept
    client.force_login(bureau_y)
    assert client.get(province).status_code == 404


def test_a_scope_without_a_report_says_so(client, ministry, quarter):
    client.force_login(ministry)
    QuarterlyReport.objects.all().delete()

    page = _page(client)

    assert page.context["report_section"] is None
    assert "No quarterly report has been computed" in _page(client, language="en").content.decode()


@pytest.mark.parametrize(
    "params",
    [{"utm": "x"}, {"sort": "nonsense"}, {"page": "2x"}, {"quarter": "1999Q1"}],
    ids=["unknown parameter", "unknown column", "page not a number", "another quarter"],
)
def test_a_query_the_pages_links_do_not_make_is_rendered_and_not_kept(
    client, ministry, reported, params
):
    client.force_login(ministry)
    _page(client, **params)

    again = _page(client, **params)

    assert "totals" in again.context  # rendered afresh: nothing was kept for it
