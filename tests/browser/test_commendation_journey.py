"""Issue #19 (items 3 and 5) in Chromium: the portal proposes an enterprise for the quarter's
commendation list, the ministry confirms it with a note on its page, and a visitor who is
not signed in sees the badge in the public directory and the commendation on the
enterprise's public page. Then the public batch page, the directory, an enterprise's page and
the ministry's list at 390 and 1280 px in both languages: nothing wider than the window
(and, with PUBLIC_SCREENSHOTS_DIR set, their screenshots)."""

import datetime
import os
from pathlib import Path

import pytest
from django.urls import reverse
from django.utils import timezone

from dashboards.commendations import commendations_propose
from dashboards.models import EnterpriseQuarter
from dashboards.quarters import Quarter
from enterprises.models import Agreement, Commendation
from jobs.models import Verification
from tests import factories as f
from tests.browser.conftest import DESKTOP, language_windows
from tests.browser.pages import horizontal_overflow

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = os.environ.get("PUBLIC_SCREENSHOTS_DIR", "")
QUARTER = Quarter.current().previous
ENTERPRISES = (
    ("中国安能建设集团有限公司", "central_soe", "E", f.CITY_X, "training", 1200),
    ("北京首都机场物业管理有限公司", "local_soe", "K", f.CITY_X, "service", 300),
    ("上海浦东发展银行股份有限公司", "financial", "J", f.CITY_Y, "industry", 800),
    ("顺丰速运有限公司", "private", "G", f.CITY_Y, "regional", 2000),
)


def _regions():
    beijing, shanghai = f.region(f.PROVINCE_X), f.region(f.PROVINCE_Y)
    beijing.name, beijing.name_en = "北京市", "Beijing"
    shanghai.name, shanghai.name_en = "上海市", "Shanghai"
    for region in (beijing, shanghai):
        region.save()
    for code, name, english in ((f.CITY_X, "北京市", "Beijing"), (f.CITY_Y, "上海市", "Shanghai")):
        city = f.region(code)
        city.name, city.name_en = name, english
        city.save()


def _industries():
    names = {
        "E": ("建筑业", "Construction"),
        "K": ("房地产业", "Real estate"),
        "J": ("金融业", "Finance"),
        "G": ("交通运输、仓储和邮政业", "Transport, storage and postal services"),
    }
    for code, (name, english) in names.items():
        industry = f.industry(code)
        industry.name, industry.name_en = name, english
        industry.save()


@pytest.fixture
def world(ministry):
    _regions()
    _industries()
    batch = f.BatchFactory(
        number=3,
        name="第三批退役军人就业合作企业",
        released_on=timezone.localdate() - datetime.timedelta(days=30),
        description="退役军人事务部会同有关部门遴选确定第三批退役军人就业合作企业，共承诺提供就业岗位。",
    )
    enterprises = []
    for name, ownership, industry, city, mode, pledged in ENTERPRISES:
        enterprise = f.EnterpriseFactory(
            name=name,
            ownership=ownership,
            industry=f.industry(industry),
            hq_region=f.region(city),
            description=f"{name}积极吸纳退役军人就业，设有专门的招聘渠道和岗前培训。",
            website="https://www.example.cn",
        )
        f.AgreementFactory(
            enterprise=enterprise, batch=batch, cooperation_mode=mode, pledged_posts=pledged
        )
        branch = f.BranchFactory(enterprise=enterprise, name=f"{name[:4]}北京分公司")
        for title in ("安保主管", "仓储管理员", "驾驶员"):
            post = f.JobPostFactory(branch=branch, title=title, salary_min=6000, salary_max=9000)
        f.VerificationFactory(post=post, result=Verification.Result.GENUINE)
        enterprises.append(enterprise)
    commended = enterprises[0]
    figures = {
        "pledged": 1200,
        "pledge_expected": 400.0,
        "pledge_published": 520,
        "posts_published": 40,
        "posts_verified_genuine": 30,
        "recorded_6": 12,
        "employed_6": 11,
        "reports_confirmed": 0,
    }
    EnterpriseQuarter.objects.create(
        enterprise=commended, year=QUARTER.year, quarter=QUARTER.number, figures=figures
    )
    commendations_propose(quarter=QUARTER)
    return {"batch": batch, "commended": commended, "ministry": ministry}


def test_the_ministry_confirms_a_proposed_commendation_and_a_visitor_sees_it(
    open_as, new_page, world
):
    commended = world["commended"]
    proposal = Commendation.objects.get(enterprise=commended, kind="commendation")
    assert proposal.status == "proposed"

    ministry = open_as(world["ministry"])
    ministry.goto(reverse("dashboards:commendation_list"))
    card = ministry.locator(f'article[data-entry="{proposal.pk}"]')
    assert commended.name in card.inner_text()
    card.locator("input[name=note]").fill("岗位兑现及时，核实比例高，予以表扬。")
    with ministry.expect_navigation():
        card.locator("button[type=submit]", has_text="确认").click()
    assert "列入名单" in ministry.locator(".alert-success").inner_text()
    proposal.refresh_from_db()
    assert proposal.status == "confirmed"

    visitor = new_page("zh-hans", DESKTOP)
    visitor.goto(reverse("cooperation:directory"))
    badge = visitor.locator(f'article[data-enterprise="{commended.pk}"] .commendation-badge')
    assert badge.inner_text().strip() == f"{QUARTER.year} 年第 {QUARTER.number} 季度受表扬"
    with visitor.expect_navigation():
        visitor.get_by_role("link", name=commended.name).click()
    assert "岗位兑现及时，核实比例高，予以表扬。" in visitor.content()
    assert visitor.locator(".commendation-badge").count() == 2  # the heading's and the list's


@pytest.mark.parametrize(("language", "viewport"), language_windows(bool(SCREENSHOTS)))
def test_the_public_pages_and_the_commendation_list_fit_the_window(
    open_as, new_page, world, language, viewport
):
    entry = Commendation.objects.get(enterprise=world["commended"], kind="commendation")
    entry.status, entry.note = Commendation.Status.CONFIRMED, "岗位兑现及时，核实比例高，予以表扬。"
    entry.save()
    Commendation.objects.create(
        enterprise=world["commended"].__class__.objects.get(name=ENTERPRISES[3][0]),
        kind="warning",
        year=QUARTER.year,
        quarter=QUARTER.number,
        period_ends_on=QUARTER.last_day,
    )
    pages = {
        "batch": (new_page(language, viewport), reverse("cooperation:batch", args=[3])),
        "directory": (new_page(language, viewport), reverse("cooperation:directory")),
        "enterprise": (
            new_page(language, viewport),
            reverse("cooperation:enterprise", args=[world["commended"].pk]),
        ),
        "commendations": (
            open_as(world["ministry"], language, viewport),
            reverse("dashboards:commendation_list") + "?kind=warning",
        ),
    }
    too_wide = {}
    for name, (page, url) in pages.items():
        page.goto(url)
        too_wide[name] = horizontal_overflow(page)
        if SCREENSHOTS:
            folder = Path(SCREENSHOTS)
            folder.mkdir(parents=True, exist_ok=True)
            path = folder / f"{name}-{viewport['width']}-{language}.png"
            page.screenshot(path=str(path), full_page=True)
    assert too_wide == dict.fromkeys(pages, 0)
    assert Agreement.objects.count() == len(ENTERPRISES)
