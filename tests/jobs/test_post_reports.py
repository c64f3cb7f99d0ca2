import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from jobs import services
from jobs.models import Application, JobPost, PostReport
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_application, make_post, others
from tests.workflow import refused


@pytest.fixture
def report(post, veteran):
    return services.post_report_create(
        post=post, reporter=veteran.user, reason="fees", detail="要求交押金"
    )


# --- reporting ---------------------------------------------------------------------------


def test_a_veteran_reports_a_published_post(report, post, veteran):
    report.refresh_from_db()
    assert (report.post, report.reporter, report.status) == (
        post,
        veteran.user,
        PostReport.Status.OPEN,
    )
    assert actions(report) == ["post_report.created"]


def test_a_second_open_report_by_the_same_veteran_is_a_conflict(report, post, veteran):
    with pytest.raises(Conflict):
        services.post_report_create(post=post, reporter=veteran.user, reason="fake")
    assert PostReport.objects.count() == 1


def test_a_veteran_may_report_again_once_the_first_report_is_decided(
    report, post, veteran, bureau_x
):
    services.post_report_dismiss(report=report, handler=bureau_x, note="已核实")
    services.post_report_create(post=post, reporter=veteran.user, reason="fake")
    assert PostReport.objects.count() == 2


@pytest.mark.parametrize(
    "persona", ["hr_a", "hr_b", "bureau_x", "bureau_y", "ministry"], indirect=True
)
def test_only_veterans_report_posts(persona, post):
    with pytest.raises(NotAllowed):
        services.post_report_create(post=post, reporter=persona, reason="fake")
    assert not PostReport.objects.exists()


def test_a_post_that_is_not_published_cannot_be_reported(veteran, draft_post):
    with pytest.raises(Conflict):
        services.post_report_create(post=draft_post, reporter=veteran.user, reason="fake")


# --- confirming --------------------------------------------------------------------------


def test_confirming_takes_the_post_down_and_tells_its_open_applicants_and_reporters(
    report, post, veteran, other_veteran, bureau_x, django_capture_on_commit_callbacks
):
    make_application(post, other_veteran, Application.Status.INTERVIEW)
    make_application(
        post, f.VeteranProfileFactory(user__username="gone"), Application.Status.WITHDRAWN
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.post_report_confirm(report=report, handler=bureau_x, note="确认收取押金")
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, report.handled_by, report.resolution_note) == (
        "confirmed",
        bureau_x,
        "确认收取押金",
    )
    assert (post.status, post.decision_reason) == (JobPost.Status.TAKEN_DOWN, "确认收取押金")
    assert actions(report) == ["post_report.created", "post_report.confirmed"]
    assert actions(post) == ["job_post.taken_down"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "other_veteran@example.com",
        "veteran@example.com",
    ]
    applicant_mail = next(m for m in mail.outbox if m.to == ["other_veteran@example.com"])
    assert post.title in applicant_mail.subject


def test_confirming_one_report_confirms_the_other_open_reports_of_the_post(
    report, post, other_veteran, bureau_x
):
    second = services.post_report_create(post=post, reporter=other_veteran.user, reason="fake")
    services.post_report_confirm(report=report, handler=bureau_x, note="确认虚假")
    second.refresh_from_db()
    assert (second.status, second.handled_by) == (PostReport.Status.CONFIRMED, bureau_x)
    assert actions(second) == ["post_report.created", "post_report.confirmed"]


def test_confirming_a_report_on_a_closed_post_leaves_the_post_closed(report, post, hr_a, bureau_x):
    services.job_post_close(post=post, actor=hr_a)
    services.post_report_confirm(report=report, handler=bureau_x, note="确认")
    post.refresh_from_db()
    report.refresh_from_db()
    assert (report.status, post.status) == (PostReport.Status.CONFIRMED, JobPost.Status.CLOSED)


def test_confirming_needs_a_note(report, bureau_x):
    with refused(ValidationError, report):
        services.post_report_confirm(report=report, handler=bureau_x, note="")


@pytest.mark.parametrize("persona", others("bureau_x"), indirect=True)
def test_it_refuses_a_confirmation_from_anyone_but_the_bureau_of_the_region(persona, report, post):
    with pytest.raises(NotAllowed):
        services.post_report_confirm(report=report, handler=persona, note="确认")
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, post.status) == (PostReport.Status.OPEN, JobPost.Status.PUBLISHED)


def test_a_dismissed_report_cannot_be_confirmed(report, bureau_x):
    services.post_report_dismiss(report=report, handler=bureau_x, note="无问题")
    with pytest.raises(InvalidTransition):
        services.post_report_confirm(report=report, handler=bureau_x, note="确认")


# --- dismissing --------------------------------------------------------------------------


def test_dismissing_keeps_the_post_and_tells_the_reporter(
    report, post, bureau_x, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        services.post_report_dismiss(report=report, handler=bureau_x, note="电话核实属实")
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, report.resolution_note) == (PostReport.Status.DISMISSED, "电话核实属实")
    assert post.status == JobPost.Status.PUBLISHED
    assert actions(report) == ["post_report.created", "post_report.dismissed"]
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]


@pytest.mark.parametrize("persona", others("bureau_x"), indirect=True)
def test_it_refuses_a_dismissal_from_anyone_but_the_bureau_of_the_region(persona, report):
    with refused(NotAllowed, report):
        services.post_report_dismiss(report=report, handler=persona, note="无问题")


def test_a_confirmed_report_cannot_be_dismissed(report, bureau_x):
    services.post_report_confirm(report=report, handler=bureau_x, note="确认")
    with pytest.raises(InvalidTransition):
        services.post_report_dismiss(report=report, handler=bureau_x, note="无问题")


def test_reports_of_a_taken_down_post_are_still_confirmed(post, veteran, other_veteran, bureau_x):
    taken_down = make_post(post.branch, JobPost.Status.TAKEN_DOWN)
    report = f.PostReportFactory(post=taken_down, reporter=other_veteran.user)
    services.post_report_confirm(report=report, handler=bureau_x, note="确认")
    report.refresh_from_db()
    assert report.status == PostReport.Status.CONFIRMED
    assert actions(taken_down) == []
