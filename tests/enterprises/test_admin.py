"""The admin decides through the services: same rules, same audit trail."""

import pytest
from django.urls import reverse

from demo.identifiers import make_credit_code
from enterprises.models import Enterprise
from tests import factories as f
from tests.enterprises.conftest import actions


@pytest.fixture
def admin_client(client, bureau_x):
    bureau_x.is_staff = bureau_x.is_superuser = True
    bureau_x.save()
    client.force_login(bureau_x)
    return client


@pytest.mark.parametrize("model", ["cooperationbatch", "enterprise", "branch", "agreement"])
def test_each_changelist_opens(admin_client, branch_a, model):
    f.AgreementFactory(enterprise=branch_a.enterprise)
    response = admin_client.get(reverse(f"admin:enterprises_{model}_changelist"))
    assert response.status_code == 200


def test_the_reject_action_rejects_with_the_reason_given(admin_client, enterprise):
    target = enterprise("applied")
    admin_client.post(
        reverse("admin:enterprises_enterprise_changelist"),
        {"action": "reject", "_selected_action": [target.pk], "reason": "材料不全"},
    )
    target.refresh_from_db()
    assert (target.status, target.decision_reason) == ("rejected", "材料不全")
    assert actions(target) == ["enterprise.rejected"]


def test_the_reject_action_without_a_reason_changes_nothing(admin_client, enterprise):
    target = enterprise("applied")
    response = admin_client.post(
        reverse("admin:enterprises_enterprise_changelist"),
        {"action": "reject", "_selected_action": [target.pk], "reason": ""},
        follow=True,
    )
    assert Enterprise.objects.get(pk=target.pk).status == "applied"
    assert "甲企业集团有限公司" in response.content.decode()


def test_the_approve_action_obeys_the_review_scope(admin_client, enterprise_b):
    Enterprise.objects.filter(pk=enterprise_b.pk).update(status="applied")
    admin_client.post(
        reverse("admin:enterprises_enterprise_changelist"),
        {"action": "approve", "_selected_action": [enterprise_b.pk]},
    )
    assert Enterprise.objects.get(pk=enterprise_b.pk).status == "applied"


def test_invitation_and_screening_admin_lists_read_only(admin_client, ministry, enterprise_a):
    from enterprises import invitations, screening

    invitations.enterprise_invitation_create(
        inviter=ministry, name="丁", credit_code=make_credit_code("110000", 760_001),
        contact_name="赵", email="d@example.cn",
    )  # fmt: skip
    screening.prospect_add(enterprise=enterprise_a, actor=ministry)

    for name in ("enterpriseinvitation", "prospect"):
        response = admin_client.get(reverse(f"admin:enterprises_{name}_changelist"))
        assert response.status_code == 200
        assert admin_client.get(reverse(f"admin:enterprises_{name}_add")).status_code == 403
