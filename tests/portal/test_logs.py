"""Log lines (portal/logs.py): masked in messages, tracebacks, error e-mails and the error
tracker's events; one line per record (no unmasked duplicate from Django's own handlers);
time, level, logger and request id on each; JSON with LOG_FORMAT=json."""

import json
import os
import re
import secrets
import subprocess
import sys
import urllib.request

import pytest
from django.conf import settings
from django.test import RequestFactory

from portal.accounts.privacy import MOBILE_PATTERN, RESIDENT_ID_PATTERN
from portal.logs import REQUEST_ID, RequestIdMiddleware
from tests.servers import database_url, fetch, gunicorn

RESIDENT_ID, PHONE = "110101199003071234", "13812345678"
PRODUCTION = {
    "DEBUG": "false",
    "SECRET_KEY": secrets.token_urlsafe(50),
    "ALLOWED_HOSTS": "127.0.0.1",
    "PERSONAL_DATA_KEYS": secrets.token_urlsafe(32),
    "PERSONAL_DATA_HASH_KEY": secrets.token_urlsafe(32),
    "ADMINS": "Operations <ops@example.gov.cn>",
    "EMAIL_URL": "consolemail://",  # the error e-mail is printed: it must be masked too
    "LOG_LEVEL": "INFO",
}

# Logs an exception carrying an ID and a phone number in its message, its traceback (the
# source line shown holds them) and the log message, through Django's own logger.
LOGGING_SCRIPT = f"""
import django, logging
django.setup()
resident_id, phone = "{RESIDENT_ID}", "{PHONE}"
try:
    raise ValueError(f"cannot match {{resident_id}} (phone {{phone}})")
except ValueError:
    logging.getLogger("django.request").exception("failed for %s", resident_id)
logging.getLogger("jobs").info("searched for %s", resident_id, stack_info=True)
"""


def run_script(script: str, **env) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "portal.settings", **env}
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )


def assert_masked(output: str) -> None:
    assert RESIDENT_ID not in output and PHONE not in output
    # An e-mail's Message-ID header holds a random number, sometimes of 18 digits.
    output = re.sub(r"(?m)^Message-ID: .*$", "", output)
    assert not RESIDENT_ID_PATTERN.search(output) and not MOBILE_PATTERN.search(output)
    assert "110***********1234" in output


@pytest.mark.slow
@pytest.mark.parametrize("debug", ["true", "false"])
def test_an_exception_carrying_an_id_and_a_phone_is_masked_in_message_and_traceback(debug):
    result = run_script(LOGGING_SCRIPT, **({"DEBUG": "true"} if debug == "true" else PRODUCTION))

    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert_masked(output)
    assert "Traceback (most recent call last)" in output and "ValueError: cannot match" in output


@pytest.mark.slow
def test_with_debug_on_each_django_line_is_printed_once():
    result = run_script(LOGGING_SCRIPT, DEBUG="true")

    assert result.stderr.count("failed for") == 1
    assert result.stderr.count("ValueError: cannot match") == 1


@pytest.mark.slow
def test_a_line_carries_time_level_logger_and_request_id():
    result = run_script(LOGGING_SCRIPT, DEBUG="true")

    first = result.stderr.splitlines()[0]
    assert re.match(
        r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}\+08:00 ERROR django\.request \[-\] failed", first
    )


@pytest.mark.slow
def test_log_format_json_writes_one_object_a_line_with_the_traceback_inside():
    result = run_script(LOGGING_SCRIPT, DEBUG="true", LOG_FORMAT="json")

    entries = [json.loads(line) for line in result.stderr.splitlines()]
    assert [(e["level"], e["logger"]) for e in entries] == [
        ("ERROR", "django.request"),
        ("INFO", "jobs"),
    ]
    assert {"time", "request_id", "message"} <= entries[0].keys()
    assert "ValueError: cannot match 110***********1234" in entries[0]["exception"]
    assert_masked(result.stderr)


def test_a_request_gets_an_id_that_its_answer_carries_back():
    seen = []
    middleware = RequestIdMiddleware(lambda request: seen.append(REQUEST_ID.get()) or _ok())

    response = middleware(RequestFactory().get("/"))

    assert re.fullmatch(r"[0-9a-f]{32}", seen[0]) and response["X-Request-ID"] == seen[0]
    assert REQUEST_ID.get() == "-"


def test_a_sane_request_id_from_the_proxy_is_kept_and_a_forged_one_replaced():
    middleware = RequestIdMiddleware(lambda request: _ok())

    kept = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="3f2a9c0d7e5b4a61"))
    replaced = middleware(RequestFactory().get("/", HTTP_X_REQUEST_ID="x\nFAKE LINE"))

    assert kept["X-Request-ID"] == "3f2a9c0d7e5b4a61"
    assert re.fullmatch(r"[0-9a-f]{32}", replaced["X-Request-ID"])


def _ok():
    from django.http import HttpResponse

    return HttpResponse("ok")


@pytest.fixture
def production_server(db, tmp_path):
    """gunicorn with production settings over plain http; its whole output in a file."""
    log_path = tmp_path / "server.log"
    with open(log_path, "w") as output:
        with gunicorn(
            database_url=database_url(),
            redis_url=settings.REDIS_URL,
            settings_module="portal.settings",
            ready_path="/health/live/",
            app="tests.portal.production_app:application",
            output=output,
            **PRODUCTION,
        ) as base:
            yield base, log_path


@pytest.mark.slow
def test_a_production_server_answers_the_liveness_probe_over_plain_http(production_server):
    base, _ = production_server

    assert fetch(base + "/health/live/") == (200, "ok")
    request = urllib.request.Request(base + "/accounts/login/")
    opener = urllib.request.build_opener(_NoRedirect)
    with pytest.raises(urllib.error.HTTPError) as redirect:
        opener.open(request, timeout=10)
    assert redirect.value.code == 301  # every other page still goes to HTTPS


@pytest.mark.slow
def test_a_production_server_logs_and_mails_a_failing_request_with_the_id_masked(
    production_server,
):
    base, log_path = production_server

    status, _ = fetch(
        f"{base}/boom/?resident_id={RESIDENT_ID}&phone={PHONE}",
        **{"X-Forwarded-Proto": "https", "X-Request-ID": "req-4711-abcdef"},
    )
    fetch(f"{base}/health/?q={RESIDENT_ID}")  # the access line holds the URL

    assert status == 500
    output = log_path.read_text()
    assert_masked(output)
    assert "ERROR django.request [req-4711-abcdef] Internal Server Error: /boom/" in output
    assert output.count("To: ops@example.gov.cn") == 1  # the 500 is mailed (masked), the 503 not
    assert "ValueError: cannot match 110***********1234 (phone 138****5678)" in output


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


SENTRY_SCRIPT = f"""
import json, sentry_sdk
from sentry_sdk.transport import Transport
import django
django.setup()
from portal.accounts.privacy import MOBILE_PATTERN, RESIDENT_ID_PATTERN
from portal.logs import init_error_tracker

class Recorder(Transport):
    def capture_envelope(self, envelope):
        for item in envelope.items:
            print(item.payload.get_bytes().decode())

init_error_tracker("https://key@errors.example.invalid/1", environment="test", transport=Recorder)
resident_id, phone = "{RESIDENT_ID}", "{PHONE}"
try:
    raise ValueError(f"cannot match {{resident_id}} (phone {{phone}})")
except ValueError as error:
    sentry_sdk.capture_exception(error)
sentry_sdk.capture_message(f"searched for {{resident_id}}")
sentry_sdk.flush()
"""


@pytest.mark.slow
def test_the_error_tracker_receives_the_exception_with_the_id_and_phone_masked():
    result = run_script(SENTRY_SCRIPT, DEBUG="true")

    assert result.returncode == 0, result.stderr
    assert "cannot match 110***********1234 (phone 138****5678)" in result.stdout
    assert "searched for 110***********1234" in result.stdout
    assert_masked(result.stdout + result.stderr)
