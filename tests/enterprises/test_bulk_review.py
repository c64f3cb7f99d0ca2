"""Bulk approval and rejection of enterprise and branch applications on the review queues:
each through enterprise_approve / branch_reject and friends, one audit event each."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from enterprises.models import Branch, Enterprise
from tests import factories as f
from tests.enterprises.conftest import actions
from tests.workflow import status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def applied(db):
    """Three private enterprises of city X asking to join: bureau_x decides them."""
    return [
        f.EnterpriseFactory(status=Enterprise.Status.APPLIED, hq_region=f.region(f.CITY_X))
        for _ in range(3)
    ]


@pytest.fixture
def pending_branches(enterprise_a):
    return [
        f.BranchFactory(
            enterprise=enterprise_a, status=Branch.Status.PENDING, region=f.region(f.CITY_X)
        )
        for _ in range(2)
    ]


def api_as(user) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_bulk_approve_of_enterprises_records_one_decision_each(client, bureau_x, applied):
    client.force_login(bureau_x)
    client.post(reverse("enterprises:enterprise_bulk_approve"), {"ids": [e.pk for e in applied]})
    for enterprise in applied:
        assert status_of(enterprise) == Enterprise.Status.APPROVED
        assert actions(enterprise) == ["enterprise.approved"]


def test_bulk_reject_of_enterprises_gives_each_the_one_reason(client, bureau_x, applied):
    client.force_login(bureau_x)
    client.post(
        reverse("enterprises:enterprise_bulk_reject"),
        {"ids": [e.pk for e in applied], "reason": "营业执照不清晰"},
    )
    for enterprise in applied:
        enterprise.refresh_from_db()
        assert (enterprise.status, enterprise.decision_reason) == ("rejected", "营业执照不清晰")


def test_bulk_approve_of_enterprises_refuses_one_outside_the_region(client, bureau_y, applied):
    client.force_login(bureau_y)
    response = client.post(reverse("enterprises:enterprise_bulk_approve"), {"ids": [applied[0].pk]})
    assert status_of(applied[0]) == Enterprise.Status.APPLIED
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert "One of the ticked items is not in your scope any more." in texts


def test_bulk_approve_of_a_central_enterprise_is_refused_to_the_bureau_each_on_its_own(
    client, bureau_x, applied
):
    central = f.EnterpriseFactory(
        status=Enterprise.Status.APPLIED,
        hq_region=f.region(f.CITY_X),
        ownership=Enterprise.Ownership.CENTRAL_SOE,
    )
    client.force_login(bureau_x)
    response = client.post(
        reverse("enterprises:enterprise_bulk_approve"), {"ids": [central.pk, applied[0].pk]}
    )
    assert status_of(central) == Enterprise.Status.APPLIED
    assert status_of(applied[0]) == Enterprise.Status.APPROVED
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("reviewed by another authority" in text for text in texts)


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_bulk_approve_of_enterprises_is_refused_to_non_regulators(client, persona, applied):
    client.force_login(persona)
    client.post(reverse("enterprises:enterprise_bulk_approve"), {"ids": [applied[0].pk]})
    assert status_of(applied[0]) == Enterprise.Status.APPLIED


def test_bulk_approve_of_branches_approves_each(client, bureau_x, pending_branches):
    client.force_login(bureau_x)
    client.post(
        reverse("enterprises:branch_bulk_approve"), {"ids": [b.pk for b in pending_branches]}
    )
    for branch in pending_branches:
        assert status_of(branch) == Branch.Status.APPROVED
        assert actions(branch) == ["branch.approved"]


def test_bulk_reject_of_branches_needs_a_reason(client, bureau_x, pending_branches):
    client.force_login(bureau_x)
    client.post(
        reverse("enterprises:branch_bulk_reject"), {"ids": [b.pk for b in pending_branches]}
    )
    assert all(status_of(b) == Branch.Status.PENDING for b in pending_branches)


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry", "bureau_y"], indirect=True)
def test_bulk_approve_of_branches_is_refused_to_others(client, persona, pending_branches):
    client.force_login(persona)
    client.post(reverse("enterprises:branch_bulk_approve"), {"ids": [pending_branches[0].pk]})
    assert status_of(pending_branches[0]) == Branch.Status.PENDING


def test_the_queues_offer_bulk_decisions(client, bureau_x, applied, pending_branches):
    client.force_login(bureau_x)
    enterprises = client.get(reverse("enterprises:enterprise_review_queue")).content.decode()
    branches = client.get(reverse("enterprises:branch_review_queue")).content.decode()
    assert reverse("enterprises:enterprise_bulk_reject") in enterprises
    assert reverse("enterprises:branch_bulk_approve") in branches
    assert enterprises.count('name="ids"') == 3 and branches.count('name="ids"') == 2


# --- the API -------------------------------------------------------------------------------


def test_bulk_approve_api_of_enterprises(bureau_x, applied):
    ids = [e.pk for e in applied]
    answer = api_as(bureau_x).post("/api/v1/enterprises/bulk/approve/", {"ids": ids}, format="json")
    assert answer.json() == {"decided": sorted(ids), "refused": []}


def test_bulk_reject_api_of_branches(bureau_x, pending_branches):
    ids = [b.pk for b in pending_branches]
    answer = api_as(bureau_x).post(
        "/api/v1/branches/bulk/reject/", {"ids": ids, "reason": "地址有误"}, format="json"
    )
    assert answer.status_code == 200
    assert all(status_of(b) == Branch.Status.REJECTED for b in pending_branches)


def test_bulk_approve_api_of_branches_refuses_the_other_province(bureau_y, pending_branches):
    answer = api_as(bureau_y).post(
        "/api/v1/branches/bulk/approve/", {"ids": [pending_branches[0].pk]}, format="json"
    )
    assert answer.status_code == 400
    assert status_of(pending_branches[0]) == Branch.Status.PENDING


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_bulk_approve_api_of_enterprises_is_refused_to_non_regulators(persona, applied):
    answer = api_as(persona).post(
        "/api/v1/enterprises/bulk/approve/", {"ids": [applied[0].pk]}, format="json"
    )
    assert answer.status_code == 403
