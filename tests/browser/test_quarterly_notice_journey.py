"""A quarterly report computed and its notices received, in Chromium: the enterprise's HR
user follows the bell to the notice, reads its figures and why it is behind its pledge,
and the bureau finds the follow-up task in its queue; on a phone and a desktop, in Chinese
and English, without sideways scrolling.

Set SHOTS_DIR to keep a screenshot of each notice."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse

from dashboards.models import PledgeFollowUp
from dashboards.quarters import Quarter
from dashboards.services import quarterly_report_compute
from tests import factories as f
from tests.browser.conftest import language_windows

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = os.environ.get("SHOTS_DIR")


def fits_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def _report_with_enterprise_a_behind(enterprise_a) -> Quarter:
    quarter = Quarter.current().previous
    moment = quarter.starts_at + datetime.timedelta(days=20)
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=1200)
    f.JobPostFactory(
        branch=f.BranchFactory(enterprise=enterprise_a, region=f.region(f.CITY_X)),
        agreement=agreement,
        openings=7,
        published_at=moment,
    )
    quarterly_report_compute(quarter=quarter)
    return quarter


@pytest.mark.parametrize(("lang", "size"), language_windows(bool(SHOTS)))
def test_quarterly_notice_received_after_the_report_is_computed(
    open_as, hr_a, bureau_x, enterprise_a, lang, size
):
    for user in (hr_a, bureau_x):
        user.language = lang
        user.save(update_fields=["language"])
    _report_with_enterprise_a_behind(enterprise_a)

    page = open_as(hr_a, language=lang, viewport=size)
    page.goto(reverse("accounts:inbox"))
    with page.expect_navigation():
        page.locator(".inbox-bell").click()
    entry = page.get_by_role("button", name="季度" if lang == "zh-hans" else "quarterly figures")
    with page.expect_navigation():
        entry.first.click()

    assert "/dashboards/notices/" in page.url
    text = page.locator("main").inner_text()
    assert ("落后于承诺进度" if lang == "zh-hans" else "Behind the pledge") in text
    assert "1,200" in text or "1200" in text
    assert fits_sideways(page)
    if SHOTS:
        page.screenshot(
            path=str(Path(SHOTS) / f"quarterly-notice-{lang}-{size['width']}.png"), full_page=True
        )

    bureau = open_as(bureau_x, language=lang, viewport=size)
    bureau.goto(reverse("dashboards:pledge_follow_up_list"))
    assert enterprise_a.name in bureau.locator("main").inner_text()
    assert fits_sideways(bureau)
    assert PledgeFollowUp.objects.filter(enterprise=enterprise_a, status="open").exists()
