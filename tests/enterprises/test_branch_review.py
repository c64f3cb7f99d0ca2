import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from enterprises.models import Branch
from enterprises.services import branch_approve, branch_create, branch_reject
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions, recipients
from tests.workflow import refused

DECISIONS = [
    pytest.param(branch_approve, {}, "approved", "branch.approved", id="approve"),
    pytest.param(branch_reject, {"reason": "地址不实"}, "rejected", "branch.rejected", id="reject"),
]


@pytest.fixture
def pending(enterprise_a, hr_a):
    return f.BranchFactory(enterprise=enterprise_a, status="pending", name="朝阳分公司")


@pytest.fixture
def new_branch(enterprise_a):
    def create(creator, **fields):
        arguments = {
            "name": "朝阳分公司",
            "region": f.region(f.CITY_X),
            "address": "建国路88号",
            "contact_name": "王经理",
            "contact_phone": "13800000000",
            **fields,
        }
        return branch_create(enterprise=enterprise_a, creator=creator, **arguments)

    return create


# Review


@pytest.mark.parametrize("service, extra, after, action", DECISIONS)
def test_the_bureau_of_the_branch_region_decides(
    pending, bureau_x, django_capture_on_commit_callbacks, service, extra, after, action
):
    with django_capture_on_commit_callbacks(execute=True):
        service(branch=pending, reviewer=bureau_x, **extra)
    pending.refresh_from_db()
    assert (pending.status, pending.reviewed_by) == (after, bureau_x)
    assert pending.decision_reason == extra.get("reason", "")
    assert actions(pending) == [action]
    assert recipients() == [["hr_a@example.com"]]
    assert "朝阳分公司" in mail.outbox[0].subject


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_y", "ministry"], indirect=True)
@pytest.mark.parametrize("service, extra, after, action", DECISIONS)
def test_every_other_role_is_refused(
    pending, persona, django_capture_on_commit_callbacks, service, extra, after, action
):
    with refused(NotAllowed, pending), django_capture_on_commit_callbacks(execute=True):
        service(branch=pending, reviewer=persona, **extra)


@pytest.mark.parametrize("service, extra, after, action", DECISIONS)
def test_a_branch_in_another_province_is_that_provinces_to_decide(
    enterprise_a, bureau_x, bureau_y, service, extra, after, action
):
    shanghai = f.BranchFactory(enterprise=enterprise_a, status="pending", region=f.region(f.CITY_Y))
    with pytest.raises(NotAllowed):
        service(branch=shanghai, reviewer=bureau_x, **extra)
    service(branch=shanghai, reviewer=bureau_y, **extra)
    shanghai.refresh_from_db()
    assert shanghai.status == after


@pytest.mark.parametrize("before", ["approved", "rejected"])
@pytest.mark.parametrize("service, extra, after, action", DECISIONS)
def test_it_refuses_a_second_decision(pending, bureau_x, service, extra, after, action, before):
    Branch.objects.filter(pk=pending.pk).update(status=before, decision_reason="earlier")
    with refused(InvalidTransition, pending):
        service(branch=pending, reviewer=bureau_x, **extra)


def test_it_refuses_a_rejection_without_a_reason(pending, bureau_x):
    with refused(ValidationError, pending):
        branch_reject(branch=pending, reviewer=bureau_x, reason=" ")


# Creation


def test_staff_of_an_approved_enterprise_add_a_branch_for_review(new_branch, hr_a):
    branch = new_branch(hr_a)
    assert Branch.objects.get(pk=branch.pk).status == "pending"
    assert actions(branch) == ["branch.created"]


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "bureau_y", "ministry"], indirect=True)
def test_it_refuses_a_branch_added_by_anyone_outside_the_enterprise(new_branch, persona):
    with pytest.raises(NotAllowed):
        new_branch(persona)
    assert not Branch.objects.exists()


def test_it_refuses_a_branch_added_by_staff_of_another_enterprise(new_branch, hr_b):
    with pytest.raises(NotAllowed):
        new_branch(hr_b)
    assert not Branch.objects.exists()


@pytest.mark.parametrize("status", ["applied", "rejected", "suspended"])
def test_it_refuses_a_branch_of_an_enterprise_not_approved(enterprise, new_branch, hr_a, status):
    enterprise(status)
    with pytest.raises(Conflict):
        new_branch(hr_a)
    assert not Branch.objects.exists()


def test_it_refuses_a_second_branch_of_the_same_name_in_a_region(new_branch, hr_a):
    new_branch(hr_a)
    with pytest.raises(Conflict):
        new_branch(hr_a)
    assert Branch.objects.count() == 1


def test_it_refuses_a_branch_with_a_missing_address(new_branch, hr_a):
    with pytest.raises(ValidationError):
        new_branch(hr_a, address="")
    assert not Branch.objects.exists()
