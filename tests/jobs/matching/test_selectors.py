"""Who sees a post's candidates: staff of its enterprise, and only veterans whose consent
to be found is still live."""

import pytest
from django.utils import timezone

from jobs import services
from jobs.matching.selectors import matching_runs_visible_to, post_candidates_visible_to
from jobs.models import PostCandidate
from tests import factories as f

pytestmark = pytest.mark.django_db


@pytest.fixture
def current_run(population, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        return services.matching_run_start()


def _staff_of(post):
    return f.EnterpriseMemberFactory(enterprise=post.branch.enterprise).user


def test_staff_see_their_posts_candidates_best_first(population, current_run):
    staff = _staff_of(population["posts"][0])
    seen = list(post_candidates_visible_to(staff))
    assert seen
    assert len(seen) == PostCandidate.objects.filter(run=current_run).count()
    for first, second in zip(seen, seen[1:]):
        assert (first.post_id, -first.score) <= (second.post_id, -second.score)


def test_a_withdrawn_consent_hides_the_veteran_at_once(population, current_run):
    staff = _staff_of(population["posts"][0])
    candidate = post_candidates_visible_to(staff).first()
    candidate.veteran.user.consents.update(withdrawn_at=timezone.now())
    assert not post_candidates_visible_to(staff).filter(veteran=candidate.veteran).exists()


@pytest.mark.parametrize("persona", ["veteran", "hr_b", "bureau_x", "ministry"])
def test_nobody_else_sees_candidates(population, current_run, persona, request):
    user = request.getfixturevalue(persona)
    assert not post_candidates_visible_to(getattr(user, "user", user)).exists()


def test_only_the_ministry_sees_the_runs(population, current_run, ministry, hr_a):
    assert matching_runs_visible_to(ministry).exists()
    assert not matching_runs_visible_to(hr_a).exists()
