import datetime

import pytest
from django.utils import timezone

from enterprises.models import Agreement, Enterprise
from enterprises.selectors import (
    agreements_visible_to,
    agreements_with_progress,
    branch_review_queue,
    branches_visible_to,
    enterprise_of,
    enterprise_review_queue,
    enterprises_visible_to,
)
from tests import factories as f

ALL = ["persona", ["veteran", "hr_a", "bureau_x", "bureau_y", "ministry", "anonymous"]]


@pytest.fixture
def world(enterprise_a, enterprise_b, branch_a, hr_a):
    """A and B approved (HQ in X and Y); C seated in Y with a branch in X; D applied in X."""
    c = f.EnterpriseFactory(name="C", hq_region=f.region(f.CITY_Y))
    d = f.EnterpriseFactory(name="D", status="applied")
    f.BranchFactory(enterprise=c, name="c-x", region=f.region(f.CITY_X))
    f.BranchFactory(enterprise=enterprise_b, name="b-y", region=f.region(f.CITY_Y))
    f.BranchFactory(enterprise=d, name="d-x", status="pending")
    return {"A": enterprise_a, "B": enterprise_b, "C": c, "D": d}


def names(queryset) -> set[str]:
    return {str(obj.name) for obj in queryset}


def seen(objects: dict, queryset) -> set[str]:
    visible = set(queryset)
    return {key for key, obj in objects.items() if obj in visible}


@pytest.mark.parametrize(*ALL, indirect=True)
def test_each_role_sees_its_enterprises(world, persona, request):
    expected = {
        "veteran": {"A", "B", "C"},
        "anonymous": {"A", "B", "C"},
        "hr_a": {"A"},
        "bureau_x": {"A", "C", "D"},
        "bureau_y": {"B", "C"},
        "ministry": {"A", "B", "C", "D"},
    }[request.node.callspec.params["persona"]]
    assert seen(world, enterprises_visible_to(persona)) == expected


@pytest.mark.parametrize(*ALL, indirect=True)
def test_each_role_sees_its_branches(world, persona, request):
    role = request.node.callspec.params["persona"]
    a_branch = str(world["A"].branches.get().name)
    expected = {
        "veteran": {a_branch, "c-x", "b-y"},
        "anonymous": {a_branch, "c-x", "b-y"},
        "hr_a": {a_branch},
        "bureau_x": {a_branch, "c-x", "d-x"},
        "bureau_y": {"c-x", "b-y"},
        "ministry": {a_branch, "c-x", "b-y", "d-x"},
    }[role]
    assert names(branches_visible_to(persona)) == expected


def test_an_approved_branch_of_a_suspended_enterprise_is_hidden_from_veterans(world, veteran):
    Enterprise.objects.filter(pk=world["C"].pk).update(status="suspended", decision_reason="x")
    assert "c-x" not in names(branches_visible_to(veteran.user))


@pytest.mark.parametrize(*ALL, indirect=True)
def test_each_role_sees_its_agreements(world, persona, request):
    role = request.node.callspec.params["persona"]
    batch = f.BatchFactory(number=3)
    made = {
        "a-active": f.AgreementFactory(batch=batch, enterprise=world["A"]),
        "a-draft": f.AgreementFactory(
            batch=batch,
            enterprise=world["A"],
            status="draft",
            signed_on=None,
            signatory_level="province",
            region=f.region(f.PROVINCE_X),
        ),
        "b-signed": f.AgreementFactory(batch=batch, enterprise=world["B"], status="signed"),
        "c-draft": f.AgreementFactory(
            batch=batch, enterprise=world["C"], status="draft", signed_on=None
        ),
    }
    expected = {
        "veteran": {"a-active"},
        "anonymous": {"a-active"},
        "hr_a": {"a-active"},
        "bureau_x": {"a-active", "a-draft"},
        "bureau_y": {"b-signed"},
        "ministry": set(made),
    }[role]
    assert seen(made, agreements_visible_to(persona)) == expected


def test_the_bureau_queue_holds_its_applications_oldest_first_with_waiting_time(world, bureau_x):
    older = f.EnterpriseFactory(
        name="E", status="applied", created_at=timezone.now() - datetime.timedelta(days=3)
    )
    f.EnterpriseFactory(name="SOE", status="applied", ownership="central_soe")
    f.EnterpriseFactory(name="Y", status="applied", hq_region=f.region(f.CITY_Y))
    queue = list(enterprise_review_queue(bureau_x))
    assert [e.name for e in queue] == ["E", "D"]
    assert queue[0] == older
    assert queue[0].waiting >= datetime.timedelta(days=3)


def test_the_ministry_queue_holds_only_centrally_managed_soes(world, ministry):
    f.EnterpriseFactory(name="SOE", status="applied", ownership="central_soe")
    assert names(enterprise_review_queue(ministry)) == {"SOE"}


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "anonymous"], indirect=True)
def test_no_one_else_has_a_review_queue(world, persona):
    assert not enterprise_review_queue(persona).exists()
    assert not branch_review_queue(persona).exists()


def test_the_branch_queue_holds_pending_branches_of_the_bureau_region(world, bureau_x, bureau_y):
    older = f.BranchFactory(
        name="old-x", status="pending", created_at=timezone.now() - datetime.timedelta(days=2)
    )
    f.BranchFactory(name="p-y", status="pending", region=f.region(f.CITY_Y))
    queue = list(branch_review_queue(bureau_x))
    assert [b.name for b in queue] == ["old-x", "d-x"]
    assert queue[0] == older and queue[0].waiting >= datetime.timedelta(days=2)
    assert names(branch_review_queue(bureau_y)) == {"p-y"}


def test_the_ministry_has_no_branch_queue(world, ministry):
    assert not branch_review_queue(ministry).exists()


def test_enterprise_of_gives_the_staff_members_enterprise(world, hr_a, bureau_x, anonymous):
    assert enterprise_of(hr_a) == world["A"]
    assert enterprise_of(bureau_x) is None
    assert enterprise_of(anonymous) is None


def test_progress_sums_counted_openings_and_hires_in_one_query(
    world, branch_a, django_assert_num_queries
):
    busy = f.AgreementFactory(enterprise=world["A"], pledged_posts=100)
    idle = f.AgreementFactory(enterprise=world["B"], pledged_posts=50)
    f.JobPostFactory(branch=branch_a, agreement=busy, openings=10, filled_count=4)
    f.JobPostFactory(branch=branch_a, agreement=busy, openings=5, filled_count=5, status="filled")
    f.JobPostFactory(
        branch=branch_a, agreement=busy, openings=30, status="taken_down", decision_reason="x"
    )
    with django_assert_num_queries(1):
        rows = {
            a.pk: (a.pledged_posts, a.posted, a.filled)
            for a in agreements_with_progress(Agreement.objects.all())
        }
    assert rows == {busy.pk: (100, 15, 9), idle.pk: (50, 0, 0)}
