"""The bureau's pages of the jobs app: post review, verification, reports and follow-ups."""

import datetime

import pytest
from django.contrib.messages import ERROR, SUCCESS
from django.urls import reverse
from django.utils import timezone

from jobs.models import FollowUp, JobPost, PostReport, Verification
from tests import factories as f
from tests.jobs.conftest import actions, make_post
from tests.pages import levels

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def pending_posts(branch, count: int) -> list[JobPost]:
    """Posts submitted one day apart, the first the oldest."""
    start = timezone.now() - datetime.timedelta(days=count + 1)
    return [
        make_post(branch, JobPost.Status.PENDING, submitted_at=start + datetime.timedelta(days=n))
        for n in range(count)
    ]


def open_reports(post, count: int) -> list[PostReport]:
    start = timezone.now() - datetime.timedelta(days=count + 1)
    return [
        f.PostReportFactory(post=post, created_at=start + datetime.timedelta(days=n))
        for n in range(count)
    ]


# The post review queue -----------------------------------------------------------------


def test_the_queue_lists_the_longest_waiting_post_first(client, bureau_x, branch_a):
    older, newer = pending_posts(branch_a, 2)
    make_post(branch_a)  # published: not in the queue
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:post_review_queue"))
    assert list(response.context["page_obj"]) == [older, newer]
    assert "Waiting 3 days" in response.content.decode()


def test_the_queue_pages_through_45_posts_in_constant_queries(
    client, bureau_x, branch_a, django_assert_max_num_queries
):
    posts = pending_posts(branch_a, 45)
    client.force_login(bureau_x)
    url = reverse("jobs:post_review_queue")
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 20
    assert list(client.get(url, {"page": 3}).context["page_obj"]) == posts[40:]


def test_another_provinces_queue_is_empty(client, bureau_y, branch_a):
    pending_posts(branch_a, 1)
    client.force_login(bureau_y)
    response = client.get(reverse("jobs:post_review_queue"))
    assert list(response.context["page_obj"]) == []
    assert 'class="portal-empty"' in response.content.decode()


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_the_queue_is_for_bureaus_only(client, persona):
    client.force_login(persona)
    assert client.get(reverse("jobs:post_review_queue")).status_code == 404


# Reviewing a post ----------------------------------------------------------------------


def test_the_review_page_shows_the_post_and_its_history(client, bureau_x, pending_post):
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:post_review", args=[pending_post.pk]))
    content = response.content.decode()
    assert pending_post.description in content
    assert reverse("jobs:post_approve", args=[pending_post.pk]) in content
    assert "History" in content


def test_the_review_page_costs_a_constant_number_of_queries(
    client, bureau_x, post, django_assert_max_num_queries
):
    for _ in range(5):
        f.VerificationFactory(post=post, verified_by=bureau_x)
        f.PostReportFactory(post=post)
    client.force_login(bureau_x)
    with django_assert_max_num_queries(12):
        client.get(reverse("jobs:post_review", args=[post.pk]))


def test_the_bureau_approves_a_post(client, bureau_x, pending_post):
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:post_approve", args=[pending_post.pk]), {"note": ""})
    assert response["Location"] == reverse("jobs:post_review_queue")
    assert levels(response) == [SUCCESS]
    pending_post.refresh_from_db()
    assert (pending_post.status, pending_post.reviewed_by) == ("published", bureau_x)
    assert actions(pending_post) == ["job_post.approved"]


def test_the_bureau_rejects_a_post_with_a_reason(client, bureau_x, pending_post):
    client.force_login(bureau_x)
    client.post(reverse("jobs:post_reject", args=[pending_post.pk]), {"reason": "薪资与实际不符"})
    pending_post.refresh_from_db()
    assert (pending_post.status, pending_post.decision_reason) == ("rejected", "薪资与实际不符")
    assert actions(pending_post) == ["job_post.rejected"]


def test_a_rejection_without_a_reason_saves_nothing(client, bureau_x, pending_post):
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:post_reject", args=[pending_post.pk]), {"reason": ""})
    assert response.status_code == 200
    assert "Give a reason for this decision." in response.content.decode()
    pending_post.refresh_from_db()
    assert pending_post.status == "pending"
    assert actions(pending_post) == []


def test_deciding_a_published_post_shows_an_error(client, bureau_x, post):
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:post_reject", args=[post.pk]), {"reason": "重复"})
    assert response["Location"] == reverse("jobs:post_review", args=[post.pk])
    assert levels(response) == [ERROR]
    post.refresh_from_db()
    assert post.status == "published"


@pytest.mark.parametrize(
    "name, data",
    [
        ("post_approve", {}),
        ("post_reject", {"reason": "不实"}),
        ("post_verify", {"method": "phone", "result": "genuine", "verified_on": "2026-01-05"}),
    ],
)
def test_another_provinces_bureau_gets_404_and_nothing_changes(
    client, bureau_y, pending_post, name, data
):
    client.force_login(bureau_y)
    assert client.get(reverse("jobs:post_review", args=[pending_post.pk])).status_code == 404
    assert client.post(reverse(f"jobs:{name}", args=[pending_post.pk]), data).status_code == 404
    pending_post.refresh_from_db()
    assert pending_post.status == "pending"
    assert actions(pending_post) == []


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_veterans_and_enterprise_staff_cannot_review(client, persona, pending_post):
    client.force_login(persona)
    assert client.get(reverse("jobs:post_review", args=[pending_post.pk])).status_code == 404
    assert client.post(reverse("jobs:post_approve", args=[pending_post.pk])).status_code == 404
    pending_post.refresh_from_db()
    assert pending_post.status == "pending"


def test_the_ministry_reads_the_review_page_without_the_decision_forms(
    client, ministry, pending_post
):
    client.force_login(ministry)
    response = client.get(reverse("jobs:post_review", args=[pending_post.pk]))
    assert response.status_code == 200
    assert reverse("jobs:post_approve", args=[pending_post.pk]) not in response.content.decode()


# Verification --------------------------------------------------------------------------


def test_the_bureau_records_a_verification(client, bureau_x, post):
    client.force_login(bureau_x)
    data = {
        "method": "site_visit",
        "result": "genuine",
        "verified_on": "2026-01-05",
        "note": "实地走访",
    }
    response = client.post(reverse("jobs:post_verify", args=[post.pk]), data)
    assert response["Location"] == reverse("jobs:post_review", args=[post.pk])
    verification = Verification.objects.get(post=post)
    assert (verification.method, verification.result, verification.verified_by) == (
        "site_visit",
        "genuine",
        bureau_x,
    )
    assert verification.verified_on == datetime.date(2026, 1, 5)
    assert actions(post) == ["job_post.verified"]


def test_a_verification_without_a_method_saves_nothing(client, bureau_x, post):
    client.force_login(bureau_x)
    response = client.post(
        reverse("jobs:post_verify", args=[post.pk]),
        {"result": "genuine", "verified_on": "2026-01-05"},
    )
    assert response.status_code == 200
    assert "method" in response.context["verification_form"].errors
    assert not Verification.objects.exists()


def test_a_verification_dated_in_the_future_is_refused(client, bureau_x, post):
    client.force_login(bureau_x)
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    data = {"method": "phone", "result": "genuine", "verified_on": tomorrow.isoformat()}
    client.post(reverse("jobs:post_verify", args=[post.pk]), data)
    assert not Verification.objects.exists()


def test_a_pending_post_cannot_be_verified(client, bureau_x, pending_post):
    client.force_login(bureau_x)
    data = {"method": "phone", "result": "genuine", "verified_on": "2026-01-05"}
    response = client.post(reverse("jobs:post_verify", args=[pending_post.pk]), data)
    assert levels(response) == [ERROR]
    assert not Verification.objects.exists()


# Post reports --------------------------------------------------------------------------


def test_the_report_queue_lists_open_reports_oldest_first(client, bureau_x, post):
    older, newer = open_reports(post, 2)
    f.PostReportFactory(post=post, status="dismissed")
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:report_queue"))
    assert list(response.context["page_obj"]) == [older, newer]


def test_the_report_queue_pages_through_45_reports_in_constant_queries(
    client, bureau_x, post, django_assert_max_num_queries
):
    reports = open_reports(post, 45)
    client.force_login(bureau_x)
    url = reverse("jobs:report_queue")
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert len(response.context["page_obj"]) == 20
    assert list(client.get(url, {"page": 3}).context["page_obj"]) == reports[40:]


def test_the_report_queue_shows_its_empty_state(client, bureau_y, post):
    open_reports(post, 1)
    client.force_login(bureau_y)
    response = client.get(reverse("jobs:report_queue"))
    assert 'class="portal-empty"' in response.content.decode()


def test_confirming_a_report_takes_the_post_down(
    client, bureau_x, post, veteran, django_capture_on_commit_callbacks, mailoutbox
):
    f.ApplicationFactory(post=post, veteran=veteran)
    [report] = open_reports(post, 1)
    client.force_login(bureau_x)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("jobs:report_confirm", args=[report.pk]), {"note": "电话核实，岗位不存在"}
        )
    assert response["Location"] == reverse("jobs:report_queue")
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, post.status) == ("confirmed", "taken_down")
    assert actions(report) == ["post_report.confirmed"]
    assert veteran.user.email in {address for message in mailoutbox for address in message.to}


def test_dismissing_a_report_leaves_the_post_published(client, bureau_x, post):
    [report] = open_reports(post, 1)
    client.force_login(bureau_x)
    client.post(reverse("jobs:report_dismiss", args=[report.pk]), {"note": "核实无误"})
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, report.resolution_note, post.status) == (
        "dismissed",
        "核实无误",
        "published",
    )


@pytest.mark.parametrize("name", ["report_confirm", "report_dismiss"])
def test_handling_a_report_without_a_finding_saves_nothing(client, bureau_x, post, name):
    [report] = open_reports(post, 1)
    client.force_login(bureau_x)
    response = client.post(reverse(f"jobs:{name}", args=[report.pk]), {"note": " "})
    assert levels(response) == [ERROR]
    report.refresh_from_db()
    post.refresh_from_db()
    assert (report.status, post.status) == ("open", "published")


def test_handling_a_report_twice_shows_an_error(client, bureau_x, post):
    [report] = open_reports(post, 1)
    client.force_login(bureau_x)
    client.post(reverse("jobs:report_dismiss", args=[report.pk]), {"note": "核实无误"})
    response = client.post(reverse("jobs:report_confirm", args=[report.pk]), {"note": "再次"})
    assert levels(response)[-1] == ERROR
    report.refresh_from_db()
    assert report.status == "dismissed"


@pytest.mark.parametrize("name", ["report_confirm", "report_dismiss"])
def test_another_provinces_bureau_cannot_handle_a_report(client, bureau_y, post, name):
    [report] = open_reports(post, 1)
    client.force_login(bureau_y)
    assert client.post(reverse(f"jobs:{name}", args=[report.pk]), {"note": "x"}).status_code == 404
    report.refresh_from_db()
    assert report.status == "open"


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_veterans_and_enterprise_staff_cannot_handle_reports(client, persona, post):
    [report] = open_reports(post, 1)
    client.force_login(persona)
    assert client.get(reverse("jobs:report_queue")).status_code == 404
    assert (
        client.post(reverse("jobs:report_confirm", args=[report.pk]), {"note": "x"}).status_code
        == 404
    )
    report.refresh_from_db()
    assert report.status == "open"


# Follow-ups ----------------------------------------------------------------------------


@pytest.fixture
def placement(post):
    return f.PlacementFactory(
        application__post=post, started_on=timezone.localdate() - datetime.timedelta(days=40)
    )


def follow_up(placement, month, status="scheduled", **fields) -> FollowUp:
    due_on = placement.started_on + datetime.timedelta(days=30 * month)
    return f.FollowUpFactory(
        placement=placement, month=month, due_on=due_on, status=status, **fields
    )


def test_the_follow_up_list_shows_due_ones_first(client, bureau_x, placement):
    later = follow_up(placement, 3)
    due = follow_up(placement, 1, "due")
    follow_up(placement, 6, "done", outcome="employed")
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:follow_up_list"))
    assert list(response.context["page_obj"]) == [due, later]


@pytest.mark.parametrize("status, months", [("due", [1]), ("done", [6]), ("scheduled", [3])])
def test_the_follow_up_list_filters_by_status(client, bureau_x, placement, status, months):
    follow_up(placement, 1, "due")
    follow_up(placement, 3)
    follow_up(placement, 6, "done", outcome="employed")
    client.force_login(bureau_x)
    response = client.get(reverse("jobs:follow_up_list"), {"status": status})
    assert [row.month for row in response.context["page_obj"]] == months


def test_the_follow_up_list_pages_through_45_rows_in_constant_queries(
    client, bureau_x, post, django_assert_max_num_queries
):
    for _ in range(12):
        placement = f.PlacementFactory(application__post=post)
        for month in (1, 3, 6, 12):
            follow_up(placement, month, "due")
    client.force_login(bureau_x)
    url = reverse("jobs:follow_up_list")
    with django_assert_max_num_queries(6):
        response = client.get(url, {"status": "due"})
    assert response.context["page_obj"].paginator.count == 48
    assert "?status=due&amp;page=2" in response.content.decode()
    assert len(client.get(url, {"status": "due", "page": 3}).context["page_obj"]) == 8


def test_the_follow_up_list_shows_its_empty_state(client, bureau_y, placement):
    follow_up(placement, 1, "due")
    client.force_login(bureau_y)
    response = client.get(reverse("jobs:follow_up_list"))
    assert 'class="portal-empty"' in response.content.decode()


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_the_follow_ups_are_refused_to_veterans_and_enterprise_staff(client, persona):
    client.force_login(persona)
    assert client.get(reverse("jobs:follow_up_list")).status_code == 404


def test_the_bureau_records_a_follow_up(client, bureau_x, placement):
    due = follow_up(placement, 1, "due")
    client.force_login(bureau_x)
    assert "History" in client.get(reverse("jobs:follow_up_record", args=[due.pk])).content.decode()
    response = client.post(
        reverse("jobs:follow_up_record", args=[due.pk]), {"outcome": "employed", "note": "在岗稳定"}
    )
    assert response["Location"] == reverse("jobs:follow_up_list")
    due.refresh_from_db()
    assert (due.status, due.outcome, due.note, due.recorded_by) == (
        "done",
        "employed",
        "在岗稳定",
        bureau_x,
    )
    assert actions(due) == ["follow_up.recorded"]


def test_a_veteran_who_left_needs_a_reason(client, bureau_x, placement):
    due = follow_up(placement, 1, "due")
    client.force_login(bureau_x)
    response = client.post(reverse("jobs:follow_up_record", args=[due.pk]), {"outcome": "left"})
    assert "left_reason" in response.context["form"].errors
    due.refresh_from_db()
    assert due.status == "due"
    assert actions(due) == []


def test_recording_a_follow_up_twice_shows_an_error(client, bureau_x, placement):
    done = follow_up(placement, 1, "done", outcome="employed")
    client.force_login(bureau_x)
    response = client.post(
        reverse("jobs:follow_up_record", args=[done.pk]), {"outcome": "unreachable"}
    )
    assert levels(response) == [ERROR]
    done.refresh_from_db()
    assert done.outcome == "employed"


def test_another_provinces_bureau_cannot_record_a_follow_up(client, bureau_y, placement):
    due = follow_up(placement, 1, "due")
    client.force_login(bureau_y)
    url = reverse("jobs:follow_up_record", args=[due.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"outcome": "employed"}).status_code == 404
    due.refresh_from_db()
    assert due.status == "due"
