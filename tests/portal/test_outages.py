"""With PostgreSQL or Redis down, pages answer 503 quickly and recover by themselves.

gunicorn runs the portal against a private Redis and, for PostgreSQL, a proxy the test can
close; nothing is restarted but the server that went away.
"""

import json
import time

import pytest
import redis
from django.db import connection

from tests.servers import TcpProxy, database_url, fetch, gunicorn, private_redis

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

QUICK_SECONDS = 3
# Visitors' pages are kept a minute in each process (portal/pagecache.py): every fetch below
# asks for a search not asked before, so the page needs the servers.
BEFORE, DURING, AFTER = "/?q=guard", "/?q=driver", "/?q=electrician"


def timed_fetch(url, **kwargs):
    started = time.monotonic()
    status, body = fetch(url, **kwargs)
    return status, body, time.monotonic() - started


@pytest.fixture
def database_proxy():
    proxy = TcpProxy(int(connection.settings_dict["PORT"] or 5432))
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture
def portal(database_proxy):
    with private_redis() as redis_server:
        with gunicorn(
            database_url=database_url(database_proxy.port), redis_url=redis_server.url
        ) as base:
            yield base, redis_server, database_proxy


def test_pages_answer_503_quickly_while_redis_is_down_and_recover_after(portal):
    base, redis_server, _ = portal
    assert fetch(base + BEFORE)[0] == 200

    redis_server.stop()
    status, body, seconds = timed_fetch(base + DURING)

    assert (status, seconds < QUICK_SECONDS) == (503, True)
    assert "服务暂时不可用" in body and "Traceback" not in body
    redis_server.start()
    assert fetch(base + AFTER)[0] == 200


def test_pages_answer_503_quickly_while_postgresql_is_down_and_recover_after(portal):
    base, _, proxy = portal
    assert fetch(base + BEFORE, language="en")[0] == 200

    proxy.stop()
    status, body, seconds = timed_fetch(base + DURING, language="en")

    assert (status, seconds < QUICK_SECONDS) == (503, True)
    assert "Service temporarily unavailable" in body and "Traceback" not in body
    proxy.start()
    assert fetch(base + AFTER, language="en")[0] == 200


def test_the_api_answers_a_503_in_json_while_postgresql_is_down(portal):
    base, _, proxy = portal
    proxy.stop()

    # The token is looked up in the database.
    status, body = fetch(
        base + "/api/v1/posts/", accept="application/json", Authorization="Token 0123456789"
    )

    assert status == 503
    assert json.loads(body)["code"] == "service_unavailable"


@pytest.fixture
def full_redis(settings):
    """The cache on a Redis at its maxmemory under noeviction: every write is refused."""
    with private_redis() as server:
        settings.CACHES = {
            **settings.CACHES,
            "default": {**settings.CACHES["default"], "LOCATION": server.url},
        }
        redis.Redis.from_url(server.url).config_set("maxmemory", 1)
        yield server


def test_a_full_redis_answers_503_with_the_message_not_500(client, full_redis):
    response = client.post(
        "/accounts/verify/resend/", {"email": "someone@example.com"}, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 503
    assert "Service temporarily unavailable" in response.content.decode()
    assert response["Retry-After"] == "30"
