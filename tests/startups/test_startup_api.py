"""The veteran's API on start-ups: declare, read their own, and the policies with each
rule's verdict and reason (the same services and evaluation as the pages)."""

import pytest

from demo.identifiers import make_credit_code
from startups import services
from startups.models import EligibilityRule, StartUp
from tests import factories as f
from tests.api.conftest import field_errors

pytestmark = pytest.mark.django_db


def _body(**changes) -> dict:
    body = {
        "name": "京兵科技有限公司",
        "credit_code": make_credit_code("110105", 3333),
        "founded_on": "2025-04-01",
        "industry": f.industry().pk,
        "region": f.region(f.CITY_X).pk,
        "address": "朝阳区建国路1号",
        "stage": "starting",
        "employees": 6,
        "veteran_employees": 2,
    }
    return {**body, **changes}


def test_a_veteran_declares_a_startup_through_the_api(api, veteran):
    answer = api(veteran).post("/api/v1/me/startups/declare/", _body(), format="json")
    assert answer.status_code == 201
    assert answer.json()["status"] == "declared" and answer.json()["badge"] == ""
    assert StartUp.objects.get().founder == veteran


def test_the_startup_api_says_a_bad_credit_code_at_its_field(api, veteran):
    answer = api(veteran).post(
        "/api/v1/me/startups/declare/", _body(credit_code="911101050000000000"), format="json"
    )
    assert answer.status_code == 400
    assert "credit_code" in field_errors(answer)
    assert not StartUp.objects.exists()


def test_the_startup_api_refuses_more_veterans_than_employees(api, veteran):
    answer = api(veteran).post(
        "/api/v1/me/startups/declare/", _body(employees=1, veteran_employees=2), format="json"
    )
    assert answer.status_code == 400 and "veteran_employees" in field_errors(answer)


def test_the_startup_api_shows_a_veteran_only_their_own(api, veteran, other_veteran):
    own = f.StartUpFactory(founder=veteran)
    theirs = f.StartUpFactory(founder=other_veteran)
    client = api(veteran)
    assert [row["id"] for row in client.get("/api/v1/me/startups/").json()["results"]] == [own.pk]
    assert client.get(f"/api/v1/me/startups/{theirs.pk}/").status_code == 404


def test_the_startup_api_gives_a_confirmed_startup_its_badge(api, veteran, bureau_x):
    startup = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    answer = api(veteran).get(f"/api/v1/me/startups/{startup.pk}/")
    assert answer.json()["badge"] == "退役军人创业企业"


def test_the_eligibility_api_gives_each_rule_its_verdict_and_reason(api, veteran):
    policy = f.SupportPolicyFactory()
    EligibilityRule.objects.create(policy=policy, kind="discharged_within_years", number=50)
    EligibilityRule.objects.create(policy=policy, kind="employees_at_least", number=1)
    (row,) = api(veteran).get("/api/v1/me/eligibility/").json()
    assert row["policy"] == policy.pk and row["eligible"] is False
    assert [v["passed"] for v in row["verdicts"]] == [True, False]
    assert row["verdicts"][1]["reason"] == "You have no start-up confirmed by a bureau yet."


def test_the_eligibility_api_asks_for_a_profile_first(api, db):
    answer = api(f.UserFactory()).get("/api/v1/me/eligibility/")
    assert answer.status_code == 403
    assert answer.json()["code"] == "veterans.profile_complete.missing"


def test_the_startup_api_is_for_veterans_only(api, bureau_x):
    assert api(bureau_x).get("/api/v1/me/startups/").status_code == 403
