"""An agreement pledges a number of posts; the openings of its posts never exceed it.
Every post counts except rejected and taken-down ones."""

import pytest

from enterprises.models import Agreement
from jobs import services
from jobs.models import JobPost
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.jobs.conftest import make_post, post_fields
from tests.workflow import refused


@pytest.fixture
def agreement(enterprise_a):
    return f.AgreementFactory(enterprise=enterprise_a, pledged_posts=10)


def create(hr, branch, agreement, openings):
    return services.job_post_create(
        author=hr, branch=branch, agreement=agreement, **post_fields(openings=openings)
    )


def test_posts_fill_the_pledge_exactly(hr_a, branch_a, agreement):
    create(hr_a, branch_a, agreement, 6)
    create(hr_a, branch_a, agreement, 4)
    assert agreement.posts.count() == 2


def test_it_refuses_a_post_beyond_the_pledge(hr_a, branch_a, agreement):
    create(hr_a, branch_a, agreement, 6)
    with pytest.raises(Conflict, match="4 are still free"):
        create(hr_a, branch_a, agreement, 5)
    assert agreement.posts.count() == 1


@pytest.mark.parametrize("status", ["draft", "pending", "published", "closed", "filled", "expired"])
def test_posts_in_these_statuses_keep_their_pledged_places(hr_a, branch_a, agreement, status):
    make_post(branch_a, status, agreement=agreement, openings=8)
    with pytest.raises(Conflict):
        create(hr_a, branch_a, agreement, 3)


@pytest.mark.parametrize("status", ["rejected", "taken_down"])
def test_posts_in_these_statuses_release_their_pledged_places(hr_a, branch_a, agreement, status):
    make_post(branch_a, status, agreement=agreement, openings=8)
    create(hr_a, branch_a, agreement, 10)
    assert agreement.posts.count() == 2


def test_it_refuses_an_agreement_of_another_enterprise(hr_a, branch_a, enterprise_b):
    other = f.AgreementFactory(enterprise=enterprise_b)
    with pytest.raises(NotAllowed):
        create(hr_a, branch_a, other, 1)
    assert not JobPost.objects.exists()


@pytest.mark.parametrize("status", ["draft", "signed", "expired", "terminated"])
def test_it_refuses_an_agreement_that_is_not_active(hr_a, branch_a, enterprise_a, status):
    agreement = f.AgreementFactory(enterprise=enterprise_a, status=status)
    with pytest.raises(Conflict):
        create(hr_a, branch_a, agreement, 1)
    assert not JobPost.objects.exists()


def test_raising_the_openings_beyond_the_pledge_is_refused(hr_a, branch_a, agreement):
    post = create(hr_a, branch_a, agreement, 6)
    make_post(branch_a, agreement=agreement, openings=4)
    with pytest.raises(Conflict):
        services.job_post_update(post=post, editor=hr_a, openings=7)
    post.refresh_from_db()
    assert post.openings == 6


def test_moving_a_post_under_a_full_agreement_is_refused(hr_a, branch_a, agreement):
    make_post(branch_a, agreement=agreement, openings=10)
    post = make_post(branch_a, JobPost.Status.DRAFT, openings=1)
    with pytest.raises(Conflict):
        services.job_post_update(post=post, editor=hr_a, agreement=agreement)
    post.refresh_from_db()
    assert post.agreement is None


def test_resubmitting_a_rejected_post_checks_the_pledge_again(hr_a, branch_a, agreement):
    rejected = make_post(branch_a, JobPost.Status.REJECTED, agreement=agreement, openings=5)
    make_post(branch_a, agreement=agreement, openings=6)
    with refused(Conflict, rejected):
        services.job_post_submit(post=rejected, actor=hr_a)


def test_submitting_a_draft_under_an_agreement_that_ended_is_refused(hr_a, branch_a, agreement):
    draft = make_post(branch_a, JobPost.Status.DRAFT, agreement=agreement, openings=1)
    Agreement.objects.filter(pk=agreement.pk).update(status=Agreement.Status.EXPIRED)
    with pytest.raises(Conflict):
        services.job_post_submit(post=draft, actor=hr_a)
