"""Doors to the same service: the page (a Django test client) and the API (DRF's client),
both signed in as the same person and asking in Chinese, the portal's first language.

``refusal(...)`` sends one request through a door and answers what the person was told:
the page's error message (after its redirect) or the form's error above the fields, and the
API's ``detail``, with the status code. A parity test sends the same request through both
doors and checks that both refuse, with the same sentence, and that nothing was written
(``tests.matrix_fixtures.snapshot``: every table the workflows write, the trail included).
"""

import re
from dataclasses import dataclass

import pytest
from django.contrib.messages import ERROR, get_messages
from django.test import Client
from rest_framework.test import APIClient

from tests.matrix_fixtures import snapshot

LANGUAGE = "zh-hans"
CJK = re.compile(r"[\u4e00-\u9fff]")


@dataclass(frozen=True)
class Answer:
    status: int
    reason: str


def _page_reason(response) -> str:
    errors = [m.message for m in get_messages(response.wsgi_request) if m.level == ERROR]
    if errors:
        return " ".join(str(e) for e in errors)
    form = (response.context or {}).get("form") if response.status_code == 200 else None
    if form is not None and form.non_field_errors():
        return " ".join(form.non_field_errors())
    return ""


@pytest.fixture
def page():
    """page(user, method, url, data) -> Answer: what a page told the user."""

    def send(user, method: str, url: str, data=None) -> Answer:
        client = Client(headers={"Accept-Language": LANGUAGE})
        client.force_login(user)
        response = getattr(client, method)(url, data or {})
        return Answer(response.status_code, _page_reason(response))

    return send


@pytest.fixture
def api():
    """api(user, method, url, data) -> Answer: what the API answered."""

    def send(user, method: str, url: str, data=None) -> Answer:
        client = APIClient(HTTP_ACCEPT_LANGUAGE=LANGUAGE)
        client.force_login(user)
        response = getattr(client, method)(url, data or {}, format="json")
        body = response.json() if response.content else {}
        detail = body.get("detail", "") if isinstance(body, dict) else ""
        return Answer(response.status_code, str(detail))

    return send


@pytest.fixture
def both(page, api):
    """both(user, (method, page url, data), (method, API url, data)) -> (page, api), each
    sent from the same state: the database is checked unchanged after each."""

    def send(user, on_page: tuple, on_api: tuple) -> tuple[Answer, Answer]:
        before = snapshot()
        from_page = page(user, *on_page)
        assert snapshot() == before, "the page wrote something while refusing"
        from_api = api(user, *on_api)
        assert snapshot() == before, "the API wrote something while refusing"
        return from_page, from_api

    return send


def assert_same_refusal(from_page: Answer, from_api: Answer) -> None:
    print(f"page: {from_page}\napi:  {from_api}")  # shown when a case fails
    """Both doors refuse with the same sentence, in the user's language; the API with a 4xx
    (a page tells it after a redirect, or above the form it shows again)."""
    assert 400 <= from_api.status < 500, from_api
    if from_api.status == 404:
        # Out of the user's scope: neither door tells more than "not found".
        assert from_page.status == 404, from_page
        assert CJK.search(from_api.reason), f"not in the user's language: {from_api.reason}"
        return
    assert from_page.status in (200, 302), from_page
    assert from_api.reason and from_page.reason == from_api.reason, (from_page, from_api)
    assert CJK.search(from_api.reason), f"not in the user's language: {from_api.reason}"
