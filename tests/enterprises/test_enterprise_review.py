import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from enterprises.services import (
    enterprise_approve,
    enterprise_reinstate,
    enterprise_reject,
    enterprise_suspend,
)
from portal.workflow import InvalidTransition, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions, recipients
from tests.workflow import refused

# (service, extra arguments, status before, status after, audit action)
TRANSITIONS = [
    pytest.param(
        enterprise_approve, {}, "applied", "approved", "enterprise.approved", id="approve"
    ),
    pytest.param(
        enterprise_reject,
        {"reason": "材料不全"},
        "applied",
        "rejected",
        "enterprise.rejected",
        id="reject",
    ),
    pytest.param(
        enterprise_suspend,
        {"reason": "虚假岗位"},
        "approved",
        "suspended",
        "enterprise.suspended",
        id="suspend",
    ),
    pytest.param(
        enterprise_reinstate, {}, "suspended", "approved", "enterprise.reinstated", id="reinstate"
    ),
]
ARGS = "service, extra, before, after, action"


@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_the_bureau_of_the_headquarters_province_makes_each_transition(
    enterprise, bureau_x, django_capture_on_commit_callbacks, service, extra, before, after, action
):
    target = enterprise(before)
    with django_capture_on_commit_callbacks(execute=True):
        service(enterprise=target, reviewer=bureau_x, **extra)
    target.refresh_from_db()
    assert (target.status, target.reviewed_by) == (after, bureau_x)
    assert target.decision_reason == extra.get("reason", "")
    assert actions(target) == [action]
    assert recipients() == [["hr_a@example.com"]]


def test_a_city_bureau_of_the_headquarters_city_approves(enterprise):
    city_bureau = f.BureauUserFactory(region=f.region(f.CITY_X))
    target = enterprise("applied")
    enterprise_approve(enterprise=target, reviewer=city_bureau)
    target.refresh_from_db()
    assert target.status == "approved"


def test_the_rejection_e_mail_gives_the_reason(
    enterprise, bureau_x, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_reject(enterprise=enterprise("applied"), reviewer=bureau_x, reason="材料不全")
    assert "材料不全" in mail.outbox[0].body
    assert "甲企业集团有限公司" in mail.outbox[0].subject


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_y", "ministry"], indirect=True)
@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_every_other_role_is_refused_each_transition(
    enterprise, persona, django_capture_on_commit_callbacks, service, extra, before, after, action
):
    target = enterprise(before)
    with refused(NotAllowed, target), django_capture_on_commit_callbacks(execute=True):
        service(enterprise=target, reviewer=persona, **extra)


@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_the_ministry_makes_each_transition_of_a_centrally_managed_soe(
    enterprise, ministry, service, extra, before, after, action
):
    target = enterprise(before, ownership="central_soe")
    service(enterprise=target, reviewer=ministry, **extra)
    target.refresh_from_db()
    assert target.status == after
    assert actions(target) == [action]


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x", "bureau_y"], indirect=True)
@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_every_other_role_is_refused_on_a_centrally_managed_soe(
    enterprise, persona, service, extra, before, after, action
):
    target = enterprise(before, ownership="central_soe")
    with refused(NotAllowed, target):
        service(enterprise=target, reviewer=persona, **extra)


@pytest.mark.parametrize(
    "service, extra, before",
    [
        (enterprise_approve, {}, "approved"),
        (enterprise_approve, {}, "rejected"),
        (enterprise_approve, {}, "suspended"),
        (enterprise_reject, {"reason": "x"}, "approved"),
        (enterprise_reject, {"reason": "x"}, "rejected"),
        (enterprise_reject, {"reason": "x"}, "suspended"),
        (enterprise_suspend, {"reason": "x"}, "applied"),
        (enterprise_suspend, {"reason": "x"}, "rejected"),
        (enterprise_suspend, {"reason": "x"}, "suspended"),
        (enterprise_reinstate, {}, "applied"),
        (enterprise_reinstate, {}, "approved"),
        (enterprise_reinstate, {}, "rejected"),
    ],
)
def test_it_refuses_each_move_outside_the_transition_map(
    enterprise, bureau_x, django_capture_on_commit_callbacks, service, extra, before
):
    target = enterprise(before)
    with refused(InvalidTransition, target), django_capture_on_commit_callbacks(execute=True):
        service(enterprise=target, reviewer=bureau_x, **extra)


@pytest.mark.parametrize(
    "service, before", [(enterprise_reject, "applied"), (enterprise_suspend, "approved")]
)
@pytest.mark.parametrize("reason", ["", "   "])
def test_it_refuses_a_rejection_or_suspension_without_a_reason(
    enterprise, bureau_x, service, before, reason
):
    target = enterprise(before)
    with refused(ValidationError, target):
        service(enterprise=target, reviewer=bureau_x, reason=reason)
