import datetime

import pytest
from django.utils import timezone

from enterprises.models import Branch
from jobs import services
from jobs.models import JobPost
from portal.accounts.models import AuditEvent
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_post, others
from tests.workflow import refused


def test_a_draft_is_edited_freely(hr_a, draft_post):
    services.job_post_update(post=draft_post, editor=hr_a, title="门岗保安", openings=2)
    draft_post.refresh_from_db()
    assert (draft_post.title, draft_post.openings, draft_post.status) == ("门岗保安", 2, "draft")
    assert actions(draft_post) == ["job_post.updated"]


def test_a_rejected_post_is_edited_freely(hr_a, branch_a):
    post = make_post(branch_a, JobPost.Status.REJECTED)
    services.job_post_update(post=post, editor=hr_a, salary_max=9000)
    post.refresh_from_db()
    assert (post.salary_max, post.status) == (9000, JobPost.Status.REJECTED)


@pytest.mark.parametrize(
    "change",
    [
        {"title": "夜班保安"},
        {"salary_min": 5500},
        {"openings": 4},
        {"min_education": 3},
        {"employment_type": "contract"},
        {"description": "新的职责描述"},
    ],
)
def test_a_material_change_sends_a_published_post_back_to_review(hr_a, post, change):
    services.job_post_update(post=post, editor=hr_a, **change)
    post.refresh_from_db()
    assert post.status == JobPost.Status.PENDING
    event = AuditEvent.objects.for_object(post).get()
    assert (event.action, event.data["back_to_review"]) == ("job_post.updated", True)


def test_moving_a_published_post_to_another_branch_sends_it_back_to_review(
    hr_a, post, enterprise_a
):
    branch = f.BranchFactory(enterprise=enterprise_a, region=f.region("110200"))
    services.job_post_update(post=post, editor=hr_a, branch=branch)
    post.refresh_from_db()
    assert (post.status, post.region_id) == (JobPost.Status.PENDING, "110200")


def test_extending_the_deadline_keeps_a_post_published(hr_a, post):
    later = timezone.localdate() + datetime.timedelta(days=90)
    services.job_post_update(
        post=post, editor=hr_a, deadline=later, required_skills=[f.SkillFactory()]
    )
    post.refresh_from_db()
    assert (post.status, post.deadline, post.required_skills.count()) == ("published", later, 1)
    assert AuditEvent.objects.for_object(post).get().data["back_to_review"] is False


def test_saving_unchanged_values_keeps_a_post_published(hr_a, post):
    services.job_post_update(post=post, editor=hr_a, title=post.title, openings=post.openings)
    post.refresh_from_db()
    assert post.status == JobPost.Status.PUBLISHED


def test_a_pending_post_cannot_be_edited(hr_a, pending_post):
    with pytest.raises(Conflict):
        services.job_post_update(post=pending_post, editor=hr_a, title="改名")
    pending_post.refresh_from_db()
    assert pending_post.title == "保安"


@pytest.mark.parametrize("status", ["closed", "filled", "expired", "taken_down"])
def test_a_finished_post_cannot_be_edited(hr_a, branch_a, status):
    post = make_post(branch_a, status)
    with pytest.raises(Conflict):
        services.job_post_update(post=post, editor=hr_a, title="改名")


@pytest.mark.parametrize("persona", others("hr_a"), indirect=True)
def test_it_refuses_an_edit_from_anyone_but_the_enterprise_staff(persona, post):
    with pytest.raises(NotAllowed):
        services.job_post_update(post=post, editor=persona, title="改名")
    post.refresh_from_db()
    assert (post.title, post.status) == ("保安", JobPost.Status.PUBLISHED)


def test_it_refuses_a_move_to_another_enterprises_branch(hr_a, post, enterprise_b):
    branch = f.BranchFactory(enterprise=enterprise_b)
    with pytest.raises(NotAllowed):
        services.job_post_update(post=post, editor=hr_a, branch=branch)


def test_it_refuses_a_move_to_a_pending_branch(hr_a, post, enterprise_a):
    branch = f.BranchFactory(enterprise=enterprise_a, status=Branch.Status.PENDING)
    with refused(Conflict, post):
        services.job_post_update(post=post, editor=hr_a, branch=branch)


def test_it_refuses_fields_that_are_not_editable(hr_a, post):
    with pytest.raises(TypeError):
        services.job_post_update(post=post, editor=hr_a, filled_count=0)
