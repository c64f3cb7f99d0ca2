"""Who is matched, and at once: only veterans with a live consent to the processing of
sensitive data, an active account and looking for work; only posts open to applications
(enterprise approved and not suspended, branch approved, agreement not expired). A
withdrawal, a closed account, reported employment or a suspension takes the person or the
post out of the current recommendations and candidate lists before the next run."""

import datetime

import pytest
from django.utils import timezone

from enterprises.models import Agreement, Branch
from enterprises.services import enterprise_suspend
from jobs.matching.selectors import post_candidates_visible_to, recommendations_for
from jobs.models import PostCandidate, Recommendation
from tests import factories as f
from veterans.models import Consent, VeteranProfile
from veterans.services import consent_withdraw

pytestmark = pytest.mark.django_db


def _staff(population):
    return f.EnterpriseMemberFactory(enterprise=population["posts"][0].branch.enterprise).user


def _a_listed_candidate(population):
    """A veteran with recommendations who is on some post's candidate list."""
    staff = _staff(population)
    candidate = post_candidates_visible_to(staff).first()
    assert candidate and recommendations_for(candidate.veteran.user).exists()
    return staff, candidate.veteran


def test_withdrawn_consent_takes_the_veteran_out_at_once_and_from_the_next_run(population, run_now):
    run_now()
    staff, veteran = _a_listed_candidate(population)
    consent_withdraw(user=veteran.user, purpose=Consent.Purpose.SENSITIVE_DATA)
    assert not recommendations_for(veteran.user).exists()
    assert not post_candidates_visible_to(staff).filter(veteran=veteran).exists()
    run = run_now()
    assert not Recommendation.objects.filter(run=run, veteran=veteran).exists()
    assert not PostCandidate.objects.filter(run=run, veteran=veteran).exists()


def test_withdrawn_consent_veterans_without_it_are_never_matched(population, run_now):
    without = population["veterans"][:4]
    Consent.objects.filter(
        user__in=[v.user for v in without], purpose=Consent.Purpose.SENSITIVE_DATA
    ).update(withdrawn_at=timezone.now())
    run = run_now()
    assert Recommendation.objects.filter(run=run).exists()
    assert not Recommendation.objects.filter(run=run, veteran__in=without).exists()


@pytest.mark.parametrize("change", ["account_closed", "employed"])
def test_a_closed_account_or_reported_employment_leaves_the_lists_at_once(
    population, run_now, change
):
    run_now()
    staff, veteran = _a_listed_candidate(population)
    if change == "account_closed":
        type(veteran.user).objects.filter(pk=veteran.user_id).update(is_active=False)
    else:
        employed = VeteranProfile.SeekingStatus.EMPLOYED
        VeteranProfile.objects.filter(pk=veteran.pk).update(seeking_status=employed)
    assert not recommendations_for(veteran.user).exists()
    assert not post_candidates_visible_to(staff).filter(veteran=veteran).exists()
    run = run_now()
    assert not Recommendation.objects.filter(run=run, veteran=veteran).exists()


def test_suspended_enterprise_posts_leave_recommendations_and_candidates_at_once(
    population, run_now, bureau_x
):
    run = run_now()
    enterprise = population["posts"][0].branch.enterprise
    staff = _staff(population)
    assert post_candidates_visible_to(staff).exists()
    shown = Recommendation.objects.filter(run=run).values_list("veteran__user", flat=True)
    users = set(shown)
    enterprise_suspend(enterprise=enterprise, reviewer=bureau_x, reason="Checks found fraud.")
    assert not post_candidates_visible_to(staff).exists()
    for user in type(staff).objects.filter(pk__in=users):
        assert not recommendations_for(user).filter(post__branch__enterprise=enterprise).exists()
    again = run_now()
    assert again.posts == 0
    assert not Recommendation.objects.filter(run=again).exists()


def test_suspended_or_unapproved_or_expired_posts_are_not_scored(population, run_now):
    posts = population["posts"]
    pending_branch = f.BranchFactory(
        enterprise=posts[0].branch.enterprise,
        region=posts[0].branch.region,
        status=Branch.Status.PENDING,
    )
    type(posts[0]).objects.filter(pk=posts[0].pk).update(branch=pending_branch)
    agreement = f.AgreementFactory(
        enterprise=posts[1].branch.enterprise, status=Agreement.Status.EXPIRED
    )
    ended = f.AgreementFactory(
        enterprise=posts[2].branch.enterprise,
        status=Agreement.Status.ACTIVE,
        ends_on=timezone.localdate() - datetime.timedelta(days=1),
    )
    type(posts[0]).objects.filter(pk=posts[1].pk).update(agreement=agreement)
    type(posts[0]).objects.filter(pk=posts[2].pk).update(agreement=ended)
    run = run_now()
    assert run.posts == len(posts) - 3
    left_out = [posts[0].pk, posts[1].pk, posts[2].pk]
    assert not Recommendation.objects.filter(run=run, post__in=left_out).exists()
    assert Recommendation.objects.filter(run=run).exists()
