"""Every page of every role fits a 390 px phone in both languages: the page is never wider
than the window (a wide table scrolls in its own box, chips wrap, the header folds).

The same walk writes the screenshot gallery (`make screenshots`: SCREENSHOTS_DIR set)."""

import os
from pathlib import Path

import pytest

from jobs import services
from tests.browser.conftest import DESKTOP, PHONE
from tests.browser.pages import every_page, goto_page, horizontal_overflow, open_as
from tests.matrix_fixtures import ROLES, build_world, remove_files

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]
LANGUAGES = ("zh-hans", "en")
SCREENSHOTS_DIR = os.environ.get("SCREENSHOTS_DIR", "")


@pytest.fixture
def world(db):
    """The matrix's world, and a matching run: recommendations and candidates to show."""
    world = build_world()
    services.matching_run_start()  # eager in the tests
    yield world
    remove_files(world)


def walk(new_page, live_server, world, language: str, viewport: dict, visit) -> list[str]:
    """Open every page of every role; `visit(page, entry)` returns what is wrong, if anything."""
    problems = []
    for role in ROLES:
        browser_page = open_as(new_page, live_server, world, role, language, viewport)
        for entry in every_page(world, roles=(role,)):
            response = goto_page(browser_page, entry.url)
            if response is None:
                continue  # a file
            if response.status >= 500:
                problems.append(f"{entry.url} as {role}: {response.status}")
            else:
                problems.extend(visit(browser_page, entry))
        browser_page.context.close()
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_of_every_role_fits_a_phone(new_page, live_server, world, language):
    def too_wide(page, entry):
        extra = horizontal_overflow(page)
        return [f"{entry.url} as {entry.role}: {extra} px too wide"] if extra else []

    assert walk(new_page, live_server, world, language, PHONE, too_wide) == []


@pytest.mark.skipif(not SCREENSHOTS_DIR, reason="make screenshots sets SCREENSHOTS_DIR")
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("viewport", [PHONE, DESKTOP], ids=["390", "1280"])
def test_screenshots_of_every_page(new_page, live_server, world, language, viewport):
    folder = Path(SCREENSHOTS_DIR) / f"{viewport['width']}-{language}"
    folder.mkdir(parents=True, exist_ok=True)

    def shoot(page, entry):
        page.screenshot(path=folder / f"{entry.name}.png", full_page=True)
        return []

    assert walk(new_page, live_server, world, language, viewport, shoot) == []
