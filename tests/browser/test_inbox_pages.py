"""The inbox in Chromium: the bell's count, an entry opened and marked read on the way, on
a phone and a desktop, in Chinese and English, without sideways scrolling.

Set SHOTS_DIR to keep a screenshot of each page."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from portal.accounts.models import Notification
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS_DIR")
LONG_TITLE = "您申请的“仓储物流中心叉车司机（夜班，五险一金，包食宿）”岗位状态已更新为：已面试"


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fits_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def inbox(veteran):
    f.NotificationFactory(
        user=veteran.user, title="您的申请已送达用人单位", read_at="2026-12-01T08:00Z"
    )
    f.NotificationFactory(
        user=veteran.user, title="已保存搜索“北京 保安”有 3 个新岗位", link="/jobs/saved/searches/"
    )
    return f.NotificationFactory(user=veteran.user, title=LONG_TITLE, link="/jobs/applications/")


@pytest.mark.parametrize(
    ("lang", "size"), [("zh-hans", PHONE), ("zh-hans", DESKTOP), ("en", PHONE)]
)
def test_inbox_a_veteran_follows_the_bell_and_opens_an_entry(open_as, veteran, inbox, lang, size):
    page = open_as(veteran.user, language=lang, viewport=size)
    page.goto(reverse("jobs:saved_post_list"))
    assert page.locator(".inbox-bell__count").inner_text().startswith("2")

    with page.expect_navigation():
        page.locator(".inbox-bell").click()
    assert fits_sideways(page)
    shot(page, f"inbox-{lang}-{size['width']}")

    with page.expect_navigation():
        page.get_by_role("button", name=LONG_TITLE).click()
    assert page.url.endswith("/jobs/applications/")
    inbox.refresh_from_db()
    assert inbox.read_at is not None
    assert page.locator(".inbox-bell__count").inner_text().startswith("1")


def test_inbox_marks_everything_read_and_the_bell_goes_quiet(open_as, veteran, inbox):
    page = open_as(veteran.user, viewport=PHONE)
    page.goto(reverse("accounts:inbox"))

    with page.expect_navigation():
        page.locator(f'button[formaction="{reverse("accounts:notifications_read_all")}"]').click()

    assert page.locator(".alert-success").is_visible()
    assert page.locator(".inbox-bell__count").count() == 0
    assert not Notification.objects.filter(read_at__isnull=True).exists()


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_inbox_settings_turn_an_email_off(open_as, hr_a, size):
    page = open_as(hr_a, viewport=size)
    page.goto(reverse("accounts:notification_settings"))
    assert fits_sideways(page)
    shot(page, f"inbox-settings-zh-hans-{size['width']}")

    page.get_by_label("岗位审核通过").uncheck()
    with page.expect_navigation():
        page.locator("main form button[type=submit]").click()

    assert hr_a.notification_preferences.get(kind="job_post_approved").email is False
