import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from jobs import selectors
from jobs.models import JobPost
from tests import factories as f
from tests.jobs.conftest import make_application, make_post, seen_by

EVERYONE = (
    "anonymous",
    "veteran",
    "other_veteran",
    "hr_a",
    "hr_b",
    "bureau_x",
    "bureau_y",
    "ministry",
)


def user_of(request, name):
    obj = request.getfixturevalue(name)
    return getattr(obj, "user", obj)


@pytest.fixture
def pipeline(post, veteran, bureau_x):
    """An application, its placement with a due follow-up, a verification and an open report."""
    application = make_application(post, veteran, "hired")
    placement = f.PlacementFactory(application=application)
    return {
        "application": application,
        "placement": placement,
        "follow_up": f.FollowUpFactory(placement=placement, status="due"),
        "verification": f.VerificationFactory(post=post, verified_by=bureau_x),
        "report": f.PostReportFactory(post=post, reporter=veteran.user),
    }


# --- posts -------------------------------------------------------------------------------


@pytest.mark.parametrize("name", EVERYONE)
def test_everyone_sees_published_posts(request, name, post):
    assert list(selectors.posts_visible_to(user_of(request, name))) == [post]


@pytest.mark.parametrize(
    ("name", "sees"),
    seen_by("hr_a", "bureau_x", "ministry"),
)
def test_unpublished_posts_are_seen_by_their_enterprise_their_bureau_and_the_ministry(
    request, name, sees, branch_a
):
    posts = [
        make_post(branch_a, status)
        for status in ("draft", "pending", "rejected", "closed", "taken_down")
    ]
    visible = set(selectors.posts_visible_to(user_of(request, name)))
    assert visible == (set(posts) if sees else set())


def test_a_city_bureau_sees_unpublished_posts_of_its_city_only(branch_a, enterprise_a):
    here = make_post(branch_a, "pending")
    elsewhere = make_post(
        f.BranchFactory(enterprise=enterprise_a, region=f.region("110200")), "pending"
    )
    city_bureau = f.BureauUserFactory(region=f.region(f.CITY_X))
    assert set(selectors.posts_visible_to(city_bureau)) == {here}
    assert here.region_id != elsewhere.region_id


def test_listing_posts_costs_one_query_whatever_their_number(
    branch_a, bureau_x, django_assert_num_queries
):
    for _ in range(5):
        make_post(branch_a)
    with django_assert_num_queries(1):
        rows = [
            (p.branch.enterprise.name, p.region.name, p.occupation.name, p.industry.name)
            for p in selectors.posts_visible_to(bureau_x)
        ]
    assert len(rows) == 5


def test_scoping_by_region_needs_no_join_to_regions(bureau_x):
    with CaptureQueriesContext(connection) as queries:
        list(selectors.posts_visible_to(bureau_x).values_list("pk", flat=True))
    assert "reference_region" not in queries[0]["sql"]


# --- review queue ------------------------------------------------------------------------


def test_the_review_queue_lists_pending_posts_oldest_first_with_their_waiting_time(
    bureau_x, branch_a
):
    from django.utils import timezone

    now = timezone.now()
    newer = make_post(branch_a, "pending", submitted_at=now - timezone.timedelta(hours=1))
    older = make_post(branch_a, "pending", submitted_at=now - timezone.timedelta(days=2))
    make_post(branch_a, "draft")
    queue = list(selectors.post_review_queue(bureau_x))
    assert queue == [older, newer]
    assert queue[0].waiting >= timezone.timedelta(days=2)


@pytest.mark.parametrize("name", ["anonymous", "veteran", "hr_a", "hr_b", "bureau_y", "ministry"])
def test_the_review_queue_is_empty_for_those_who_do_not_decide(request, name, pending_post):
    assert list(selectors.post_review_queue(user_of(request, name))) == []


# --- applications, placements, follow-ups, reports, verifications -------------------------


@pytest.mark.parametrize(
    ("name", "sees"),
    seen_by("veteran", "hr_a", "bureau_x", "ministry"),
)
def test_applications_and_placements_are_seen_by_the_applicant_enterprise_bureau_and_ministry(
    request, name, sees, pipeline
):
    user = user_of(request, name)
    assert list(selectors.applications_visible_to(user)) == (
        [pipeline["application"]] if sees else []
    )
    assert list(selectors.placements_visible_to(user)) == ([pipeline["placement"]] if sees else [])


@pytest.mark.parametrize(("name", "sees"), seen_by("hr_a"))
def test_the_enterprise_pages_list_only_the_posts_and_applicants_of_the_users_own_enterprise(
    request, name, sees, pipeline, branch_a
):
    """What the enterprise staff's own pages read: a regulator or another enterprise, who
    see the published post elsewhere, find nothing here."""
    draft = make_post(branch_a, "draft")
    user = user_of(request, name)
    post, application = pipeline["application"].post, pipeline["application"]
    assert set(selectors.enterprise_posts_of(user)) == ({post, draft} if sees else set())
    assert list(selectors.enterprise_post_list(user, status="draft")) == ([draft] if sees else [])
    assert list(selectors.pipeline_post_choices(user)) == ([draft, post] if sees else [])
    assert list(selectors.pipeline_applications(user, post=post)) == ([application] if sees else [])


@pytest.mark.parametrize(
    ("name", "sees"),
    seen_by("bureau_x", "ministry"),
)
def test_bureau_records_are_seen_by_the_bureau_of_the_region_and_the_ministry(
    request, name, sees, pipeline
):
    user = user_of(request, name)
    assert list(selectors.follow_ups_visible_to(user)) == ([pipeline["follow_up"]] if sees else [])
    assert list(selectors.verifications_visible_to(user)) == (
        [pipeline["verification"]] if sees else []
    )


@pytest.mark.parametrize(
    ("name", "has_work"),
    [
        ("veteran", False),
        ("hr_a", False),
        ("bureau_x", True),
        ("bureau_y", False),
        ("ministry", False),
    ],
)
def test_work_queues_belong_to_the_bureau_of_the_region(request, name, has_work, pipeline):
    user = user_of(request, name)
    assert list(selectors.follow_ups_due_for(user)) == ([pipeline["follow_up"]] if has_work else [])
    assert list(selectors.post_reports_queue(user)) == ([pipeline["report"]] if has_work else [])


def test_recorded_follow_ups_and_decided_reports_leave_the_queues(bureau_x, pipeline):
    pipeline["follow_up"].record(outcome="employed", left_reason="", note="", recorder=bureau_x)
    pipeline["follow_up"].save()
    pipeline["report"].dismiss(handler=bureau_x, note="无问题")
    pipeline["report"].save()
    assert not selectors.follow_ups_due_for(bureau_x).exists()
    assert not selectors.post_reports_queue(bureau_x).exists()


def test_listing_applications_costs_one_query_whatever_their_number(
    post, hr_a, django_assert_num_queries
):
    for _ in range(4):
        make_application(post, f.VeteranProfileFactory())
    with django_assert_num_queries(1):
        rows = [
            (
                a.veteran.full_name,
                a.veteran.user.email,
                a.post.branch.enterprise.name,
                a.post.region.name,
            )
            for a in selectors.applications_visible_to(hr_a)
        ]
    assert len(rows) == 4


def test_listing_follow_ups_costs_one_query_whatever_their_number(
    bureau_x, django_assert_num_queries, post
):
    for _ in range(3):
        f.FollowUpFactory(placement=f.PlacementFactory(application__post=post), status="due")
    with django_assert_num_queries(1):
        rows = [
            (fu.placement.veteran.full_name, fu.placement.post.branch.enterprise.name)
            for fu in selectors.follow_ups_due_for(bureau_x)
        ]
    assert len(rows) == 3


def test_an_enterprise_user_without_a_membership_sees_published_posts_only(branch_a, post):
    make_post(branch_a, JobPost.Status.DRAFT)
    stray = f.UserFactory(role="enterprise")
    assert list(selectors.posts_visible_to(stray)) == [post]
    assert not selectors.applications_visible_to(stray).exists()
