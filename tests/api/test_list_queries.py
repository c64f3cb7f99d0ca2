"""Every list costs a fixed number of queries, however many rows its page shows."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs.models import Application, FollowUp, MatchingRun, Recommendation
from jobs.services import application_advance
from tests import factories as f
from tests.api.conftest import make_post

pytestmark = pytest.mark.django_db


def queries(client, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def grow(make, times: int) -> None:
    for _ in range(times):
        make()


def same_cost(client, url, make) -> tuple[int, int]:
    make()
    # Once first: a process's caches (the content types the audit trail names) fill on the
    # first request, and this test may be the process's first to make it.
    queries(client, url)
    one = queries(client, url)
    grow(make, 4)
    return one, queries(client, url)


def test_the_search(as_, branch_a, veteran):
    one, five = same_cost(as_("veteran"), "/api/v1/posts/", lambda: make_post(branch_a))
    assert one == five


def test_my_applications_with_their_history(as_, branch_a, veteran, hr_a):
    def apply():
        application = f.ApplicationFactory(post=make_post(branch_a), veteran=veteran)
        application_advance(application=application, actor=hr_a, target="viewed")

    one, five = same_cost(as_("veteran"), "/api/v1/me/applications/", apply)
    assert one == five


def test_the_pipeline_with_the_applicants_profiles(as_, post, hr_a):
    def apply():
        veteran = f.VeteranProfileFactory()
        veteran.skill_links.create(skill=f.SkillFactory())
        f.ApplicationFactory(post=post, veteran=veteran, status=Application.Status.SUBMITTED)

    one, five = same_cost(as_("hr_a"), "/api/v1/pipeline/", apply)
    assert one == five


def test_the_posts_of_an_enterprise(as_, branch_a, hr_a):
    one, five = same_cost(as_("hr_a"), "/api/v1/me/posts/", lambda: make_post(branch_a))
    assert one == five


def test_the_due_follow_ups(as_, post, bureau_x):
    def place():
        placement = f.PlacementFactory(application__post=post)
        f.FollowUpFactory(placement=placement, status=FollowUp.Status.DUE)

    one, five = same_cost(as_("bureau_x"), "/api/v1/follow-ups/due/", place)
    assert one == five


def test_the_agreements_with_their_progress(as_, enterprise_a, ministry):
    one, five = same_cost(
        as_("ministry"),
        "/api/v1/agreements/",
        lambda: f.AgreementFactory(enterprise=enterprise_a),
    )
    assert one == five


def test_the_recommendations_with_their_reasons(as_, branch_a, veteran):
    run = MatchingRun.objects.create(status="done", is_current=True)
    factors = dict.fromkeys(["skill_fit", "occupation_fit", "location_fit"], 1.0)
    others = dict.fromkeys(["industry_fit", "salary_fit", "education_fit", "agreement_bonus"], 1.0)

    def recommend():
        rank = Recommendation.objects.count() + 1
        Recommendation.objects.create(
            run=run, veteran=veteran, post=make_post(branch_a), rank=rank, score=0.9,
            skills_required=2, skills_matched=1, **factors, **others,
        )  # fmt: skip

    one, five = same_cost(as_("veteran"), "/api/v1/me/recommendations/", recommend)
    assert one == five
