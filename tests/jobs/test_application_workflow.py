import datetime

import pytest
from django.core import mail
from django.utils import timezone

from jobs import services
from jobs.models import Application, JobPost
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_application, make_post, others
from tests.workflow import refused

PIPELINE = [
    ("submitted", "viewed"),
    ("viewed", "shortlisted"),
    ("shortlisted", "interview"),
    ("interview", "offered"),
    ("submitted", "rejected"),
    ("interview", "rejected"),
    ("offered", "rejected"),
]


# --- submit ------------------------------------------------------------------------------


def test_a_veteran_applies_to_a_published_post_and_is_told(
    veteran, post, hr_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        application = services.application_submit(post=post, veteran=veteran, note="有驾照")
    application.refresh_from_db()
    assert (application.status, application.note) == (Application.Status.SUBMITTED, "有驾照")
    assert actions(application) == ["application.submitted"]
    # The veteran is told; so is the enterprise (the digest of new applications, which
    # the test settings' eager Celery sends at once instead of at the window's end).
    assert [m.to for m in mail.outbox][0] == ["veteran@example.com"]
    assert [m.to for m in mail.outbox][1:] == [[hr_a.email]]


def test_a_veteran_applies_with_their_own_resume(veteran, post):
    resume = veteran.resumes.create(file="resumes/x.pdf", original_name="简历.pdf", size=100)
    application = services.application_submit(post=post, veteran=veteran, resume=resume)
    assert application.resume == resume


def test_it_refuses_another_veterans_resume(veteran, other_veteran, post):
    resume = other_veteran.resumes.create(file="resumes/x.pdf", original_name="简历.pdf", size=100)
    with pytest.raises(NotAllowed):
        services.application_submit(post=post, veteran=veteran, resume=resume)
    assert not Application.objects.exists()


def test_a_second_application_to_the_same_post_is_a_conflict(veteran, post):
    services.application_submit(post=post, veteran=veteran)
    with pytest.raises(Conflict, match="already applied"):
        services.application_submit(post=post, veteran=veteran)
    assert Application.objects.count() == 1


def test_two_veterans_may_apply_to_the_same_post(veteran, other_veteran, post):
    services.application_submit(post=post, veteran=veteran)
    services.application_submit(post=post, veteran=other_veteran)
    assert post.applications.count() == 2


@pytest.mark.parametrize(
    "status", ["draft", "pending", "rejected", "closed", "filled", "expired", "taken_down"]
)
def test_it_refuses_an_application_to_a_post_that_is_not_published(veteran, branch_a, status):
    post = make_post(branch_a, status)
    with pytest.raises(Conflict):
        services.application_submit(post=post, veteran=veteran)
    assert not Application.objects.exists()


def test_it_refuses_an_application_to_a_post_without_openings_left(veteran, branch_a):
    post = make_post(branch_a, openings=2, filled_count=2)
    with pytest.raises(Conflict):
        services.application_submit(post=post, veteran=veteran)


def test_it_refuses_an_application_after_the_deadline(veteran, branch_a):
    post = make_post(branch_a, deadline=timezone.localdate() - datetime.timedelta(days=1))
    with pytest.raises(Conflict, match="deadline"):
        services.application_submit(post=post, veteran=veteran)


# --- withdraw ----------------------------------------------------------------------------


@pytest.mark.parametrize("status", Application.OPEN)
def test_the_applicant_withdraws_an_open_application(veteran, post, status):
    application = make_application(post, veteran, status)
    services.application_withdraw(application=application, veteran=veteran)
    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert actions(application) == ["application.withdrawn"]


def test_another_veteran_cannot_withdraw_it(other_veteran, application):
    with refused(NotAllowed, application):
        services.application_withdraw(application=application, veteran=other_veteran)


@pytest.mark.parametrize("status", ["hired", "rejected", "withdrawn"])
def test_a_closed_application_cannot_be_withdrawn(veteran, post, status):
    application = make_application(post, veteran, status)
    with pytest.raises(InvalidTransition):
        services.application_withdraw(application=application, veteran=veteran)


# --- the employer's pipeline -------------------------------------------------------------


@pytest.mark.parametrize(("source", "target"), PIPELINE)
def test_the_enterprise_moves_an_application_and_the_veteran_is_told(
    hr_a, veteran, post, source, target, django_capture_on_commit_callbacks
):
    application = make_application(post, veteran, source)
    with django_capture_on_commit_callbacks(execute=True):
        services.application_advance(
            application=application, actor=hr_a, target=target, message="请带证件"
        )
    application.refresh_from_db()
    assert application.status == target
    assert actions(application) == [Application.STATUS_ACTIONS[target]]
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]
    assert "请带证件" in mail.outbox[0].body


@pytest.mark.parametrize("persona", others("hr_a"), indirect=True)
def test_it_refuses_a_pipeline_step_from_anyone_but_the_enterprise_staff(
    persona, application, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(NotAllowed):
        services.application_advance(application=application, actor=persona, target="viewed")
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert actions(application) == []
    assert mail.outbox == []


@pytest.mark.parametrize(
    ("source", "target"),
    [
        ("submitted", "offered"),
        ("viewed", "interview"),
        ("offered", "hired"),
        ("submitted", "withdrawn"),
        ("withdrawn", "viewed"),
        ("rejected", "viewed"),
        ("hired", "rejected"),
    ],
)
def test_it_refuses_a_step_the_pipeline_does_not_allow(hr_a, veteran, post, source, target):
    application = make_application(post, veteran, source)
    with refused(InvalidTransition, application):
        services.application_advance(application=application, actor=hr_a, target=target)


def test_the_pipeline_goes_on_after_the_post_closes(hr_a, veteran, branch_a):
    post = make_post(branch_a, JobPost.Status.CLOSED)
    application = f.ApplicationFactory(post=post, veteran=veteran)
    services.application_advance(application=application, actor=hr_a, target="rejected")
    application.refresh_from_db()
    assert application.status == Application.Status.REJECTED
