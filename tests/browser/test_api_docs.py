import pytest

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.xfail(
    strict=True,
    reason="Known defect since the schema passed 130 paths: the vendored Swagger UI draws only "
    "the first tag's operations (README, Known defects). The schema itself is complete "
    "(tests/api/test_schema.py).",
)
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
