"""Messages of an application's thread: each side writes, the other is told; text only,
a length limit, audited, rate-limited; either side reports a message to the bureau, which
upholds (the message is removed) or dismisses."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from jobs import services
from jobs.models import MESSAGE_MAX, Application, Message, MessageReport
from jobs.policies import MESSAGE_RATE_SCOPE, may_send_message
from portal.accounts.models import Notification
from portal.accounts.security import rate_limit_used
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_application

pytestmark = pytest.mark.django_db


@pytest.fixture
def from_enterprise(application, hr_a):
    return services.message_send(application=application, sender=hr_a, body="请带上退役证。")


@pytest.fixture
def report(from_enterprise, veteran):
    return services.message_report_create(
        message=from_enterprise, reporter=veteran.user, reason="fees", detail="要求交押金"
    )


def test_a_message_from_the_veteran_reaches_the_enterprise(
    application, veteran, hr_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        message = services.message_send(application=application, sender=veteran.user, body="您好")
    assert (message.side, message.body) == (Message.Side.VETERAN, "您好")
    assert actions(message) == ["message.sent"]
    assert [m.to for m in mail.outbox] == [[hr_a.email]]
    assert Notification.objects.get(user=hr_a).link.endswith(
        f"/applications/{application.pk}/messages/"
    )


def test_a_message_from_the_enterprise_reaches_the_veteran(
    from_enterprise, django_capture_on_commit_callbacks
):
    assert from_enterprise.side == Message.Side.ENTERPRISE
    assert Notification.objects.get(kind="message_received").user.username == "veteran"


def test_a_message_longer_than_the_limit_is_refused(application, veteran):
    with pytest.raises(ValidationError):
        services.message_send(
            application=application, sender=veteran.user, body="字" * (MESSAGE_MAX + 1)
        )
    assert not Message.objects.exists()


def test_an_empty_message_is_refused(application, veteran):
    with pytest.raises(ValidationError):
        services.message_send(application=application, sender=veteran.user, body=" \u200b ")
    assert not Message.objects.exists()


@pytest.mark.parametrize("persona", ["other_veteran", "hr_b", "bureau_x", "ministry"])
def test_a_message_from_outside_the_thread_is_refused(application, persona, request):
    user = request.getfixturevalue(persona)
    with pytest.raises(NotAllowed):
        services.message_send(application=application, sender=getattr(user, "user", user), body="x")
    assert not Message.objects.exists()


def test_messages_over_the_hourly_limit_are_refused(application, veteran, hr_a, settings):
    settings.MESSAGES_PER_HOUR = 2
    for body in ("一", "二"):
        services.message_send(application=application, sender=veteran.user, body=body)
    with pytest.raises(Conflict, match="most messages allowed in one hour"):
        services.message_send(application=application, sender=veteran.user, body="三")
    services.message_send(application=application, sender=hr_a, body="the other side counts apart")
    assert Message.objects.count() == 3


def test_asking_whether_a_message_may_be_sent_counts_nothing(application, veteran, settings):
    settings.MESSAGES_PER_HOUR = 1
    for _ in range(3):
        assert may_send_message.allows(application, veteran.user)
    services.message_send(application=application, sender=veteran.user, body="一")
    assert may_send_message.reason(application, veteran.user).startswith("You have sent the most")


def test_messages_refused_over_the_limit_are_not_counted(application, veteran, settings):
    settings.MESSAGES_PER_HOUR = 1
    services.message_send(application=application, sender=veteran.user, body="一")
    for body in ("二", "三"):
        with pytest.raises(Conflict):
            services.message_send(application=application, sender=veteran.user, body=body)
    assert rate_limit_used(scope=MESSAGE_RATE_SCOPE, key=str(veteran.user.pk)) == 1


def test_a_withdrawn_application_takes_no_new_messages(post, veteran):
    application = make_application(post, veteran, Application.Status.WITHDRAWN)
    with pytest.raises(Conflict, match="withdrawn"):
        services.message_send(application=application, sender=veteran.user, body="还在吗")


# --- reports -------------------------------------------------------------------------------------


def test_a_veteran_reports_a_message_into_the_bureaus_queue(report, bureau_x, bureau_y):
    from jobs.selectors import message_reports_queue

    assert list(message_reports_queue(bureau_x)) == [report]
    assert list(message_reports_queue(bureau_y)) == []
    assert actions(report) == ["message_report.created"]


def test_nobody_reports_their_own_message(from_enterprise, hr_a):
    with pytest.raises(Conflict, match="your own message"):
        services.message_report_create(message=from_enterprise, reporter=hr_a, reason="abuse")
    assert not MessageReport.objects.exists()


def test_a_message_is_reported_once_by_the_same_person(report, from_enterprise, veteran):
    with pytest.raises(ValidationError, match="already reported"):
        services.message_report_create(
            message=from_enterprise, reporter=veteran.user, reason="spam"
        )
    assert MessageReport.objects.count() == 1


def test_an_upheld_message_report_removes_the_message_and_tells_the_reporter(
    report, bureau_x, django_capture_on_commit_callbacks
):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.message_report_uphold(report=report, handler=bureau_x, note="确属收费")
    report.refresh_from_db()
    message = report.message
    message.refresh_from_db()
    assert report.status == MessageReport.Status.UPHELD and message.hidden_at is not None
    assert actions(message) == ["message.sent", "message.removed"]
    assert [m.to for m in mail.outbox] == [["veteran@example.com"]]


def test_a_dismissed_message_report_keeps_the_message(report, bureau_x):
    services.message_report_dismiss(report=report, handler=bureau_x, note="正常沟通")
    report.refresh_from_db()
    assert report.status == MessageReport.Status.DISMISSED and report.message.hidden_at is None


def test_another_provinces_bureau_cannot_decide_a_message_report(report, bureau_y):
    with pytest.raises(NotAllowed):
        services.message_report_uphold(report=report, handler=bureau_y, note="x")
    report.refresh_from_db()
    assert report.status == MessageReport.Status.OPEN


# --- the pages -----------------------------------------------------------------------------------


def test_the_message_thread_shows_both_sides_and_no_staff_details(
    browse, veteran, from_enterprise, hr_a
):
    services.message_send(application=from_enterprise.application, sender=veteran.user, body="好的")
    page = (
        browse(veteran.user)
        .get(reverse("jobs:message_thread", args=[from_enterprise.application_id]))
        .content.decode()
    )
    assert "请带上退役证。" in page and "好的" in page
    assert from_enterprise.application.post.branch.enterprise.name in page
    assert hr_a.email not in page and "hr_a" not in page


def test_a_message_sent_on_the_page_is_escaped_as_text(browse, veteran, application):
    client = browse(veteran.user)
    url = reverse("jobs:message_send", args=[application.pk])
    assert client.post(url, {"body": "<script>alert(1)</script>"}).status_code == 302
    page = client.get(reverse("jobs:message_thread", args=[application.pk])).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_an_empty_message_on_the_page_shows_the_field_error(browse, veteran, application):
    response = browse(veteran.user).post(
        reverse("jobs:message_send", args=[application.pk]), {"body": ""}
    )
    assert response.status_code == 400 and "Write a message first." in response.content.decode()


def test_the_staff_send_a_message_from_the_thread_page(browse, hr_a, application):
    browse(hr_a).post(reverse("jobs:message_send", args=[application.pk]), {"body": "明天见"})
    assert Message.objects.get().side == Message.Side.ENTERPRISE


@pytest.mark.parametrize("persona", ["other_veteran", "hr_b", "bureau_x"])
def test_the_message_thread_is_404_outside_the_application(browse, application, persona, request):
    user = request.getfixturevalue(persona)
    client = browse(getattr(user, "user", user))
    assert client.get(reverse("jobs:message_thread", args=[application.pk])).status_code == 404


def test_a_message_is_reported_from_the_thread_page(browse, veteran, from_enterprise):
    browse(veteran.user).post(
        reverse("jobs:message_report", args=[from_enterprise.pk]), {"reason": "abuse", "detail": ""}
    )
    assert MessageReport.objects.get().reason == "abuse"


def test_the_bureau_upholds_a_message_report_from_its_queue(browse, bureau_x, report):
    client = browse(bureau_x)
    page = client.get(reverse("jobs:message_report_queue")).content.decode()
    assert "请带上退役证。" in page
    client.post(reverse("jobs:message_report_uphold", args=[report.pk]), {"note": "属实"})
    report.refresh_from_db()
    assert report.status == MessageReport.Status.UPHELD
    thread = (
        browse(report.reporter)
        .get(reverse("jobs:message_thread", args=[report.message.application_id]))
        .content.decode()
    )
    assert "请带上退役证。" not in thread and "was removed" in thread


def test_the_message_thread_costs_the_same_queries_for_more_messages(
    browse, veteran, hr_a, application, django_assert_max_num_queries
):
    client = browse(veteran.user)
    services.message_send(application=application, sender=hr_a, body="一")
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("jobs:message_thread", args=[application.pk]))
    for n in range(6):
        services.message_send(application=application, sender=hr_a, body=f"消息{n}")
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("jobs:message_thread", args=[application.pk]))


def test_the_message_report_queue_costs_the_same_queries_for_more_reports(
    browse, bureau_x, hr_a, post, django_assert_max_num_queries
):
    client = browse(bureau_x)

    def reported():
        veteran = f.VeteranProfileFactory()
        message = services.message_send(
            application=make_application(post, veteran), sender=hr_a, body="交500元押金"
        )
        services.message_report_create(message=message, reporter=veteran.user, reason="fees")

    reported()
    with django_assert_max_num_queries(20) as one:
        client.get(reverse("jobs:message_report_queue"))
    for _ in range(4):
        reported()
    with django_assert_max_num_queries(len(one.captured_queries)):
        client.get(reverse("jobs:message_report_queue"))
