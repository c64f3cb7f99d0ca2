"""In Chromium: a bureau's bulk approval on the post review queue (tick all, approve), and a
hire made at an event recorded by the enterprise then confirmed by the veteran."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobPost, OfflineHire, Placement
from tests import factories as f
from tests.browser.conftest import PHONE
from tests.jobs.conftest import actions, make_post

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_bureau_bulk_approves_the_ticked_posts(open_as, bureau_x, branch_a, hr_a):
    posts = [make_post(branch_a, JobPost.Status.PENDING, title=f"仓储管理员{n}") for n in range(3)]
    page = open_as(bureau_x)
    page.goto(reverse("jobs:post_review_queue"))
    page.check("#bulk-select-all")  # portal.js ticks every row of the page
    assert page.locator('input[name="ids"]:checked').count() == 3
    page.fill("#bulk-reason", "材料齐全，批量通过")
    with page.expect_navigation():
        page.get_by_role("button", name="批准所选").click()
    assert page.locator(".alert-success").is_visible()
    assert page.locator(".portal-empty").is_visible()
    for post in posts:
        post.refresh_from_db()
        assert post.status == JobPost.Status.PUBLISHED
        assert actions(post) == ["job_post.approved"]


def test_a_bulk_rejection_without_a_reason_is_refused_on_a_phone(open_as, bureau_x, branch_a, hr_a):
    post = make_post(branch_a, JobPost.Status.PENDING)
    page = open_as(bureau_x, viewport=PHONE)
    page.goto(reverse("jobs:post_review_queue"))
    page.check(f"#pick-{post.pk}")
    with page.expect_navigation():
        page.get_by_role("button", name="退回所选").click()
    assert page.locator(".alert-danger").is_visible()
    post.refresh_from_db()
    assert post.status == JobPost.Status.PENDING


def test_an_offline_hire_recorded_at_an_event_is_confirmed_by_the_veteran(
    open_as, hr_a, bureau_x, branch_a, veteran
):
    post = make_post(branch_a, title="园区保安")
    event = f.RecruitmentEventFactory(
        title="退役军人专场招聘会",
        organiser=bureau_x,
        starts_at=timezone.now() - datetime.timedelta(hours=4),
        ends_at=timezone.now() - datetime.timedelta(hours=1),
    )
    event.registrations.create(veteran=veteran)
    page = open_as(hr_a)
    page.goto(reverse("jobs:offline_hire_create"))
    page.select_option("#id_post", str(post.pk))
    page.check('input[name="channel"][value="event"]')
    page.select_option("#id_event", str(event.pk))
    page.fill("#id_resident_id", veteran.resident_id)
    page.fill("#id_started_on", timezone.localdate().isoformat())
    with page.expect_navigation():
        page.get_by_role("button", name="登记录用").click()
    assert page.locator(".alert-success").is_visible()
    hire = OfflineHire.objects.get()
    assert hire.status == OfflineHire.Status.PENDING

    phone = open_as(veteran.user, viewport=PHONE)
    phone.goto(reverse("accounts:inbox"))
    with phone.expect_navigation():
        phone.get_by_text("请确认您的录用").first.click()
    with phone.expect_navigation():
        phone.get_by_role("button", name="是的，我已被录用").click()
    assert phone.locator(".alert-success").is_visible()
    hire.refresh_from_db()
    placement = Placement.objects.get()
    assert (hire.status, placement.channel, placement.event) == ("confirmed", "event", event)
    assert placement.follow_ups.count() == 4
    assert event.registrations.get(veteran=veteran).attended
