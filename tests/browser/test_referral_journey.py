"""Issue 18 item 6 end to end in Chromium: a bureau officer finds a consenting veteran on
the list of veterans to refer and refers them to a post, the enterprise takes the referral
up, and hires the veteran through its pipeline. The bureau's list and the referral page fit
a phone and a desktop in Chinese.

Set SHOTS_DIR to keep a screenshot of each page."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from jobs.models import Application, Placement, Referral
from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.test_enterprise_journey import hire_through_the_pipeline, submit

pytestmark = pytest.mark.django_db(transaction=True)

SHOTS = os.environ.get("SHOTS_DIR")


def shot(page, name: str) -> None:
    if SHOTS:
        page.screenshot(path=str(Path(SHOTS) / f"{name}.png"), full_page=True)


def fits_sideways(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture
def referable(veteran):
    f.referral_consent(veteran)
    veteran.skill_links.create(skill=f.SkillFactory(code="forklift", name="叉车驾驶"))
    return veteran


def test_referral_made_by_the_bureau_taken_up_and_the_veteran_hired(
    open_as, bureau_x, hr_a, referable, branch_a
):
    post = f.JobPostFactory(branch=branch_a, title="仓储物流中心叉车司机")
    officer = open_as(bureau_x)
    officer.goto(reverse("jobs:referral_candidate_list"))
    with officer.expect_navigation():
        officer.locator(
            f'a[href="{reverse("jobs:referral_candidate_detail", args=[referable.pk])}"]'
        ).click()
    officer.select_option("select[name=post]", str(post.pk))
    officer.fill("textarea[name=note]", "退役前任汽车连班长，持叉车证。")
    with officer.expect_navigation():
        officer.locator("main form[method=post] button[type=submit]").click()
    referral = Referral.objects.get()
    assert officer.locator(
        f'a[href="{reverse("jobs:referral_detail", args=[referral.pk])}"]'
    ).is_visible()

    employer = open_as(hr_a)
    employer.goto(reverse("jobs:referral_list"))
    with employer.expect_navigation():
        employer.locator(f'a[href="{reverse("jobs:referral_detail", args=[referral.pk])}"]').click()
    submit(employer, reverse("jobs:referral_take_up", args=[referral.pk]))
    application = Application.objects.get(post=post, veteran=referable)
    hire_through_the_pipeline(employer, application)

    referral.refresh_from_db()
    assert referral.status == Referral.Status.TAKEN_UP and referral.application == application
    assert Application.objects.get().status == Application.Status.HIRED
    assert Placement.objects.filter(application=application).exists()


@pytest.mark.parametrize("size", [PHONE, DESKTOP])
def test_referral_pages_fit_in_chinese(open_as, bureau_x, hr_a, referable, branch_a, size):
    post = f.JobPostFactory(branch=branch_a, title="仓储物流中心叉车司机（夜班，五险一金，包食宿）")
    referral = f.ReferralFactory(
        veteran=referable, post=post, referred_by=bureau_x, note="退役前任汽车连班长，持叉车证。"
    )
    officer = open_as(bureau_x, viewport=size)
    officer.goto(reverse("jobs:referral_candidate_list"))
    assert fits_sideways(officer) and "就业困难" in officer.content()
    shot(officer, f"referral-list-zh-hans-{size['width']}")
    officer.goto(reverse("jobs:referral_candidate_detail", args=[referable.pk]))
    assert fits_sideways(officer)
    shot(officer, f"referral-veteran-zh-hans-{size['width']}")

    employer = open_as(hr_a, viewport=size)
    employer.goto(reverse("jobs:referral_detail", args=[referral.pk]))
    assert fits_sideways(employer) and "纳入选拔" in employer.content()
    shot(employer, f"referral-zh-hans-{size['width']}")
