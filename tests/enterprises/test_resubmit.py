"""A rejected enterprise or branch corrects its details and resubmits (issue 16, item 3):
the same row goes back to its reviewer's queue, the earlier decision stays in its trail.
A resubmission of anything not rejected is refused alike on both doors (tests/parity/)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from enterprises import selectors, services
from enterprises.models import Branch, Enterprise
from portal.workflow import NotAllowed
from tests.jobs.conftest import actions

pytestmark = pytest.mark.django_db


@pytest.fixture
def rejected_enterprise(enterprise_a, hr_a, bureau_x):
    enterprise_a.status = Enterprise.Status.APPLIED
    enterprise_a.save()
    return services.enterprise_reject(enterprise=enterprise_a, reviewer=bureau_x, reason="名称有误")


@pytest.fixture
def rejected_branch(branch_a, hr_a, bureau_x):
    Branch.objects.filter(pk=branch_a.pk).update(status=Branch.Status.PENDING)
    branch_a.refresh_from_db()
    return services.branch_reject(branch=branch_a, reviewer=bureau_x, reason="地址不详")


def details(enterprise, **changes) -> dict:
    return {
        "name": enterprise.name,
        "credit_code": enterprise.credit_code,
        "ownership": enterprise.ownership,
        "industry": enterprise.industry_id,
        "hq_region": enterprise.hq_region_id,
        **changes,
    }


def test_a_rejected_enterprise_resubmits_its_corrected_details_on_the_page(
    client, hr_a, bureau_x, rejected_enterprise
):
    client.force_login(hr_a)
    url = reverse("enterprises:enterprise_resubmit")
    assert "名称有误" in client.get(url).content.decode()
    response = client.post(url, details(rejected_enterprise, name="甲企业集团股份有限公司"))
    assert response.status_code == 302
    rejected_enterprise.refresh_from_db()
    assert (rejected_enterprise.status, rejected_enterprise.name) == (
        "applied",
        "甲企业集团股份有限公司",
    )
    assert rejected_enterprise.decision_reason == ""
    assert actions(rejected_enterprise)[-2:] == ["enterprise.rejected", "enterprise.resubmitted"]
    assert rejected_enterprise in selectors.enterprise_review_queue(bureau_x)


def test_a_rejected_enterprise_resubmits_through_the_api(hr_a, rejected_enterprise):
    client = APIClient()
    client.force_login(hr_a)
    body = details(rejected_enterprise, website="https://example.com")
    response = client.post(reverse("api-enterprise-resubmit"), body, format="json")
    assert response.status_code == 200
    assert response.json()["status"] == "applied"


def test_my_enterprise_page_links_a_rejected_registration_to_its_correction(
    client, hr_a, rejected_enterprise
):
    client.force_login(hr_a)
    page = client.get(reverse("enterprises:my_enterprise")).content.decode()
    assert reverse("enterprises:enterprise_resubmit") in page


def test_a_resubmission_taking_another_enterprises_credit_code_is_refused(
    client, hr_a, rejected_enterprise, enterprise_b
):
    client.force_login(hr_a)
    body = details(rejected_enterprise, credit_code=enterprise_b.credit_code)
    response = client.post(reverse("enterprises:enterprise_resubmit"), body)
    assert response.status_code == 200
    rejected_enterprise.refresh_from_db()
    assert rejected_enterprise.status == Enterprise.Status.REJECTED


def test_a_rejected_branch_resubmits_and_returns_to_its_bureaus_queue(
    client, hr_a, bureau_x, rejected_branch
):
    client.force_login(hr_a)
    url = reverse("enterprises:branch_resubmit", args=[rejected_branch.pk])
    body = {
        "name": rejected_branch.name,
        "region": rejected_branch.region_id,
        "address": "长安街1号院2号楼",
        "contact_name": "王经理",
        "contact_phone": "13800000000",
    }
    assert client.post(url, body).status_code == 302
    rejected_branch.refresh_from_db()
    assert (rejected_branch.status, rejected_branch.address) == ("pending", "长安街1号院2号楼")
    assert actions(rejected_branch) == ["branch.rejected", "branch.resubmitted"]
    assert rejected_branch in selectors.branch_review_queue(bureau_x)


def test_another_enterprises_staff_cannot_resubmit_a_branch(hr_b, rejected_branch, client):
    with pytest.raises(NotAllowed):
        services.branch_resubmit(branch=rejected_branch, actor=hr_b, address="别处")
    client.force_login(hr_b)
    url = reverse("enterprises:branch_resubmit", args=[rejected_branch.pk])
    assert client.get(url).status_code == 404


@pytest.mark.parametrize("persona", ["bureau_x", "ministry", "veteran"])
def test_resubmit_is_refused_to_anyone_but_the_enterprises_staff(
    request, persona, rejected_enterprise
):
    actor = request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.enterprise_resubmit(
            enterprise=rejected_enterprise, actor=getattr(actor, "user", actor)
        )
    rejected_enterprise.refresh_from_db()
    assert rejected_enterprise.status == Enterprise.Status.REJECTED


def test_a_resubmitted_enterprise_may_be_rejected_again_and_keeps_both_decisions(
    hr_a, bureau_x, rejected_enterprise
):
    services.enterprise_resubmit(enterprise=rejected_enterprise, actor=hr_a)
    services.enterprise_reject(enterprise=rejected_enterprise, reviewer=bureau_x, reason="仍有误")
    assert actions(rejected_enterprise).count("enterprise.rejected") == 2
