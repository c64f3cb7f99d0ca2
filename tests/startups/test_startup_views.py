"""The start-up pages: declaring, the directory and a start-up's page, the bureau's queue
and decisions, the founder's staff page and the eligibility page; each list's queries
stay the same however many rows it shows."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from demo.identifiers import make_credit_code
from startups import services
from startups.models import EligibilityRule, StartUp
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def _form(**changes) -> dict:
    data = {
        "name": "京兵科技有限公司",
        "credit_code": make_credit_code("110105", 2222),
        "founded_on": "2025-04-01",
        "industry": f.industry().pk,
        "region": f.region(f.CITY_X).pk,
        "address": "朝阳区建国路1号",
        "stage": "starting",
        "employees": "6",
        "veteran_employees": "2",
    }
    return {**data, **changes}


def test_a_veteran_declares_a_startup_on_the_page(browse, veteran):
    response = browse(veteran.user).post("/startups/declare/", _form())
    startup = StartUp.objects.get()
    assert response.status_code == 302 and response.url == f"/startups/{startup.pk}/"
    assert startup.founder == veteran and startup.status == "declared"


def test_a_startup_with_a_bad_credit_code_is_said_at_its_field(browse, veteran):
    response = browse(veteran.user).post("/startups/declare/", _form(credit_code="91110105XXXX"))
    assert response.status_code == 200
    assert "credit_code" in response.context["form"].errors
    assert not StartUp.objects.exists()


def test_a_startup_code_already_declared_is_said_at_its_field(browse, veteran):
    taken = f.StartUpFactory()
    response = browse(veteran.user).post("/startups/declare/", _form(credit_code=taken.credit_code))
    assert "credit_code" in response.context["form"].errors
    assert StartUp.objects.count() == 1


def test_the_startup_declaration_page_asks_for_a_profile_first(browse, db):
    response = browse(f.UserFactory()).get("/startups/declare/")
    assert "Please fill in your veteran profile first." in response.content.decode()
    assert '<form method="post" class="col-lg-8"' not in response.content.decode()


def test_the_startup_directory_shows_confirmed_ones_with_their_badge(browse, veteran, bureau_x):
    confirmed = services.startup_confirm(
        startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x
    )
    declared = f.StartUpFactory(founder=veteran)
    page = browse(None).get("/startups/").content.decode()
    assert confirmed.name in page and declared.name not in page
    assert "Veteran&#x27;s start-up" in page or "Veteran's start-up" in page


def test_the_startup_directory_narrows_to_a_region(browse, veteran, bureau_x, bureau_y):
    beijing = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    founder_y = f.VeteranProfileFactory(home_region=f.region(f.CITY_Y))
    shanghai = services.startup_confirm(
        startup=f.StartUpFactory(founder=founder_y, region=f.region(f.CITY_Y)), reviewer=bureau_y
    )
    page = browse(None).get("/startups/", {"region": f.PROVINCE_Y}).content.decode()
    assert shanghai.name in page and beijing.name not in page


def test_a_declared_startup_is_not_found_by_the_public(browse, veteran):
    startup = f.StartUpFactory(founder=veteran)
    assert browse(None).get(f"/startups/{startup.pk}/").status_code == 404


def test_a_startup_awaiting_confirmation_offers_the_bureau_its_decisions(browse, veteran, bureau_x):
    startup = f.StartUpFactory(founder=veteran)
    page = browse(bureau_x).get(f"/startups/{startup.pk}/").content.decode()
    assert f"/startups/{startup.pk}/confirm/" in page and f"/startups/{startup.pk}/reject/" in page


def test_the_bureau_confirms_a_startup_from_its_page(browse, veteran, bureau_x):
    startup = f.StartUpFactory(founder=veteran)
    response = browse(bureau_x).post(f"/startups/{startup.pk}/confirm/", {"note": ""})
    assert response.status_code == 302 and response.url == "/startups/review/"
    startup.refresh_from_db()
    assert startup.status == "confirmed" and startup.enterprise is not None


def test_the_bureau_does_not_refuse_a_startup_without_a_reason(browse, veteran, bureau_x):
    startup = f.StartUpFactory(founder=veteran)
    response = browse(bureau_x).post(f"/startups/{startup.pk}/reject/", {"reason": ""})
    assert response.status_code == 200
    startup.refresh_from_db()
    assert startup.status == "declared"


def test_the_startup_review_queue_shows_its_regions_declarations(
    browse, veteran, bureau_x, bureau_y
):
    startup = f.StartUpFactory(founder=veteran)
    assert startup.name in browse(bureau_x).get("/startups/review/").content.decode()
    assert startup.name not in browse(bureau_y).get("/startups/review/").content.decode()


def test_a_confirmed_startups_founder_registers_staff_on_its_page(browse, veteran, bureau_x):
    startup = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    response = browse(veteran.user).post(
        f"/startups/{startup.pk}/staff/", {"username": "jb_hr", "email": "hr@jb.cn"}
    )
    assert response.status_code == 302
    assert startup.enterprise.members.get().user.username == "jb_hr"


def test_a_startup_awaiting_confirmation_says_why_it_registers_no_staff(browse, veteran):
    startup = f.StartUpFactory(founder=veteran)
    page = browse(veteran.user).get(f"/startups/{startup.pk}/staff/").content.decode()
    assert "A start-up registers staff once a bureau has confirmed it." in page


def _policy_with_rules(**fields):
    policy = f.SupportPolicyFactory(**fields)
    EligibilityRule.objects.create(policy=policy, kind="discharged_within_years", number=5)
    EligibilityRule.objects.create(policy=policy, kind="employees_at_least", number=5)
    return policy


def test_the_eligibility_page_shows_each_rule_with_its_reason(browse, veteran, bureau_x):
    services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    policy = _policy_with_rules(title="创业担保贷款")
    page = browse(veteran.user).get("/startups/eligibility/").content.decode()
    assert "创业担保贷款" in page and f'data-policy="{policy.pk}" data-eligible="yes"' in page
    assert "You were discharged on" in page and "employs 8 people" in page


def test_the_eligibility_page_without_a_startup_says_what_is_missing(browse, veteran):
    policy = _policy_with_rules()
    page = browse(veteran.user).get("/startups/eligibility/").content.decode()
    assert f'data-policy="{policy.pk}" data-eligible="no"' in page
    assert "You have no start-up confirmed by a bureau yet." in page


def test_the_eligibility_page_leaves_out_other_provinces_policies(browse, veteran):
    shanghai = _policy_with_rules(title="上海创业补贴", region=f.region(f.PROVINCE_Y))
    page = browse(veteran.user).get("/startups/eligibility/").content.decode()
    assert shanghai.title not in page


def test_the_eligibility_page_lists_bases_near_the_veteran(browse, veteran):
    base = f.SupportBaseFactory()
    far = f.SupportBaseFactory(region=f.region(f.CITY_Y))
    page = browse(veteran.user).get("/startups/eligibility/").content.decode()
    assert base.name in page and far.name not in page


def _queries(client, url) -> int:
    client.get(url)  # session and caches warm
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_startup_directory_costs_the_same_queries_for_2_or_8_startups(
    browse, bureau_x, django_assert_max_num_queries
):
    def confirm(n):
        for _ in range(n):
            services.startup_confirm(startup=f.StartUpFactory(), reviewer=bureau_x)

    confirm(2)
    client = browse(None)
    first = _queries(client, "/startups/")
    confirm(6)
    with django_assert_max_num_queries(first):
        client.get("/startups/")


def test_the_eligibility_page_costs_the_same_queries_for_2_or_8_policies(
    browse, veteran, django_assert_max_num_queries
):
    for _ in range(2):
        _policy_with_rules()
    client = browse(veteran.user)
    first = _queries(client, "/startups/eligibility/")
    for _ in range(6):
        _policy_with_rules()
        f.SupportBaseFactory()
    with django_assert_max_num_queries(first):
        client.get("/startups/eligibility/")


def test_the_startup_review_queue_costs_the_same_queries_for_2_or_8(
    browse, bureau_x, django_assert_max_num_queries
):
    f.StartUpFactory.create_batch(2)
    client = browse(bureau_x)
    first = _queries(client, "/startups/review/")
    f.StartUpFactory.create_batch(6)
    with django_assert_max_num_queries(first):
        client.get("/startups/review/")


def test_a_startup_founded_today_may_be_declared(browse, veteran):
    today = datetime.date.today().isoformat()
    browse(veteran.user).post("/startups/declare/", _form(founded_on=today))
    assert StartUp.objects.filter(founded_on=today).exists()


@pytest.mark.parametrize("decision", ["confirm", "reject"])
def test_a_startup_decided_once_is_refused_on_its_page_with_nothing_changed(
    browse, veteran, bureau_x, decision
):
    startup = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    response = browse(bureau_x).post(
        f"/startups/{startup.pk}/{decision}/", {"note": "", "reason": "再审"}, follow=True
    )
    assert "This is not possible any more" in response.content.decode()
    startup.refresh_from_db()
    assert startup.status == "confirmed"
