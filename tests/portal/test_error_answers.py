"""What clients get for a URL that matches nothing, and how an outage is recognised."""

import json

import pytest
from django.db import OperationalError
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
