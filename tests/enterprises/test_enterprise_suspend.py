"""What suspending an enterprise does (issue 16, item 3): its published posts are held,
out of search, recommendations and applications, until the reinstatement brings back those
still open. The refusals of applying and approving on both doors are in tests/parity/."""

import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from enterprises import services
from jobs.models import JobPost, MatchingRun, Recommendation
from jobs.search import SearchCriteria, search_posts
from jobs.selectors import posts_visible_to
from portal.accounts.models import AuditEvent
from portal.workflow import NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions

pytestmark = pytest.mark.django_db
Status = JobPost.Status


def post_of(branch, status=Status.PUBLISHED, **fields) -> JobPost:
    if status == Status.PENDING:
        fields.setdefault("published_at", None)
    return f.searchable_post(branch=branch, status=status, **fields)


def suspend(enterprise, reviewer):
    return services.enterprise_suspend(enterprise=enterprise, reviewer=reviewer, reason="虚假岗位")


def statuses(*posts) -> list[str]:
    return [JobPost.objects.get(pk=post.pk).status for post in posts]


def test_suspending_holds_the_published_posts_and_leaves_the_others(bureau_x, branch_a):
    published, pending = post_of(branch_a), post_of(branch_a, Status.PENDING)
    closed = post_of(branch_a, Status.CLOSED)
    suspend(branch_a.enterprise, bureau_x)
    assert statuses(published, pending, closed) == [Status.SUSPENDED, Status.PENDING, "closed"]
    assert actions(published) == ["job_post.held"]
    assert AuditEvent.objects.for_object(published).get().actor == bureau_x


def test_a_suspended_enterprise_posts_are_absent_from_search(bureau_x, branch_a, anonymous):
    post_of(branch_a, title="保安队长")
    assert [p.title for p in search_posts(SearchCriteria(text="保安")).posts] == ["保安队长"]
    suspend(branch_a.enterprise, bureau_x)
    assert search_posts(SearchCriteria(text="保安")).posts == []
    assert not posts_visible_to(anonymous).exists()
    assert not JobPost.objects.open_to_applications().exists()


def test_a_suspended_enterprise_posts_are_absent_from_recommendations(bureau_x, branch_a, veteran):
    run = MatchingRun.objects.create(status="done", is_current=True)
    post = post_of(branch_a)
    Recommendation.objects.create(
        run=run, veteran=veteran, post=post, rank=1, score=0.9, skill_fit=1, occupation_fit=1,
        location_fit=1, industry_fit=0, salary_fit=0, education_fit=1, agreement_bonus=0,
        skills_required=1, skills_matched=1,
    )  # fmt: skip
    client = APIClient()
    client.force_login(veteran.user)
    assert len(client.get(reverse("api-my-recommendations")).json()["results"]) == 1
    suspend(branch_a.enterprise, bureau_x)
    assert client.get(reverse("api-my-recommendations")).json()["results"] == []


def test_suspending_tells_the_enterprise_its_posts_are_on_hold(
    bureau_x, branch_a, hr_a, django_capture_on_commit_callbacks
):
    post_of(branch_a)
    with django_capture_on_commit_callbacks(execute=True):
        suspend(branch_a.enterprise, bureau_x)
    (message,) = mail.outbox
    assert message.to == [hr_a.email]
    assert "已发布的岗位一并暂停" in message.body


def test_reinstating_brings_back_the_held_posts_still_open_and_expires_the_rest(bureau_x, branch_a):
    still_open, past_deadline = post_of(branch_a), post_of(branch_a)
    suspend(branch_a.enterprise, bureau_x)
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    JobPost.objects.filter(pk=past_deadline.pk).update(deadline=yesterday)
    services.enterprise_reinstate(enterprise=branch_a.enterprise, reviewer=bureau_x)
    assert statuses(still_open, past_deadline) == [Status.PUBLISHED, Status.EXPIRED]
    assert actions(still_open) == ["job_post.held", "job_post.released"]
    assert actions(past_deadline) == ["job_post.held", "job_post.expired"]
    assert search_posts(SearchCriteria(text="保安")).posts == [
        JobPost.objects.get(pk=still_open.pk)
    ]


def test_posts_closed_by_the_enterprise_stay_closed_after_the_reinstatement(bureau_x, branch_a):
    closed = post_of(branch_a, Status.CLOSED)
    suspend(branch_a.enterprise, bureau_x)
    services.enterprise_reinstate(enterprise=branch_a.enterprise, reviewer=bureau_x)
    assert statuses(closed) == [Status.CLOSED]


def test_other_enterprises_posts_are_not_touched_by_a_suspension(bureau_x, branch_a):
    other = post_of(f.BranchFactory())
    suspend(branch_a.enterprise, bureau_x)
    assert statuses(other) == [Status.PUBLISHED]


@pytest.mark.parametrize("persona", ["hr_a", "bureau_y", "ministry"])
def test_suspend_is_refused_to_anyone_but_the_hq_bureau_and_holds_nothing(
    request, persona, branch_a
):
    post = post_of(branch_a)
    with pytest.raises(NotAllowed):
        suspend(branch_a.enterprise, request.getfixturevalue(persona))
    assert statuses(post) == [Status.PUBLISHED]


def test_a_bureau_reaches_the_suspend_button_from_its_enterprise_directory(
    client, bureau_x, enterprise_a
):
    client.force_login(bureau_x)
    directory = client.get(reverse("enterprises:enterprise_directory"), {"status": "approved"})
    page = reverse("enterprises:enterprise_review", args=[enterprise_a.pk])
    assert page in directory.content.decode()
    assert reverse("enterprises:enterprise_suspend", args=[enterprise_a.pk]) in (
        client.get(page).content.decode()
    )


def test_the_directory_finds_an_enterprise_by_credit_code_and_keeps_others_out(
    client, bureau_x, bureau_y, enterprise_a, enterprise_b
):
    client.force_login(bureau_x)
    found = client.get(reverse("enterprises:enterprise_directory"), {"q": enterprise_a.credit_code})
    assert list(found.context["page_obj"]) == [enterprise_a]
    client.force_login(bureau_y)
    everything = client.get(reverse("enterprises:enterprise_directory"))
    assert enterprise_a not in list(everything.context["page_obj"])


def test_the_directory_needs_the_same_queries_however_many_enterprises(
    client, ministry, django_assert_max_num_queries
):
    client.force_login(ministry)
    f.EnterpriseFactory.create_batch(3)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("enterprises:enterprise_directory"))
    f.EnterpriseFactory.create_batch(15)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("enterprises:enterprise_directory"))
