"""What clients get for a URL that matches nothing, and how an outage is recognised."""

import json

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.db import OperationalError
from django.test import Client
from kombu.exceptions import OperationalError as KombuOperationalError
from redis.exceptions import ConnectionError as RedisConnectionError

from portal.outages import is_outage

pytestmark = pytest.mark.django_db


def test_an_api_url_that_matches_nothing_answers_json_404(client):
    response = client.get("/api/v1/posts/abc/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 404
    assert json.loads(response.content) == {"detail": "Not found.", "code": "not_found"}


def test_a_page_url_that_matches_nothing_answers_the_html_404(client):
    response = client.get("/jobs/posts/abc/")

    assert response.status_code == 404
    assert response["Content-Type"].startswith("text/html")


@pytest.mark.parametrize(
    "error", [OperationalError("server closed"), RedisConnectionError("refused")]
)
def test_a_lost_database_or_redis_is_an_outage(error):
    assert is_outage(error)


def test_a_broker_error_wrapping_a_lost_redis_is_an_outage():
    try:
        try:
            raise RedisConnectionError("refused")
        except RedisConnectionError as cause:
            raise KombuOperationalError("cannot publish") from cause
    except KombuOperationalError as error:
        assert is_outage(error)


def test_a_programming_error_is_not_an_outage():
    assert not is_outage(ValueError("a bug"))


def test_a_page_url_that_matches_nothing_answers_the_portals_404_page_in_chinese(client):
    response = client.get("/jobs/posts/abc/", HTTP_ACCEPT_LANGUAGE="zh-hans")

    page = response.content.decode()
    assert response.status_code == 404
    assert "页面不存在" in page
    assert 'class="portal-header"' in page  # the portal's layout


def test_a_5000_character_query_answers_the_portals_414_page_in_the_visitors_language(client):
    response = client.get("/", {"q": "保" * 5000}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 414
    assert "The address is too long" in response.content.decode()
    assert 'class="portal-header"' in response.content.decode()


def test_a_5000_character_api_query_answers_json_414(client):
    response = client.get("/api/v1/posts/", {"q": "x" * 5000}, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 414
    assert json.loads(response.content)["code"] == "uri_too_long"


@pytest.mark.parametrize(
    ("raised", "status", "heading"),
    [
        (PermissionDenied, 403, "You may not open this page"),
        (SuspiciousOperation, 400, "The request could not be read"),
        (ValueError, 500, "Something went wrong on our side"),
    ],
)
def test_errors_in_a_view_answer_the_portals_page(raised, status, heading, settings):
    settings.ROOT_URLCONF = "tests.portal.error_urls"
    client = Client(raise_request_exception=False, HTTP_ACCEPT_LANGUAGE="en")

    response = client.get(f"/raise/{raised.__name__}/")

    assert response.status_code == status
    assert heading in response.content.decode()
