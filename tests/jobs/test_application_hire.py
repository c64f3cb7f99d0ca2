import datetime

import pytest
from django.core import mail

from jobs import services
from jobs.models import Application, FollowUp, JobPost, Placement
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_application, make_post, others
from tests.workflow import refused
from veterans.models import VeteranProfile

START = datetime.date(2026, 1, 31)


@pytest.fixture
def offered(post, veteran):
    return make_application(post, veteran, Application.Status.OFFERED)


def test_hiring_places_the_veteran_and_schedules_four_follow_ups(
    hr_a, offered, post, veteran, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        placement = services.application_hire(application=offered, actor=hr_a, started_on=START)
    offered.refresh_from_db()
    post.refresh_from_db()
    veteran.refresh_from_db()
    assert offered.status == Application.Status.HIRED
    assert (placement.post, placement.veteran, placement.started_on) == (post, veteran, START)
    assert (post.filled_count, post.status) == (1, JobPost.Status.PUBLISHED)
    assert veteran.seeking_status == VeteranProfile.SeekingStatus.EMPLOYED
    assert actions(offered) == ["application.hired"]
    assert actions(post) == []
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]


def test_follow_ups_fall_due_at_one_three_six_and_twelve_months(hr_a, offered):
    placement = services.application_hire(application=offered, actor=hr_a, started_on=START)
    follow_ups = placement.follow_ups.order_by("month")
    assert [(f.month, f.due_on, f.status) for f in follow_ups] == [
        (1, datetime.date(2026, 2, 28), "scheduled"),
        (3, datetime.date(2026, 4, 30), "scheduled"),
        (6, datetime.date(2026, 7, 31), "scheduled"),
        (12, datetime.date(2027, 1, 31), "scheduled"),
    ]


def test_the_last_opening_fills_the_post(hr_a, veteran, branch_a):
    post = make_post(branch_a, openings=2, filled_count=1)
    offered = make_application(post, veteran, Application.Status.OFFERED)
    services.application_hire(application=offered, actor=hr_a, started_on=START)
    post.refresh_from_db()
    assert (post.filled_count, post.status) == (2, JobPost.Status.FILLED)
    assert actions(post) == ["job_post.filled"]


def test_a_filled_post_hires_no_one_more(hr_a, veteran, branch_a):
    post = make_post(branch_a, JobPost.Status.FILLED, openings=1, filled_count=1)
    offered = make_application(post, veteran, Application.Status.OFFERED)
    with refused(Conflict, offered):
        services.application_hire(application=offered, actor=hr_a, started_on=START)
    assert not Placement.objects.exists()


@pytest.mark.parametrize(
    "status", ["submitted", "viewed", "shortlisted", "interview", "rejected", "withdrawn"]
)
def test_only_an_offered_application_is_hired(hr_a, veteran, post, status):
    application = make_application(post, veteran, status)
    with pytest.raises(InvalidTransition):
        services.application_hire(application=application, actor=hr_a, started_on=START)
    post.refresh_from_db()
    assert post.filled_count == 0
    assert not FollowUp.objects.exists()


@pytest.mark.parametrize("persona", others("hr_a"), indirect=True)
def test_it_refuses_a_hire_from_anyone_but_the_enterprise_staff(persona, offered, veteran):
    with pytest.raises(NotAllowed):
        services.application_hire(application=offered, actor=persona, started_on=START)
    offered.refresh_from_db()
    veteran.refresh_from_db()
    assert offered.status == Application.Status.OFFERED
    assert veteran.seeking_status == VeteranProfile.SeekingStatus.SEEKING
    assert not Placement.objects.exists()


def test_hiring_one_applicant_leaves_the_others_open(hr_a, offered, post):
    other = make_application(post, f.VeteranProfileFactory(), Application.Status.INTERVIEW)
    services.application_hire(application=offered, actor=hr_a, started_on=START)
    other.refresh_from_db()
    assert other.status == Application.Status.INTERVIEW


def test_the_hiring_email_gives_the_phone_of_the_veterans_service_station(
    hr_a, offered, django_capture_on_commit_callbacks
):
    f.ServiceStationFactory(region=offered.veteran.home_region, phone="010-88886666")
    with django_capture_on_commit_callbacks(execute=True):
        services.application_hire(application=offered, actor=hr_a, started_on=START)
    assert "010-88886666" in mail.outbox[-1].body
