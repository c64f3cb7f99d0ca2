"""Each database constraint of jobs/models.py holds even when the services are bypassed."""

import datetime
from contextlib import contextmanager

import pytest
from django.db import IntegrityError, transaction
from django.utils import timezone

from jobs.models import EventRegistration, FollowUp, MatchingRun, PostReport, Recommendation
from tests import factories as f

pytestmark = pytest.mark.django_db


@contextmanager
def violates(constraint: str):
    """The block must break ``constraint``; the savepoint lets the test go on after it."""
    with pytest.raises(IntegrityError, match=constraint), transaction.atomic():
        yield


@pytest.mark.parametrize(
    ("fields", "constraint"),
    [
        ({"openings": 0, "filled_count": 0}, "post_has_openings"),
        ({"openings": 2, "filled_count": 3}, "post_never_overfilled"),
        ({"salary_min": 9000, "salary_max": 8000}, "post_salary_range_ordered"),
        ({"status": "rejected", "decision_reason": ""}, "post_rejection_has_reason"),
        ({"status": "published", "published_at": None}, "published_post_has_date"),
    ],
)
def test_job_post_constraints(branch_a, fields, constraint):
    with violates(constraint):
        f.JobPostFactory(branch=branch_a, **fields)


def test_one_application_per_veteran_and_post(post, veteran):
    f.ApplicationFactory(post=post, veteran=veteran)
    with violates("one_application_per_post"):
        f.ApplicationFactory(post=post, veteran=veteran, status="withdrawn")


@pytest.fixture
def placement(post):
    return f.PlacementFactory(application__post=post)


def test_one_follow_up_per_placement_and_month(placement):
    f.FollowUpFactory(placement=placement, month=3)
    with violates("one_follow_up_per_month"):
        f.FollowUpFactory(placement=placement, month=3)


def test_follow_up_months_are_1_3_6_or_12(placement):
    with violates("follow_up_month_known"):
        f.FollowUpFactory(placement=placement, month=2)


@pytest.mark.parametrize(
    "fields", [{"status": "done", "outcome": ""}, {"status": "due", "outcome": "employed"}]
)
def test_a_follow_up_has_an_outcome_iff_it_is_done(placement, fields):
    with violates("follow_up_outcome_iff_done"):
        f.FollowUpFactory(placement=placement, **fields)


def test_leaving_is_recorded_with_a_reason(placement):
    with violates("follow_up_left_has_reason"):
        f.FollowUpFactory(
            placement=placement, status="done", outcome=FollowUp.Outcome.LEFT, left_reason=""
        )


def test_one_open_report_per_reporter_and_post(post, veteran):
    f.PostReportFactory(post=post, reporter=veteran.user, status=PostReport.Status.DISMISSED)
    f.PostReportFactory(post=post, reporter=veteran.user)
    with violates("one_open_report_per_reporter"):
        f.PostReportFactory(post=post, reporter=veteran.user)


def test_an_event_ends_after_it_starts(bureau_x):
    starts = timezone.now()
    with violates("event_ends_after_start"):
        f.RecruitmentEventFactory(organiser=bureau_x, starts_at=starts, ends_at=starts)


def test_an_event_has_capacity(bureau_x):
    with violates("event_has_capacity"):
        f.RecruitmentEventFactory(organiser=bureau_x, capacity=0)


def test_one_registration_per_event_and_veteran(bureau_x, veteran):
    event = f.RecruitmentEventFactory(organiser=bureau_x)
    EventRegistration.objects.create(event=event, veteran=veteran)
    with violates("one_registration_per_event"):
        EventRegistration.objects.create(event=event, veteran=veteran)


def test_one_current_matching_run():
    MatchingRun.objects.create(status="done", is_current=True)
    with violates("one_current_run"):
        MatchingRun.objects.create(status="done", is_current=True)


def test_a_current_run_is_done():
    with violates("current_run_is_done"):
        MatchingRun.objects.create(status="running", is_current=True)


def recommendation(run, post, veteran, **fields):
    values = dict(
        run=run,
        veteran=veteran,
        post=post,
        rank=1,
        score=0.8,
        skill_fit=1,
        occupation_fit=1,
        location_fit=1,
        industry_fit=1,
        salary_fit=1,
        education_fit=1,
        agreement_bonus=0,
    )
    return Recommendation.objects.create(**{**values, **fields})


def test_one_recommendation_per_run_veteran_and_post(post, veteran):
    run = MatchingRun.objects.create(finished_at=timezone.now() - datetime.timedelta(hours=1))
    recommendation(run, post, veteran)
    with violates("recommendation_unique"):
        recommendation(run, post, veteran, rank=2)


def test_a_recommendation_matches_no_more_skills_than_required(post, veteran):
    run = MatchingRun.objects.create()
    with violates("skills_matched_bounded"):
        recommendation(run, post, veteran, skills_required=1, skills_matched=2)
