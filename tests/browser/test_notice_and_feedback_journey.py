"""Issue 20 items 2 and 4 end to end in Chromium: a bureau officer drafts a notice,
publishes it after the confirmation, and a visitor finds it by a Chinese word of its text
and opens it; a veteran answers the questions put after a follow-up, and the bureau and
the ministry see the answer in the aggregate (without the veteran's name). The pages fit a
phone and a desktop.

Set SHOTS_DIR to keep a screenshot of each page."""

import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import Feedback, FollowUp, Notice
from jobs.services import follow_up_record
from portal.accounts.models import Notification
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fits_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_notice_board_published_by_the_bureau_and_found_by_search(open_as, new_page, bureau_x):
    officer = open_as(bureau_x)
    officer.goto(reverse("jobs:notice_create"))
    officer.check("input[name=kind][value=policy]")
    officer.fill("input[name=title]", "北京市退役军人创业担保贷款贴息办法")
    officer.fill("textarea[name=body]", "符合条件的退役军人创办小微企业，可申请创业担保贷款贴息。")
    officer.fill("input[name=tags]", "创业，贷款")
    officer.fill("input[name=effective_from]", timezone.localdate().isoformat())
    with officer.expect_navigation():
        officer.locator("main form[method=post] button[type=submit]").click()
    notice = Notice.objects.get()
    assert notice.status == "draft"
    with officer.expect_navigation():  # the confirmation dialog is accepted
        officer.locator(
            f'form[action="{reverse("jobs:notice_publish", args=[notice.pk])}"] button'
        ).click()
    notice.refresh_from_db()
    assert notice.status == "published"

    for language, viewport in (("zh-hans", PHONE), ("en", DESKTOP)):
        visitor = new_page(language, viewport)
        visitor.goto(reverse("jobs:notice_list"))
        visitor.fill("input[name=q]", "贴息")
        with visitor.expect_navigation():
            visitor.locator("main form[role=search] button[type=submit]").click()
        link = visitor.locator(f'a[href="{reverse("jobs:notice_detail", args=[notice.pk])}"]')
        assert link.count() == 1
        assert fits_sideways(visitor)
        shot(visitor, f"notices-{language}-{viewport['width']}")
        with visitor.expect_navigation():
            link.click()
        assert "创业担保贷款贴息" in visitor.locator("main").inner_text()
        assert fits_sideways(visitor)


def test_feedback_answered_by_the_veteran_and_seen_in_the_aggregate(
    open_as, veteran, bureau_x, ministry, branch_a
):
    post = f.JobPostFactory(branch=branch_a, title="仓储物流中心叉车司机")
    placement = f.PlacementFactory(application__post=post, application__veteran=veteran)
    follow_up = f.FollowUpFactory(placement=placement, status=FollowUp.Status.DUE)
    follow_up_record(follow_up=follow_up, recorder=bureau_x, outcome="employed")
    feedback = Feedback.objects.get()

    page = open_as(veteran.user, viewport=PHONE)
    page.goto(reverse("accounts:inbox"))
    entry = Notification.objects.get(user=veteran.user, kind="feedback_requested")
    assert page.locator("main").get_by_text(entry.title).count() >= 1
    page.goto(reverse("jobs:feedback_answer", args=[feedback.pk]))
    assert fits_sideways(page)
    shot(page, "feedback-form-zh-hans-390")
    page.check("input[name=score_1][value='4']")
    page.check("input[name=score_2][value='2']")
    page.fill("textarea[name=comment]", "加班比招聘时说的多。")
    with page.expect_navigation():
        page.locator("main form[method=post]:not([action]) button[type=submit]").click()
    feedback.refresh_from_db()
    assert (feedback.status, feedback.score_1, feedback.score_2) == ("answered", 4, 2)

    for regulator in (bureau_x, ministry):
        officer = open_as(regulator, language="en")
        officer.goto(reverse("jobs:feedback_summary"))
        table = officer.locator("main table").inner_text()
        assert "甲企业集团有限公司" in table and "4.0" in table and "2.0" in table
        main = officer.locator("main").inner_text()
        assert "加班比招聘时说的多。" in main and veteran.full_name not in main
        assert fits_sideways(officer)
