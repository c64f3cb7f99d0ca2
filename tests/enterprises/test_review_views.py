"""The regulators' review pages of enterprises and branches."""

import datetime

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Branch, Enterprise
from tests import factories as f
from tests.enterprises.conftest import actions
from tests.pages import levels

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def applied_enterprises(count: int, **fields) -> list[Enterprise]:
    """Applications made one day apart, the first the oldest."""
    start = timezone.now() - datetime.timedelta(days=count + 1)
    return [
        f.EnterpriseFactory(
            status="applied", created_at=start + datetime.timedelta(days=n), **fields
        )
        for n in range(count)
    ]


def pending_branches(count: int, **fields) -> list[Branch]:
    start = timezone.now() - datetime.timedelta(days=count + 1)
    return [
        f.BranchFactory(status="pending", created_at=start + datetime.timedelta(days=n), **fields)
        for n in range(count)
    ]


# The enterprise queue ------------------------------------------------------------------


def test_the_queue_lists_the_oldest_application_first_with_its_waiting_time(client, bureau_x):
    newer, older = applied_enterprises(2)[::-1]
    client.force_login(bureau_x)
    response = client.get(reverse("enterprises:enterprise_review_queue"))
    assert list(response.context["page_obj"]) == [older, newer]
    assert "Waiting 3 days" in response.content.decode()


def test_the_queue_leaves_out_another_province_and_central_enterprises(client, bureau_y):
    applied_enterprises(1)
    applied_enterprises(1, hq_region=f.region(f.CITY_Y), ownership="central_soe")
    client.force_login(bureau_y)
    response = client.get(reverse("enterprises:enterprise_review_queue"))
    assert list(response.context["page_obj"]) == []
    assert 'class="portal-empty"' in response.content.decode()


def test_the_ministry_queue_holds_the_central_enterprises(client, ministry):
    applied_enterprises(1)
    [central] = applied_enterprises(1, ownership="central_soe")
    client.force_login(ministry)
    response = client.get(reverse("enterprises:enterprise_review_queue"))
    assert list(response.context["page_obj"]) == [central]


def test_the_queue_pages_through_45_applications(client, bureau_x):
    enterprises = applied_enterprises(45)
    client.force_login(bureau_x)
    url = reverse("enterprises:enterprise_review_queue")
    assert len(client.get(url).context["page_obj"]) == 20
    last = client.get(url, {"page": 3}).context["page_obj"]
    assert list(last) == enterprises[40:]


def test_the_queue_costs_the_same_queries_for_45_rows(
    client, bureau_x, django_assert_max_num_queries
):
    applied_enterprises(45)
    client.force_login(bureau_x)
    with django_assert_max_num_queries(6):
        client.get(reverse("enterprises:enterprise_review_queue"))


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_the_queue_is_refused_to_veterans_and_enterprise_staff(client, persona):
    client.force_login(persona)
    assert client.get(reverse("enterprises:enterprise_review_queue")).status_code == 404


def test_an_anonymous_visitor_is_sent_to_log_in(client):
    response = client.get(reverse("enterprises:enterprise_review_queue"))
    assert response.status_code == 302
    assert reverse("accounts:login") in response["Location"]


# The enterprise review page and its decisions --------------------------------------------


def test_the_review_page_shows_the_application_and_its_history(client, bureau_x, enterprise):
    target = enterprise("applied")
    f.BranchFactory(enterprise=target, name="朝阳分公司")
    client.force_login(bureau_x)
    response = client.get(reverse("enterprises:enterprise_review", args=[target.pk]))
    content = response.content.decode()
    assert target.name in content and "朝阳分公司" in content
    assert reverse("enterprises:enterprise_approve", args=[target.pk]) in content
    assert "History" in content


def test_the_bureau_approves_an_application(client, bureau_x, enterprise):
    target = enterprise("applied")
    client.force_login(bureau_x)
    response = client.post(
        reverse("enterprises:enterprise_approve", args=[target.pk]), {"note": "材料齐全"}
    )
    assert response["Location"] == reverse("enterprises:enterprise_review_queue")
    target.refresh_from_db()
    assert (target.status, target.reviewed_by) == ("approved", bureau_x)
    assert actions(target) == ["enterprise.approved"]
    assert levels(response) == [SUCCESS]


def test_the_bureau_rejects_an_application_with_a_reason_sent_by_e_mail(
    client, bureau_x, enterprise, django_capture_on_commit_callbacks, mailoutbox
):
    target = enterprise("applied")
    client.force_login(bureau_x)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("enterprises:enterprise_reject", args=[target.pk]), {"reason": "营业执照已过期"}
        )
    target.refresh_from_db()
    assert (target.status, target.decision_reason) == ("rejected", "营业执照已过期")
    assert actions(target) == ["enterprise.rejected"]
    assert [message.to for message in mailoutbox] == [["hr_a@example.com"]]
    assert "营业执照已过期" in mailoutbox[0].body


def test_a_rejection_without_a_reason_is_refused_and_nothing_changes(client, bureau_x, enterprise):
    target = enterprise("applied")
    client.force_login(bureau_x)
    response = client.post(
        reverse("enterprises:enterprise_reject", args=[target.pk]), {"reason": "  "}
    )
    assert response.status_code == 200
    assert "Give a reason for this decision." in response.content.decode()
    target.refresh_from_db()
    assert target.status == "applied"
    assert actions(target) == []


def test_the_bureau_suspends_and_reinstates_an_enterprise(client, bureau_x, enterprise):
    target = enterprise("approved")
    client.force_login(bureau_x)
    client.post(reverse("enterprises:enterprise_suspend", args=[target.pk]), {"reason": "虚假岗位"})
    target.refresh_from_db()
    assert (target.status, target.decision_reason) == ("suspended", "虚假岗位")
    client.post(reverse("enterprises:enterprise_reinstate", args=[target.pk]))
    target.refresh_from_db()
    assert target.status == "approved"
    assert actions(target) == ["enterprise.reinstated", "enterprise.suspended"]


def test_deciding_an_application_twice_shows_an_error_and_changes_nothing(
    client, bureau_x, enterprise
):
    target = enterprise("rejected")
    client.force_login(bureau_x)
    response = client.post(reverse("enterprises:enterprise_approve", args=[target.pk]))
    assert response["Location"] == reverse("enterprises:enterprise_review", args=[target.pk])
    assert levels(response) == [ERROR]
    target.refresh_from_db()
    assert target.status == "rejected"


def test_the_ministry_cannot_decide_a_bureaus_enterprise(client, ministry, enterprise):
    target = enterprise("applied")
    client.force_login(ministry)
    response = client.get(reverse("enterprises:enterprise_review", args=[target.pk]))
    assert reverse("enterprises:enterprise_approve", args=[target.pk]) not in (
        response.content.decode()
    )
    response = client.post(reverse("enterprises:enterprise_approve", args=[target.pk]))
    assert levels(response) == [ERROR]
    target.refresh_from_db()
    assert target.status == "applied"


@pytest.mark.parametrize(
    "name, data",
    [
        ("enterprise_approve", {}),
        ("enterprise_reject", {"reason": "不符合条件"}),
        ("enterprise_suspend", {"reason": "不符合条件"}),
    ],
)
def test_another_provinces_bureau_gets_404_and_nothing_changes(
    client, bureau_y, enterprise, name, data
):
    target = enterprise("applied")
    client.force_login(bureau_y)
    assert client.get(reverse("enterprises:enterprise_review", args=[target.pk])).status_code == 404
    assert client.post(reverse(f"enterprises:{name}", args=[target.pk]), data).status_code == 404
    target.refresh_from_db()
    assert target.status == "applied"
    assert actions(target) == []


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_veterans_and_enterprise_staff_cannot_approve(client, persona, enterprise):
    target = enterprise("applied")
    client.force_login(persona)
    response = client.post(reverse("enterprises:enterprise_approve", args=[target.pk]))
    assert response.status_code == 404
    target.refresh_from_db()
    assert target.status == "applied"


def test_a_decision_is_only_taken_by_post(client, bureau_x, enterprise):
    target = enterprise("applied")
    client.force_login(bureau_x)
    response = client.get(reverse("enterprises:enterprise_approve", args=[target.pk]))
    assert response.status_code == 405
    target.refresh_from_db()
    assert target.status == "applied"


# Branches ------------------------------------------------------------------------------


def test_the_branch_queue_lists_the_oldest_branch_first(client, bureau_x):
    older, newer = pending_branches(2)
    client.force_login(bureau_x)
    response = client.get(reverse("enterprises:branch_review_queue"))
    assert list(response.context["page_obj"]) == [older, newer]
    assert "Waiting 2 days" in response.content.decode()


def test_the_branch_queue_pages_through_45_branches_in_constant_queries(
    client, bureau_x, django_assert_max_num_queries
):
    branches = pending_branches(45)
    client.force_login(bureau_x)
    url = reverse("enterprises:branch_review_queue")
    with django_assert_max_num_queries(6):
        first = client.get(url)
    assert len(first.context["page_obj"]) == 20
    assert list(client.get(url, {"page": 3}).context["page_obj"]) == branches[40:]


def test_the_branch_queue_shows_its_empty_state(client, bureau_y):
    pending_branches(1)
    client.force_login(bureau_y)
    response = client.get(reverse("enterprises:branch_review_queue"))
    assert 'class="portal-empty"' in response.content.decode()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_the_branch_queue_is_for_bureaus_only(client, persona):
    client.force_login(persona)
    assert client.get(reverse("enterprises:branch_review_queue")).status_code == 404


def test_the_bureau_approves_a_branch_from_the_queue(client, bureau_x):
    [branch] = pending_branches(1)
    client.force_login(bureau_x)
    response = client.post(reverse("enterprises:branch_approve", args=[branch.pk]))
    assert response["Location"] == reverse("enterprises:branch_review_queue")
    branch.refresh_from_db()
    assert (branch.status, branch.reviewed_by) == ("approved", bureau_x)
    assert actions(branch) == ["branch.approved"]


def test_the_branch_page_shows_the_branch_and_its_history(client, bureau_x):
    [branch] = pending_branches(1)
    client.force_login(bureau_x)
    response = client.get(reverse("enterprises:branch_review", args=[branch.pk]))
    content = response.content.decode()
    assert branch.address in content
    assert reverse("enterprises:branch_reject", args=[branch.pk]) in content
    assert "History" in content


def test_the_bureau_rejects_a_branch_with_a_reason(client, bureau_x):
    [branch] = pending_branches(1)
    client.force_login(bureau_x)
    client.post(reverse("enterprises:branch_reject", args=[branch.pk]), {"reason": "地址不实"})
    branch.refresh_from_db()
    assert (branch.status, branch.decision_reason) == ("rejected", "地址不实")


def test_a_branch_rejection_without_a_reason_saves_nothing(client, bureau_x):
    [branch] = pending_branches(1)
    client.force_login(bureau_x)
    response = client.post(reverse("enterprises:branch_reject", args=[branch.pk]), {"reason": ""})
    assert "Give a reason for this decision." in response.content.decode()
    branch.refresh_from_db()
    assert branch.status == "pending"
    assert actions(branch) == []


def test_another_provinces_bureau_cannot_see_or_decide_a_branch(client, bureau_y):
    [branch] = pending_branches(1)
    client.force_login(bureau_y)
    assert client.get(reverse("enterprises:branch_review", args=[branch.pk])).status_code == 404
    assert client.post(reverse("enterprises:branch_approve", args=[branch.pk])).status_code == 404
    branch.refresh_from_db()
    assert branch.status == "pending"
