"""Copying a post (clone) and offering an ended one again (repost): jobs.services.posts and
the rules jobs.policies.may_clone_post and may_repost_post."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobPost
from jobs.services import job_post_clone, job_post_repost
from portal.accounts.models import AuditAction, AuditEvent
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.jobs.conftest import make_post

pytestmark = pytest.mark.django_db


def test_clone_copies_fields_and_skills_into_a_new_draft(hr_a, branch_a):
    skill = f.SkillFactory()
    post = make_post(branch_a, title="叉车司机", salary_min=6000, salary_max=9000, openings=4)
    post.required_skills.set([skill])
    copy = job_post_clone(post=post, author=hr_a)
    assert copy.pk != post.pk and copy.status == JobPost.Status.DRAFT
    assert (copy.title, copy.salary_min, copy.salary_max, copy.openings) == (
        "叉车司机",
        6000,
        9000,
        4,
    )
    assert list(copy.required_skills.all()) == [skill]
    assert copy.reposted_from is None and copy.created_by == hr_a
    event = AuditEvent.objects.for_object(copy).get(action=AuditAction.JOB_POST_CREATED)
    assert event.data == {"copy_of": post.pk}


def test_clone_refused_for_a_post_taken_down(hr_a, branch_a):
    post = make_post(branch_a, JobPost.Status.TAKEN_DOWN)
    with pytest.raises(Conflict):
        job_post_clone(post=post, author=hr_a)


def test_clone_refused_to_staff_of_another_enterprise(hr_b, branch_a):
    with pytest.raises(NotAllowed):
        job_post_clone(post=make_post(branch_a), author=hr_b)


@pytest.mark.parametrize("status", ["closed", "expired", "filled"])
def test_repost_of_an_ended_post_is_a_new_draft_linked_to_it(hr_a, branch_a, status):
    past = timezone.localdate() - datetime.timedelta(days=5)
    post = make_post(branch_a, status, deadline=past)
    new = job_post_repost(post=post, author=hr_a)
    assert new.reposted_from == post and new.status == JobPost.Status.DRAFT
    assert new.deadline == timezone.localdate() + datetime.timedelta(days=30)
    assert new.filled_count == 0


@pytest.mark.parametrize("status", ["draft", "pending", "published", "rejected", "taken_down"])
def test_repost_refused_while_the_post_has_not_ended(hr_a, branch_a, status):
    post = make_post(branch_a, status)
    with pytest.raises(Conflict):
        job_post_repost(post=post, author=hr_a)


def test_repost_refused_a_second_time(hr_a, branch_a):
    post = make_post(branch_a, JobPost.Status.CLOSED)
    job_post_repost(post=post, author=hr_a)
    with pytest.raises(Conflict, match="already been posted again"):
        job_post_repost(post=post, author=hr_a)


def test_repost_under_a_full_agreement_is_refused(hr_a, branch_a):
    agreement = f.AgreementFactory(
        enterprise=branch_a.enterprise,
        pledged_posts=3,
        starts_on=timezone.localdate() - datetime.timedelta(days=30),
        ends_on=timezone.localdate() + datetime.timedelta(days=300),
    )
    post = make_post(
        branch_a, JobPost.Status.FILLED, agreement=agreement, openings=3, filled_count=3
    )
    with pytest.raises(Conflict, match="3 posts and 0 are still free"):
        job_post_repost(post=post, author=hr_a)
    assert JobPost.objects.count() == 1


def test_clone_and_repost_buttons_on_the_post_list(browse, hr_a, branch_a):
    closed = make_post(branch_a, JobPost.Status.CLOSED, title="已关闭岗位")
    make_post(branch_a, title="在招岗位")
    page = browse(hr_a).get(reverse("jobs:enterprise_post_list")).content.decode()
    assert reverse("jobs:enterprise_post_repost", args=[closed.pk]) in page
    assert page.count("/repost/") == 1
    assert page.count("/clone/") == 2


def test_repost_page_opens_the_new_draft(browse, hr_a, branch_a):
    post = make_post(branch_a, JobPost.Status.EXPIRED)
    answer = browse(hr_a).post(reverse("jobs:enterprise_post_repost", args=[post.pk]))
    new = JobPost.objects.get(reposted_from=post)
    assert answer.url == reverse("jobs:enterprise_post_edit", args=[new.pk])


def test_clone_page_of_another_enterprises_post_is_not_found(browse, hr_b, branch_a):
    post = make_post(branch_a)
    assert (
        browse(hr_b).post(reverse("jobs:enterprise_post_clone", args=[post.pk])).status_code == 404
    )
