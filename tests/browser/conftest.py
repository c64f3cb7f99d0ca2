"""Playwright driving Debian's Chromium against the live test server.

Playwright's own browser download cannot work here (closed network): the tests launch
/usr/bin/chromium. Playwright's sync API runs an event loop in the test thread, so the
ORM calls that tests make between page steps need DJANGO_ALLOW_ASYNC_UNSAFE.
"""

import os

import pytest
from django.conf import settings
from django.test import Client
from playwright.sync_api import expect, sync_playwright

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE, DESKTOP = {"width": 390, "height": 844}, {"width": 1280, "height": 900}


def language_windows(every: bool = False) -> list:
    """(language, viewport) parameters of a journey or a "fits the window" check: Chinese on
    a phone and English on a desktop, so that each test sees both languages and both
    widths; ``every`` (a screenshot folder is set) gives all four, for the gallery. Every
    page in English on a phone is tests/browser/test_page_widths.py's."""
    pairs = [("zh-hans", PHONE), ("en", DESKTOP)]
    if every:
        pairs = [
            (language, viewport) for language in ("zh-hans", "en") for viewport in (PHONE, DESKTOP)
        ]
    return [
        pytest.param(language, viewport, id=f"{language}-{viewport['width']}")
        for language, viewport in pairs
    ]


# How long a step may wait for the page (a navigation, an element to appear). Not a speed
# check (speed is measured in benchmarks): in the full suite the other xdist worker, the live
# server, PostgreSQL and Chromium share two cores, and a page has taken over 10 s to arrive.
STEP_TIMEOUT_MS = 30_000
expect.set_options(timeout=STEP_TIMEOUT_MS)


# Module scope: Playwright's sync API keeps an event loop running in the test thread while
# it is open, which breaks later tests of async views (AsyncToSync refuses a running loop).
@pytest.fixture(scope="module")
def browser():
    # Taken back afterwards: subprocesses of later tests (manage.py check --deploy) inherit it.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
            yield browser
            browser.close()
    finally:
        os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)


@pytest.fixture
def new_page(browser, live_server):
    """new_page(language="zh-hans", viewport=DESKTOP) -> a page whose base URL is the server."""
    contexts = []

    def make(language: str = "zh-hans", viewport: dict = DESKTOP):
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            locale=language,
            extra_http_headers={"Accept-Language": language},
        )
        context.set_default_timeout(STEP_TIMEOUT_MS)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


@pytest.fixture
def open_as(new_page, live_server):
    """open_as(user) -> a page logged in as ``user`` (session cookie, no login form), which
    accepts the confirmation dialogs of data-confirm forms unless told not to."""

    def make(user, language="zh-hans", viewport: dict = DESKTOP, accept_dialogs=True):
        client = Client()
        client.force_login(user)
        page = new_page(language, viewport)
        session = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookie = {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": live_server.url}
        page.context.add_cookies([cookie])
        if accept_dialogs:
            page.on("dialog", lambda dialog: dialog.accept())
        return page

    return make
