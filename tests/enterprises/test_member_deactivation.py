"""A departing colleague's staff account is deactivated by the enterprise's administrator
(staff accounts are not deleted by their holders: tests/accounts/test_account_deletion.py)."""

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from enterprises.models import EnterpriseMember
from portal.accounts.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def colleague(enterprise_a):
    return f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter")


@pytest.fixture
def admin_a(enterprise_a):
    return f.EnterpriseMemberFactory(enterprise=enterprise_a, role="admin").user


def test_an_administrator_deactivates_a_colleague(client, admin_a, colleague):
    client.force_login(admin_a)

    client.post(reverse("enterprises:member_deactivate", args=[colleague.pk]))

    colleague.user.refresh_from_db()
    assert not colleague.user.is_active
    assert AuditEvent.objects.for_object(colleague.user).get().action == "account.deactivated"
    assert EnterpriseMember.objects.filter(pk=colleague.pk).exists()  # the membership stays


def test_a_recruiter_cannot_deactivate_a_colleague(client, enterprise_a, colleague):
    recruiter = f.EnterpriseMemberFactory(enterprise=enterprise_a, role="recruiter").user
    client.force_login(recruiter)

    client.post(reverse("enterprises:member_deactivate", args=[colleague.pk]))

    colleague.user.refresh_from_db()
    assert colleague.user.is_active


def test_another_enterprises_colleague_is_not_found(client, enterprise_b, colleague):
    admin_b = f.EnterpriseMemberFactory(enterprise=enterprise_b, role="admin").user
    client.force_login(admin_b)

    response = client.post(reverse("enterprises:member_deactivate", args=[colleague.pk]))

    assert response.status_code == 404
    colleague.user.refresh_from_db()
    assert colleague.user.is_active


def test_an_administrator_deactivates_a_colleague_through_the_api(admin_a, colleague):
    api = APIClient()
    api.force_authenticate(admin_a)

    response = api.post(reverse("api-enterprise-member-deactivate", args=[colleague.pk]))

    assert response.status_code == 200
    colleague.user.refresh_from_db()
    assert not colleague.user.is_active


def test_an_administrator_does_not_deactivate_itself_through_the_api(admin_a):
    member = admin_a.enterprise_membership
    api = APIClient()
    api.force_authenticate(admin_a)

    response = api.post(reverse("api-enterprise-member-deactivate", args=[member.pk]))

    assert response.status_code == 403
    admin_a.refresh_from_db()
    assert admin_a.is_active
