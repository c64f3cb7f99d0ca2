"""A veteran's whole journey in the browser: sign up, confirm the e-mail, fill the profile,
search with a two-character word, apply, see the application, withdraw it.

Set SHOTS_DIR to keep a screenshot of every page on the way.
"""

import datetime
import os
import re
import time
from pathlib import Path

import pytest
from django.core import mail

from demo.identifiers import make_resident_id
from jobs.models import Application
from jobs.search import index_post
from portal.reference.loading import load_reference_data
from portal.reference.models import MilitarySpecialty
from tests import factories as f
from tests.browser.conftest import language_windows

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "Lao-Bing-2026!"
SHOTS = os.environ.get("SHOTS_DIR")


@pytest.fixture(autouse=True)
def _private_files(settings, tmp_path):
    settings.PRIVATE_STORAGE_ROOT = tmp_path / "private"


@pytest.fixture
def reference_data(db):
    # A transactional test empties every table afterwards, the migration's code lists too.
    load_reference_data()


@pytest.fixture
def forklift_post(reference_data):
    enterprise = f.EnterpriseFactory(name="中国物流集团有限公司", hq_region=f.region(f.CITY_X))
    branch = f.BranchFactory(enterprise=enterprise, name="北京分公司", region=f.region(f.CITY_X))
    post = f.JobPostFactory(
        branch=branch,
        title="叉车司机",
        description="负责仓库货物装卸与叉车驾驶，持有叉车操作证优先。",
        occupation=f.occupation("4-02-02-02"),
    )
    index_post(post)
    return post


class Journey:
    def __init__(self, page, name: str):
        self.page, self.name, self.step = page, name, 0

    def shot(self, what: str) -> None:
        if SHOTS:
            self.step += 1
            path = Path(SHOTS) / f"journey-{self.name}-{self.step:02d}-{what}.png"
            self.page.screenshot(path=str(path), full_page=True)

    def next_step(self, what: str) -> None:
        self.shot(what)
        with self.page.expect_navigation():
            self.page.click("[data-testid=wizard-next]")


def wait_for_mail(count: int = 1, seconds: float = 5.0):
    deadline = time.monotonic() + seconds
    while len(mail.outbox) < count and time.monotonic() < deadline:
        time.sleep(0.05)
    return mail.outbox[count - 1]


def sign_up_and_log_in(journey: Journey, username: str) -> None:
    page = journey.page
    page.goto("/accounts/signup/")
    page.fill("input[name=username]", username)
    page.fill("input[name=email]", f"{username}@example.com")
    page.fill("input[name=password1]", PASSWORD)
    page.fill("input[name=password2]", PASSWORD)
    journey.shot("signup")
    with page.expect_navigation():
        page.click("main form button[type=submit]")
    journey.shot("signup-done")
    link = re.search(r"/accounts/verify/\S+/", wait_for_mail().body).group(0)
    page.goto(link)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    journey.shot("login")
    with page.expect_navigation():
        page.click("main form button[type=submit]")


def fill_profile(journey: Journey, resident_id: str) -> None:
    page = journey.page
    journey.shot("consent")
    with page.expect_navigation():
        page.click("[data-testid=consent-agree]")
    page.fill("input[name=full_name]", "王强")
    page.fill("input[name=resident_id]", resident_id)
    page.fill("input[name=phone]", "13912345678")
    page.select_option("select[name=province]", "130000")
    # htmx swaps in the cities of Hebei; Shijiazhuang is 130100.
    page.wait_for_selector("select[name=home_region] option[value='130100']", state="attached")
    # A selector, not wait_for_function: that evaluates a string, which the CSP refuses.
    page.wait_for_selector("select[name=home_region] option[value='110100']", state="detached")
    page.select_option("select[name=home_region]", "130100")
    journey.next_step("identity")
    specialty = MilitarySpecialty.objects.get(code="vehicle-driving")
    page.select_option("select[name=service_branch]", "army")
    page.select_option("select[name=rank_category]", "nco")
    page.fill("input[name=years_of_service]", "5")
    page.fill("input[name=discharge_date]", "2024-09-01")
    page.select_option("select[name=military_specialty]", str(specialty.pk))
    journey.next_step("service")
    page.select_option("select[name=education]", "3")
    journey.next_step("education")
    page.locator("input[name=skills]:not([disabled])").first.check()
    journey.next_step("skills")
    page.fill("input[name=desired_salary]", "8000")
    page.check("input[name=willing_to_relocate]")
    journey.next_step("preferences")
    journey.shot("profile")


def search_and_apply(journey: Journey, post) -> None:
    page = journey.page
    page.goto("/")
    page.fill("input[name=q]", "叉车")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")
    journey.shot("search")
    with page.expect_navigation():
        page.click(f"a[href='/jobs/posts/{post.pk}/']")
    page.fill("textarea[name=note]", "持有叉车操作证，可随时到岗。")
    journey.shot("post")
    with page.expect_navigation():
        page.click("[data-testid=apply-submit]")
    journey.shot("applied")


def withdraw(journey: Journey) -> None:
    page = journey.page
    menu = page.locator(".portal-menu-button")
    if menu.is_visible():  # on a phone the navigation is folded into the menu
        menu.click()
    with page.expect_navigation():
        page.click("nav.portal-nav a[href='/jobs/applications/']")
    journey.shot("applications")
    with page.expect_navigation():
        page.click(".job-card__title a")
    page.once("dialog", lambda dialog: dialog.accept())
    with page.expect_navigation():
        page.click("[data-testid=withdraw]")
    journey.shot("withdrawn")


@pytest.mark.parametrize(("language", "viewport"), language_windows(bool(SHOTS)))
def test_a_veteran_signs_up_fills_the_profile_applies_and_withdraws(
    new_page, forklift_post, language, viewport
):
    username = f"wq_{language.replace('-', '')}_{viewport['width']}"
    journey = Journey(new_page(language, viewport), f"{language}-{viewport['width']}")
    resident_id = make_resident_id("130102", datetime.date(1990, 5, 17), viewport["width"] % 997)

    sign_up_and_log_in(journey, username)
    fill_profile(journey, resident_id)
    search_and_apply(journey, forklift_post)

    application = Application.objects.get(veteran__user__username=username)
    assert (application.post, application.status) == (forklift_post, "submitted")
    assert journey.page.locator("[data-testid=timeline] li").count() == 1

    withdraw(journey)

    application.refresh_from_db()
    assert application.status == Application.Status.WITHDRAWN
    assert journey.page.locator("[data-testid=timeline] li").count() == 2
    assert journey.page.locator("[data-testid=withdraw]").count() == 0
