import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_swagger_ui_works_from_our_own_server_alone(new_page, live_server):
    page = new_page("en", PHONE)
    requested, failed = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")

    assert page.locator(".opblock").count() > 50
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    assert failed == []
