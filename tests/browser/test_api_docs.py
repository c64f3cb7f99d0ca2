import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PHONE

pytestmark = pytest.mark.django_db(transaction=True)

METHODS = {"get", "put", "post", "delete", "options", "head", "patch", "trace"}

# Swagger UI (5.33 on) keeps only the operations near the viewport in the DOM once tags and
# operations reach 150 rows, so the page is walked down half a screen at a time and every
# operation drawn on the way is collected.
WALK_DOWN_THE_PAGE = """async () => {
  const seen = new Set();
  const collect = () => document.querySelectorAll(".opblock").forEach((op) => seen.add(op.id));
  const frames = () => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  let last = -1;
  while (window.scrollY !== last) {
    last = window.scrollY;
    collect();
    window.scrollBy(0, window.innerHeight / 2);
    await frames();
  }
  collect();
  return [...seen];
}"""


def operations_by_tag(page):
    schema = page.request.get("/api/v1/schema/?format=json").json()
    tags = {}
    for item in schema["paths"].values():
        for method, operation in item.items():
            if method in METHODS:
                for tag in operation["tags"]:
                    tags[tag] = tags.get(tag, 0) + 1
    return tags


def test_the_swagger_ui_works_from_our_own_server_alone(new_page, live_server):
    page = new_page("en", PHONE)
    requested, failed = [], []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: failed.append(request.url))

    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")
    drawn = page.evaluate(WALK_DOWN_THE_PAGE)

    assert len(set(drawn)) == sum(operations_by_tag(page).values()) > 100
    assert [url for url in requested if not url.startswith(live_server.url)] == []
    assert failed == []


def test_the_swagger_ui_filters_the_operations_by_tag(new_page, live_server):
    page = new_page("en", PHONE)
    page.goto("/api/v1/docs/")
    page.wait_for_selector(".opblock")

    page.fill(".operation-filter-input", "verifications")

    expect(page.locator(".opblock-tag")).to_have_count(1)
    expect(page.locator(".opblock-tag")).to_have_attribute("data-tag", "verifications")
    expect(page.locator(".opblock")).to_have_count(operations_by_tag(page)["verifications"])
