import pytest

from tests import factories as f
from tests.browser.conftest import DESKTOP, PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_a_visitor_sees_published_posts_in_chinese(new_page, viewport):
    f.JobPostFactory(title="保安")
    page = new_page("zh-hans", viewport)

    page.goto("/")

    assert page.locator("html").get_attribute("lang") == "zh-CN"
    assert page.get_by_text("保安").first.is_visible()


def test_a_visitor_switches_the_portal_to_english(new_page):
    page = new_page("zh-hans")
    page.goto("/")
    page.select_option("select[name=language]", "en")  # nothing happens yet

    with page.expect_navigation():
        page.get_by_role("button", name="切换").click()

    assert page.locator("html").get_attribute("lang") == "en"


def test_the_language_menu_names_each_language_in_itself_and_waits_for_its_button(new_page):
    page = new_page("zh-hans")
    page.goto("/")
    menu = page.locator("select[name=language]")

    menu.focus()
    page.keyboard.press("ArrowDown")
    page.wait_for_timeout(500)

    assert menu.locator("option").all_inner_texts() == ["简体中文", "English"]
    assert page.locator("html").get_attribute("lang") == "zh-CN"
