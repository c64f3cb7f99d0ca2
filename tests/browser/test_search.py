"""A visitor searches the published posts from the home page, on a phone and a desktop."""

import datetime
import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE, language_windows

pytestmark = pytest.mark.django_db(transaction=True)


def post(title: str, **fields):
    fields.setdefault("occupation", f.occupation("3-01-01-01"))
    fields.setdefault("description", "负责日常工作。")
    return f.searchable_post(title=title, **fields)


@pytest.mark.parametrize(("language", "viewport"), language_windows())
def test_a_visitor_searches_for_security_guard_posts(new_page, language, viewport):
    post("保安")
    post("厨师")
    page = new_page(language, viewport)
    page.goto("/")

    page.fill("input[name=q]", "保安")
    with page.expect_navigation():
        page.press("input[name=q]", "Enter")

    cards = page.locator(".job-card")
    assert cards.count() == 1
    assert "保安" in cards.first.inner_text()
    assert page.locator("#search-filters").is_visible() == (viewport == DESKTOP)


def test_a_phone_opens_the_filters_and_filters_by_province(new_page):
    post("保安", branch=f.BranchFactory(region=f.region("310100")))
    post("保安", branch=f.BranchFactory(region=f.region("110100")))
    page = new_page("zh-hans", PHONE)
    page.goto("/?q=保安")

    page.get_by_role("button", name="筛选").click()
    # Opened, not opening: during Bootstrap's collapse transition the panel is clipped.
    expect(page.locator("#search-filters")).to_have_class(re.compile(r"\bshow\b"))
    page.select_option("select[name=province]", "310000")  # nothing happens yet
    with page.expect_navigation():
        page.get_by_role("button", name="应用筛选").click()

    assert page.locator(".job-card").count() == 1
    assert "province=310000" in page.url


def test_more_posts_load_below_the_first_page(new_page):
    now = timezone.now()
    for n in range(23):
        post(f"保安{n}", published_at=now - datetime.timedelta(hours=n))
    page = new_page("en", DESKTOP)
    page.goto("/?q=保安&sort=date")

    page.get_by_role("link", name="More posts").click()

    page.locator(".job-card").nth(22).wait_for()
    assert page.locator(".job-card").count() == 23
    assert page.locator(".job-card").nth(22).inner_text().startswith("保安22")


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_search_placeholder_is_not_cut_off_on_a_phone(new_page, language):
    page = new_page(language, PHONE)
    page.goto("/")

    # The placeholder's width in the box's own font against the room inside the box.
    room, needed = page.eval_on_selector(
        "input[name=q]",
        """box => {
            const style = getComputedStyle(box);
            const context = document.createElement("canvas").getContext("2d");
            context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
            const padding = parseFloat(style.paddingLeft) + parseFloat(style.paddingRight);
            return [box.clientWidth - padding, context.measureText(box.placeholder).width];
        }""",
    )

    assert needed <= room


def test_the_results_say_how_many_posts_match_and_in_what_order(new_page):
    post("保安")
    post("保安队长")
    post("厨师")
    page = new_page("zh-hans", PHONE)
    page.goto("/?q=保安")

    assert page.locator("#results-title").inner_text() == "与“保安”最匹配的岗位"
    assert page.locator("#results-count").inner_text() == "共2个岗位"
