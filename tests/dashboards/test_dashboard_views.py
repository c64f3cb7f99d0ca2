"""Who sees which dashboard: the ministry every scope, a bureau its region and below, an
enterprise its own figures, veterans and strangers nothing."""

import datetime

import pytest
from django.urls import reverse

from dashboards.services import quarterly_report_compute
from tests import factories as f

pytestmark = pytest.mark.django_db

NATION = reverse("dashboards:nation")


def region_url(code: str) -> str:
    return reverse("dashboards:region", kwargs={"code": code})


def test_the_ministry_sees_the_nation_with_its_provinces(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(NATION)

    assert response.status_code == 200
    assert [row["code"] for row in response.context["children"]][:1] == ["110000"]
    assert response.context["totals"]["applications"] == 3


def test_the_ministry_drills_down_to_a_province_and_a_city(client, ministry, reported):
    client.force_login(ministry)

    province = client.get(region_url(f.PROVINCE_X))
    city = client.get(region_url(f.CITY_X))

    assert province.context["totals"]["applications"] == 2
    assert [row["code"] for row in province.context["children"]] == [f.CITY_X]
    assert city.context["totals"]["applications"] == 2
    assert city.context["children"] == []


def test_a_bureau_sees_its_province_and_its_cities(client, bureau_x, reported):
    client.force_login(bureau_x)

    assert client.get(region_url(f.PROVINCE_X)).status_code == 200
    assert client.get(region_url(f.CITY_X)).status_code == 200


def test_a_bureau_gets_404_for_another_province_and_its_cities(client, bureau_x, reported):
    client.force_login(bureau_x)

    assert client.get(region_url(f.PROVINCE_Y)).status_code == 404
    assert client.get(region_url(f.CITY_Y)).status_code == 404


def test_a_bureau_gets_404_for_the_nation(client, bureau_x, reported):
    client.force_login(bureau_x)

    assert client.get(NATION).status_code == 404


def test_a_city_bureau_gets_404_for_its_province(client, reported):
    city_bureau = f.BureauUserFactory(region=f.region(f.CITY_X))
    client.force_login(city_bureau)

    assert client.get(region_url(f.CITY_X)).status_code == 200
    assert client.get(region_url(f.PROVINCE_X)).status_code == 404


def test_a_bureau_sees_only_enterprises_active_in_its_region(client, bureau_x, reported):
    client.force_login(bureau_x)

    response = client.get(region_url(f.PROVINCE_X))

    names = [row["name"] for row in response.context["enterprise_page"]]
    assert names == ["甲企业集团有限公司"]


def test_an_unknown_region_answers_404(client, ministry, reported):
    client.force_login(ministry)

    assert client.get(region_url("999900")).status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_veterans_and_enterprise_staff_get_404_for_regulators_dashboards(client, persona, reported):
    client.force_login(persona)

    assert client.get(NATION).status_code == 404
    assert client.get(region_url(f.PROVINCE_X)).status_code == 404


def test_the_anonymous_are_sent_to_log_in(client, reported):
    response = client.get(NATION)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))


def test_an_enterprise_sees_its_own_figures_only(client, hr_a, reported):
    client.force_login(hr_a)

    response = client.get(reverse("dashboards:enterprise"))

    assert response.status_code == 200
    assert response.context["latest"]["pledged"] == 12000
    assert response.context["latest"]["applications"] == 2
    assert "乙企业" not in response.content.decode()


def test_the_enterprise_dashboard_answers_404_to_a_bureau(client, bureau_x, reported):
    client.force_login(bureau_x)

    assert client.get(reverse("dashboards:enterprise")).status_code == 404


@pytest.mark.parametrize(
    ("persona", "target"),
    [
        ("ministry", NATION),
        ("bureau_x", region_url(f.PROVINCE_X)),
        ("hr_a", reverse("dashboards:enterprise")),
    ],
    indirect=["persona"],
)
def test_the_dashboard_link_leads_each_role_to_its_own(client, persona, target):
    client.force_login(persona)

    response = client.get(reverse("dashboards:home"))

    assert response.url == target


def test_numbers_have_thousands_separators_in_chinese(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(NATION, HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert "12,010" in response.content.decode()  # posts pledged: 12,000 + 10


def test_the_enterprise_table_sorts_by_a_column_both_ways(client, ministry, reported):
    client.force_login(ministry)

    down = client.get(NATION, {"sort": "-applications"}).context["enterprise_page"]
    up = client.get(NATION, {"sort": "applications"}).context["enterprise_page"]

    assert [row["applications"] for row in down] == [2, 1]
    assert [row["applications"] for row in up] == [1, 2]


def test_an_unknown_sort_key_falls_back_to_the_name(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(NATION, {"sort": "password"})

    assert response.context["sort"] == "name"


def test_an_enterprise_behind_its_pledge_is_flagged_on_the_page(client, ministry, reported):
    client.force_login(ministry)

    response = client.get(NATION)

    rows = {row["name"]: row["behind"] for row in response.context["enterprise_page"]}
    assert rows == {"甲企业集团有限公司": True, "乙企业股份有限公司": False}
    assert "Behind" in response.content.decode()


def test_a_dashboard_without_a_report_says_so(client, ministry):
    client.force_login(ministry)

    response = client.get(NATION)

    assert response.status_code == 200
    assert "No quarterly report has been computed" in response.content.decode()


def test_the_quarter_can_be_chosen_among_the_stored_ones(client, ministry, reported):
    client.force_login(ministry)

    chosen = client.get(NATION, {"quarter": str(reported)}).context["quarter"]
    unknown = client.get(NATION, {"quarter": "1999Q1"}).context["quarter"]

    assert chosen == reported
    assert unknown == reported


@pytest.mark.parametrize("code", [None, f.PROVINCE_X, f.CITY_X])
def test_a_dashboard_needs_the_same_queries_however_many_rows(
    client, ministry, reported, code, django_assert_max_num_queries
):
    client.force_login(ministry)
    url = NATION if code is None else region_url(code)

    # 18: the quarter's feedback is read with the stored report (no query of its own); a
    # city's page reads its districts' stored totals twice (the drill-down's quarter
    # columns, the table of districts) and their names; the report's computed_at names
    # its kept section (rendered here: the tests keep nothing).
    with django_assert_max_num_queries(18):
        response = client.get(url)

    assert response.status_code == 200


def test_every_chart_of_the_dashboard_has_its_data(client, ministry, reported):
    client.force_login(ministry)

    content = client.get(NATION).content.decode()

    for name in ("trend", "funnel", "batches", "enterprises", "retention", "veterans"):
        assert f'data-chart="chart-{name}"' in content
        assert f'id="chart-{name}"' in content
    assert "<script>" not in content


def test_the_live_counts_are_those_of_the_region(client, bureau_x, reported):
    f.JobPostFactory(
        branch=f.BranchFactory(region=f.region(f.CITY_X)), status="pending", published_at=None
    )
    f.JobPostFactory(
        branch=f.BranchFactory(region=f.region(f.CITY_Y)), status="pending", published_at=None
    )
    client.force_login(bureau_x)

    live = client.get(region_url(f.PROVINCE_X)).context["live"]

    assert live == {
        "open_posts": 1,
        "pending_review": 1,
        "open_reports": 0,
        "enterprises_waiting": 0,
    }


@pytest.mark.parametrize("persona", ["ministry", "bureau_x"], indirect=True)
def test_the_live_count_of_enterprises_waiting_is_the_users_review_queue(client, persona, reported):
    from enterprises.models import Enterprise
    from enterprises.selectors import enterprise_review_queue

    f.EnterpriseFactory(status=Enterprise.Status.APPLIED)
    f.EnterpriseFactory(status=Enterprise.Status.APPLIED)
    f.EnterpriseFactory(
        status=Enterprise.Status.APPLIED, ownership=Enterprise.Ownership.CENTRAL_SOE
    )
    client.force_login(persona)
    url = reverse("dashboards:nation") if persona.role == "ministry" else region_url(f.PROVINCE_X)

    live = client.get(url).context["live"]

    expected = 1 if persona.role == "ministry" else 2
    assert live["enterprises_waiting"] == enterprise_review_queue(persona).count() == expected


def test_the_enterprise_dashboard_needs_few_queries(
    client, hr_a, reported, django_assert_max_num_queries
):
    client.force_login(hr_a)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("dashboards:enterprise"))

    assert response.status_code == 200


def test_an_enterprise_without_any_report_sees_an_empty_state(client, hr_a):
    client.force_login(hr_a)

    response = client.get(reverse("dashboards:enterprise"))

    assert "No quarterly report counts your enterprise yet." in response.content.decode()


@pytest.fixture
def referred(bureau_x, hr_a, quarter):
    """A referral by province X's bureau to enterprise A's post, taken up in the quarter."""
    moment = quarter.starts_at + datetime.timedelta(days=30)
    post = f.JobPostFactory(
        branch=f.BranchFactory(
            enterprise=hr_a.enterprise_membership.enterprise, region=f.region(f.CITY_X)
        )
    )
    veteran = f.VeteranProfileFactory()
    application = f.ApplicationFactory(post=post, veteran=veteran, created_at=moment)
    f.ReferralFactory(
        veteran=veteran,
        post=post,
        referred_by=bureau_x,
        status="taken_up",
        application=application,
        created_at=moment,
        answered_at=moment,
    )
    quarterly_report_compute(quarter=quarter)


def test_referral_figures_on_the_bureaus_and_the_enterprises_dashboards(
    client, bureau_x, hr_a, referred
):
    client.force_login(bureau_x)
    province = client.get(region_url(f.PROVINCE_X))
    client.force_login(hr_a)
    enterprise = client.get(reverse("dashboards:enterprise"))

    totals = province.context["totals"]
    assert (totals["bureau_referrals_made"], totals["bureau_referrals_taken_up"]) == (1, 1)
    assert "Referrals made by this bureau" in province.content.decode()
    latest = enterprise.context["latest"]
    assert (latest["referrals_made"], latest["referrals_taken_up"]) == (1, 1)
    assert "Referrals taken up" in enterprise.content.decode()
