import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from enterprises.models import Agreement
from enterprises.policies import agreement_posts_committed
from enterprises.services import (
    agreement_activate,
    agreement_create,
    agreement_expire,
    agreement_sign,
    agreement_terminate,
)
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.enterprises.conftest import actions, recipients
from tests.workflow import refused

# (service, extra arguments, status before, status after, audit action)
TRANSITIONS = [
    pytest.param(agreement_sign, {}, "draft", "signed", "agreement.signed", id="sign"),
    pytest.param(agreement_activate, {}, "signed", "active", "agreement.activated", id="activate"),
    pytest.param(agreement_expire, {}, "active", "expired", "agreement.expired", id="expire"),
    *(
        pytest.param(
            agreement_terminate,
            {"reason": "企业违约"},
            before,
            "terminated",
            "agreement.terminated",
            id=f"terminate-{before}",
        )
        for before in ("draft", "signed", "active")
    ),
]
ARGS = "service, extra, before, after, action"


@pytest.fixture
def agreement(enterprise_a, hr_a, batch):
    """An agreement of enterprise A, signed by the ministry or by the bureau of province X."""

    def make(status, level="ministry"):
        return f.AgreementFactory(
            batch=batch,
            enterprise=enterprise_a,
            status=status,
            signed_on=None if status == "draft" else datetime.date(2025, 6, 15),
            signatory_level=level,
            region=None if level == "ministry" else f.region(f.PROVINCE_X),
        )

    return make


@pytest.fixture
def create(enterprise_a, batch):
    def call(creator, **fields):
        arguments = {
            "batch": batch,
            "enterprise": enterprise_a,
            "cooperation_mode": "industry",
            "pledged_posts": 2000,
            "starts_on": datetime.date(2026, 1, 1),
            "ends_on": datetime.date(2027, 12, 31),
            **fields,
        }
        return agreement_create(creator=creator, **arguments)

    return call


# Creation


def test_the_ministry_creates_a_draft_agreement(create, ministry):
    agreement = create(ministry)
    assert Agreement.objects.get(pk=agreement.pk).status == "draft"
    assert actions(agreement) == ["agreement.created"]


def test_a_bureau_creates_an_agreement_signed_in_its_province(create, bureau_x):
    agreement = create(bureau_x, signatory_level="province", region=f.region(f.PROVINCE_X))
    assert Agreement.objects.get(pk=agreement.pk).region_id == f.PROVINCE_X


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x", "bureau_y"], indirect=True)
def test_it_refuses_a_ministry_agreement_created_by_anyone_else(create, persona):
    with pytest.raises(NotAllowed):
        create(persona)
    assert not Agreement.objects.exists()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_y", "ministry"], indirect=True)
def test_it_refuses_a_provincial_agreement_created_by_anyone_but_that_bureau(create, persona):
    with pytest.raises(NotAllowed):
        create(persona, signatory_level="province", region=f.region(f.PROVINCE_X))
    assert not Agreement.objects.exists()


def test_it_refuses_a_region_of_another_level_than_the_signatory(create, bureau_x):
    with pytest.raises(ValidationError):
        create(bureau_x, signatory_level="province", region=f.region(f.CITY_X))
    assert not Agreement.objects.exists()


@pytest.mark.parametrize(
    "fields", [{"pledged_posts": 0}, {"ends_on": datetime.date(2025, 12, 31)}], ids=str
)
def test_it_refuses_an_empty_pledge_or_term(create, ministry, fields):
    with pytest.raises(ValidationError):
        create(ministry, **fields)
    assert not Agreement.objects.exists()


def test_it_refuses_a_second_agreement_of_the_same_signatory_in_a_batch(create, ministry):
    create(ministry)
    with pytest.raises(ValidationError):
        create(ministry)
    assert Agreement.objects.count() == 1


@pytest.mark.parametrize("status", ["applied", "rejected", "suspended"])
def test_it_refuses_an_agreement_with_an_enterprise_not_approved(
    enterprise, create, ministry, status
):
    enterprise(status)
    with pytest.raises(Conflict):
        create(ministry)
    assert not Agreement.objects.exists()


# Transitions


@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_the_ministry_moves_its_agreement(
    agreement, ministry, django_capture_on_commit_callbacks, service, extra, before, after, action
):
    target = agreement(before)
    with django_capture_on_commit_callbacks(execute=True):
        service(agreement=target, actor=ministry, **extra)
    target.refresh_from_db()
    assert target.status == after
    assert target.termination_reason == extra.get("reason", "")
    assert actions(target) == [action]
    assert recipients() == [["hr_a@example.com"]]


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_x", "bureau_y"], indirect=True)
@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_every_other_role_is_refused_on_a_ministry_agreement(
    agreement, persona, django_capture_on_commit_callbacks, service, extra, before, after, action
):
    target = agreement(before)
    with refused(NotAllowed, target), django_capture_on_commit_callbacks(execute=True):
        service(agreement=target, actor=persona, **extra)


@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_the_provincial_bureau_moves_its_agreement(
    agreement, bureau_x, service, extra, before, after, action
):
    target = agreement(before, level="province")
    service(agreement=target, actor=bureau_x, **extra)
    target.refresh_from_db()
    assert target.status == after
    assert actions(target) == [action]


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "bureau_y", "ministry"], indirect=True)
@pytest.mark.parametrize(ARGS, TRANSITIONS)
def test_every_other_role_is_refused_on_a_provincial_agreement(
    agreement, persona, service, extra, before, after, action
):
    target = agreement(before, level="province")
    with refused(NotAllowed, target):
        service(agreement=target, actor=persona, **extra)


def test_signing_records_the_date_today_unless_given(agreement, ministry):
    target = agreement("draft")
    agreement_sign(agreement=target, actor=ministry)
    target.refresh_from_db()
    assert target.signed_on == timezone.localdate()


@pytest.mark.parametrize(
    "service, extra, before",
    [
        *((agreement_sign, {}, s) for s in ("signed", "active", "expired", "terminated")),
        *((agreement_activate, {}, s) for s in ("draft", "active", "expired", "terminated")),
        *((agreement_expire, {}, s) for s in ("draft", "signed", "expired", "terminated")),
        *((agreement_terminate, {"reason": "x"}, s) for s in ("expired", "terminated")),
    ],
)
def test_it_refuses_each_move_outside_the_transition_map(
    agreement, ministry, django_capture_on_commit_callbacks, service, extra, before
):
    target = agreement(before)
    with refused(InvalidTransition, target), django_capture_on_commit_callbacks(execute=True):
        service(agreement=target, actor=ministry, **extra)


def test_it_refuses_a_termination_without_a_reason(agreement, ministry):
    target = agreement("active")
    with refused(ValidationError, target):
        agreement_terminate(agreement=target, actor=ministry, reason="")


# Committed openings


def test_every_post_but_rejected_and_taken_down_ones_counts_against_the_pledge(agreement, branch_a):
    target = agreement("active")
    statuses = ["draft", "pending", "published", "closed", "filled", "expired"]
    for status in statuses:
        f.JobPostFactory(branch=branch_a, agreement=target, status=status, openings=3)
    for status in ["rejected", "taken_down"]:
        f.JobPostFactory(
            branch=branch_a, agreement=target, status=status, openings=50, decision_reason="x"
        )
    f.JobPostFactory(branch=branch_a, openings=70)
    assert agreement_posts_committed(target) == 3 * len(statuses)


def test_an_agreement_without_posts_has_nothing_committed(agreement):
    assert agreement_posts_committed(agreement("active")) == 0
