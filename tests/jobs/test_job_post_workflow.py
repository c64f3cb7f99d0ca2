import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from enterprises.models import Branch
from jobs import services
from jobs.models import JobPost
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_post, others, post_fields
from tests.workflow import refused

# --- create ------------------------------------------------------------------------------


def test_it_creates_a_draft_post_under_an_approved_branch(hr_a, branch_a):
    skill = f.SkillFactory()
    post = services.job_post_create(
        author=hr_a, branch=branch_a, required_skills=[skill], **post_fields()
    )
    post.refresh_from_db()
    assert post.status == JobPost.Status.DRAFT
    assert (post.region, post.industry, post.created_by) == (
        branch_a.region,
        branch_a.enterprise.industry,
        hr_a,
    )
    assert list(post.required_skills.all()) == [skill]
    assert actions(post) == ["job_post.created"]


@pytest.mark.parametrize("persona", others("hr_a"), indirect=True)
def test_it_refuses_a_post_from_anyone_but_the_enterprise_staff(persona, branch_a):
    with pytest.raises(NotAllowed):
        services.job_post_create(author=persona, branch=branch_a, **post_fields())
    assert not JobPost.objects.exists()


def test_it_refuses_a_post_under_a_pending_branch(hr_a, enterprise_a):
    branch = f.BranchFactory(enterprise=enterprise_a, status=Branch.Status.PENDING)
    with pytest.raises(Conflict):
        services.job_post_create(author=hr_a, branch=branch, **post_fields())
    assert not JobPost.objects.exists()


def test_it_refuses_a_deadline_in_the_past(hr_a, branch_a):
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        services.job_post_create(author=hr_a, branch=branch_a, **post_fields(deadline=yesterday))
    assert not JobPost.objects.exists()


def test_it_refuses_a_salary_range_upside_down(hr_a, branch_a):
    with pytest.raises(ValidationError):
        services.job_post_create(author=hr_a, branch=branch_a, **post_fields(salary_max=100))
    assert not JobPost.objects.exists()


# --- submit ------------------------------------------------------------------------------


def test_it_submits_a_draft_for_review(hr_a, draft_post):
    services.job_post_submit(post=draft_post, actor=hr_a)
    draft_post.refresh_from_db()
    assert draft_post.status == JobPost.Status.PENDING
    assert draft_post.submitted_at is not None
    assert actions(draft_post) == ["job_post.submitted"]


def test_it_resubmits_a_rejected_post(hr_a, branch_a):
    post = make_post(branch_a, JobPost.Status.REJECTED)
    services.job_post_submit(post=post, actor=hr_a)
    post.refresh_from_db()
    assert post.status == JobPost.Status.PENDING


@pytest.mark.parametrize("persona", others("hr_a"), indirect=True)
def test_it_refuses_a_submission_from_anyone_but_the_enterprise_staff(persona, draft_post):
    with refused(NotAllowed, draft_post):
        services.job_post_submit(post=draft_post, actor=persona)


def test_it_refuses_to_submit_a_published_post(hr_a, post):
    with pytest.raises(InvalidTransition):
        services.job_post_submit(post=post, actor=hr_a)


# --- approve and reject ------------------------------------------------------------------


def test_it_publishes_an_approved_post_and_tells_the_enterprise(
    bureau_x, pending_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.job_post_approve(post=pending_post, reviewer=bureau_x, note="信息核实无误")
    pending_post.refresh_from_db()
    assert pending_post.status == JobPost.Status.PUBLISHED
    assert pending_post.published_at is not None
    assert pending_post.reviewed_by == bureau_x
    assert actions(pending_post) == ["job_post.approved"]
    assert [m.to for m in mail.outbox] == [["hr_a@example.com"]]
    assert pending_post.title in mail.outbox[0].subject


def test_a_city_bureau_of_the_post_region_may_approve(pending_post):
    city_bureau = f.BureauUserFactory(region=f.region(f.CITY_X))
    services.job_post_approve(post=pending_post, reviewer=city_bureau)
    pending_post.refresh_from_db()
    assert pending_post.status == JobPost.Status.PUBLISHED


@pytest.mark.parametrize("persona", others("bureau_x"), indirect=True)
def test_it_refuses_an_approval_from_anyone_but_the_bureau_of_the_region(
    persona, pending_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        services.job_post_approve(post=pending_post, reviewer=persona)
    pending_post.refresh_from_db()
    assert pending_post.status == JobPost.Status.PENDING
    assert actions(pending_post) == []
    assert mail.outbox == []


def test_it_refuses_to_approve_a_draft(bureau_x, draft_post):
    with pytest.raises(InvalidTransition):
        services.job_post_approve(post=draft_post, reviewer=bureau_x)


def test_it_rejects_a_post_with_a_reason_and_tells_the_enterprise(
    bureau_x, pending_post, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.job_post_reject(post=pending_post, reviewer=bureau_x, reason="薪资描述不清")
    pending_post.refresh_from_db()
    assert pending_post.status == JobPost.Status.REJECTED
    assert pending_post.decision_reason == "薪资描述不清"
    assert actions(pending_post) == ["job_post.rejected"]
    assert [m.to for m in mail.outbox] == [["hr_a@example.com"]]
    assert "薪资描述不清" in mail.outbox[0].body


def test_it_refuses_a_rejection_without_a_reason(bureau_x, pending_post):
    with refused(ValidationError, pending_post):
        services.job_post_reject(post=pending_post, reviewer=bureau_x, reason="  ")


@pytest.mark.parametrize("persona", others("bureau_x"), indirect=True)
def test_it_refuses_a_rejection_from_anyone_but_the_bureau_of_the_region(persona, pending_post):
    with refused(NotAllowed, pending_post):
        services.job_post_reject(post=pending_post, reviewer=persona, reason="不合规")


def test_it_refuses_to_reject_a_published_post(bureau_x, post):
    with pytest.raises(InvalidTransition):
        services.job_post_reject(post=post, reviewer=bureau_x, reason="不合规")


# --- close and expire --------------------------------------------------------------------


def test_it_closes_a_published_post(hr_a, post):
    services.job_post_close(post=post, actor=hr_a)
    post.refresh_from_db()
    assert post.status == JobPost.Status.CLOSED
    assert actions(post) == ["job_post.closed"]


@pytest.mark.parametrize("persona", others("hr_a"), indirect=True)
def test_it_refuses_a_closure_from_anyone_but_the_enterprise_staff(persona, post):
    with refused(NotAllowed, post):
        services.job_post_close(post=post, actor=persona)


def test_it_refuses_to_close_a_draft(hr_a, draft_post):
    with pytest.raises(InvalidTransition):
        services.job_post_close(post=draft_post, actor=hr_a)


def test_it_expires_a_published_post_past_its_deadline(branch_a):
    post = make_post(branch_a, deadline=timezone.localdate() - datetime.timedelta(days=1))
    assert services.job_post_expire(post=post) is True
    post.refresh_from_db()
    assert post.status == JobPost.Status.EXPIRED
    assert actions(post) == ["job_post.expired"]


def test_it_leaves_a_post_whose_deadline_is_today(post):
    post.deadline = timezone.localdate()
    post.save()
    assert services.job_post_expire(post=post) is False
    post.refresh_from_db()
    assert post.status == JobPost.Status.PUBLISHED


def test_expiring_due_posts_twice_expires_each_once(branch_a, post):
    past = timezone.localdate() - datetime.timedelta(days=3)
    due = [make_post(branch_a, deadline=past) for _ in range(2)]
    draft = make_post(branch_a, JobPost.Status.DRAFT, deadline=past)
    assert services.expire_due_posts() == 2
    assert services.expire_due_posts() == 0
    assert {p.status for p in JobPost.objects.filter(pk__in=[p.pk for p in due])} == {"expired"}
    assert [actions(p) for p in due] == [["job_post.expired"]] * 2
    draft.refresh_from_db()
    post.refresh_from_db()
    assert (draft.status, post.status) == (JobPost.Status.DRAFT, JobPost.Status.PUBLISHED)
