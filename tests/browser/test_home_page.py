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

    with page.expect_navigation():
        page.select_option("select[name=language]", "en")

    assert page.locator("html").get_attribute("lang") == "en"
