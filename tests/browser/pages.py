"""Every page of every role, for the browser tests that look at all of them (the 390 px
width test) and for `make screenshots`: the GET rows of the authorisation matrix's site
table, on the matrix's world, for each role the row lets in.

A signed-in page gets the session cookie of a test client's force_login (verified for
staff by tests/conftest.py), so no page has to go through the login form."""

import re
from dataclasses import dataclass

from django.conf import settings
from django.test import Client
from playwright.sync_api import Error as PlaywrightError

from tests.matrix_fixtures import OK, ROLES, World
from tests.test_authorisation_matrix import SITE, _pattern

# Rows that are no page: probes for machines, and files (also any other answer that the
# browser takes for a download: goto() then raises "Download is starting").
NOT_PAGES = {"health", "health-live"}
FILES = ("_download", "_xlsx", "_csv", "_resume", "_json")


@dataclass(frozen=True)
class Page:
    role: str
    key: str
    url: str

    @property
    def name(self) -> str:
        """A file name: role, then the pattern with every odd character made a dash."""
        return f"{self.role}-{re.sub(r'[^A-Za-z0-9]+', '-', self.key).strip('-')}"


def every_page(world: World, roles=ROLES) -> list[Page]:
    return [
        Page(role, key, row.url(_pattern(key), world.own))
        for key, row in SITE.items()
        if "GET" in row.methods and key not in NOT_PAGES and not _pattern(key).endswith(FILES)
        for role in roles
        if row.expect[role] == OK
    ]


def sign_in(page, live_server, user) -> None:
    """Give the browser page `user`'s session (nothing for the anonymous)."""
    if user is None:
        return
    client = Client()
    client.force_login(user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}]
    )


def open_as(new_page, live_server, world: World, role: str, language: str, viewport: dict):
    page = new_page(language, viewport)
    sign_in(page, live_server, world.users.get(role))
    return page


def goto_page(page, url: str):
    """page.goto(url); None when the answer is a file, not a page."""
    try:
        response = page.goto(url)
    except PlaywrightError as error:
        if "Download is starting" in str(error):
            return None
        raise
    return response if is_html(response) or response.status >= 500 else None


def is_html(response) -> bool:
    return response is not None and "text/html" in response.headers.get("content-type", "")


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0 when it fits)."""
    return page.evaluate(
        "() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth)"
    )
