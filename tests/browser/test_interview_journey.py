"""An interview in Chromium: enterprise staff propose two times from the applicant's page,
the veteran accepts one on the application page, and both sides see the agreed interview
(the veteran's application, the enterprise's upcoming interviews); then they exchange a
message. On a phone and a desktop, in Chinese, without sideways scrolling.

Set SHOTS_DIR to keep screenshots of the proposal and the message thread."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Interview, Message
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fits_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _at(days: int, hour: int) -> str:
    moment = timezone.localtime() + datetime.timedelta(days=days)
    return moment.replace(hour=hour, minute=30).strftime("%Y-%m-%dT%H:%M")


@pytest.fixture
def application(veteran, branch_a, hr_a):
    post = f.JobPostFactory(branch=branch_a, title="仓储物流中心叉车司机（夜班）")
    return f.ApplicationFactory(post=post, veteran=veteran, note="持有叉车操作证")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_an_interview_is_proposed_accepted_and_shown_to_both_sides(
    open_as, hr_a, veteran, application, size
):
    staff = open_as(hr_a, viewport=size)
    staff.goto(reverse("jobs:applicant_detail", args=[application.pk]))
    form = staff.get_by_test_id("interview-propose")
    form.locator("#id_slot_1").fill(_at(3, 9))
    form.locator("#id_slot_2").fill(_at(4, 14))
    form.locator("#id_place").fill("北京市朝阳区建国路 88 号 A 座 3 层人力资源部")
    form.locator("#id_contact_name").fill("王经理")
    form.locator("#id_contact_phone").fill("010-65001234")
    form.locator("#id_note").fill("请携带退役证和身份证原件。")
    with staff.expect_navigation():
        form.get_by_role("button", name="发出面试邀请").click()
    assert staff.locator(".alert-success").is_visible()
    interview = Interview.objects.get(application=application)
    assert interview.slots.count() == 2

    veteran_page = open_as(veteran.user, viewport=size)
    veteran_page.goto(reverse("jobs:application_detail", args=[application.pk]))
    assert fits_sideways(veteran_page)
    shot(veteran_page, f"interview-proposal-zh-hans-{size['width']}")
    accept = veteran_page.get_by_test_id("interview-accept")
    accept.locator("input[name=slot]").nth(1).check()
    with veteran_page.expect_navigation():
        accept.get_by_role("button", name="确认这个时间").click()
    assert veteran_page.get_by_text("面试已确认").first.is_visible()
    interview.refresh_from_db()
    assert interview.status == Interview.Status.ACCEPTED
    assert interview.chosen_slot == interview.slots.last()

    staff.goto(reverse("jobs:interview_list"))
    assert fits_sideways(staff)
    card = staff.get_by_test_id("upcoming-interview")
    assert card.count() == 1 and veteran.full_name in card.inner_text()
    assert "已确认" in card.inner_text()
    shot(staff, f"interview-list-zh-hans-{size['width']}")


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["390", "1280"])
def test_a_message_thread_between_the_enterprise_and_the_applicant(
    open_as, hr_a, veteran, application, size
):
    staff = open_as(hr_a, viewport=size)
    staff.goto(reverse("jobs:message_thread", args=[application.pk]))
    staff.locator("#id_body").fill("您好，请问下周三上午方便来面试吗？地点在建国路 88 号。")
    with staff.expect_navigation():
        staff.get_by_role("button", name="发送").click()

    veteran_page = open_as(veteran.user, viewport=size)
    veteran_page.goto(reverse("jobs:message_thread", args=[application.pk]))
    veteran_page.locator("#id_body").fill("方便的，谢谢！我会准时到。")
    with veteran_page.expect_navigation():
        veteran_page.get_by_role("button", name="发送").click()
    thread = veteran_page.get_by_test_id("thread").inner_text()
    assert "下周三上午" in thread and "准时到" in thread
    assert fits_sideways(veteran_page)
    shot(veteran_page, f"message-thread-zh-hans-{size['width']}")
    assert [m.side for m in Message.objects.order_by("pk")] == ["enterprise", "veteran"]
