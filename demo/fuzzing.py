"""API fuzzing with schemathesis against the WSGI app, in-process, as each role.

Every generated request runs inside a savepoint that is rolled back after its answer, so a
run leaves the database as it found it and no e-mail or Celery task leaves (on-commit
callbacks are dropped with the savepoint). Used by `manage.py fuzz_api` (`make fuzz`) and, with
fewer examples, by tests/api/test_fuzzing.py.
"""

import json
import logging
from collections import Counter
from contextlib import contextmanager
from dataclasses import dataclass, field

import schemathesis
from django.conf import settings as django_settings
from django.core import signals
from django.db import close_old_connections, transaction
from django.middleware.csrf import CSRF_ALLOWED_CHARS, CSRF_SECRET_LENGTH
from django.test import Client, override_settings
from django.utils.crypto import get_random_string
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from rest_framework.authtoken.models import Token
from schemathesis.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from schemathesis.core.failures import FailureGroup

from portal.accounts.mfa import session_mark_verified
from portal.accounts.middleware import is_staff_user
from portal.progress import Progress
from portal.wsgi import application

SCHEMA_PATH = "/api/v1/schema/"
REAL_IDS = 5  # ids of real objects per kind and role
# Every answer's status code is documented (portal.api.OperationSchema adds the errors an
# operation can give) and its body and content type match the schema.
CHECKS = [status_code_conformance, response_schema_conformance, content_type_conformance]


@dataclass
class FuzzResult:
    requests: int = 0
    server_errors: int = 0
    schema_violations: int = 0
    by_status: Counter = field(default_factory=Counter)
    answered_2xx: Counter = field(default_factory=Counter)  # per role: cases that got through
    failures: list = field(default_factory=list)

    def record_failure(self, role: str, case, response, kind: str, detail: str) -> None:
        if len(self.failures) < 1000:
            self.failures.append(
                f"{kind} {role} {case.method} {case.formatted_path} query={case.query!r} "
                f"body={str(case.body)[:200]!r} -> {response.status_code}: {detail[:400]}"
            )

    def summary(self) -> dict:
        return {
            "requests": self.requests,
            "server_errors": self.server_errors,
            "schema_violations": self.schema_violations,
            "by_status": dict(sorted(self.by_status.items())),
            "answered_2xx_by_role": dict(self.answered_2xx),
        }


@contextmanager
def _quiet_client_errors():
    """Thousands of 4xx are the point of fuzzing: log only the server errors."""
    logger = logging.getLogger("django.request")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        yield
    finally:
        logger.setLevel(level)


@contextmanager
def _one_connection():
    """The WSGI handler closes the connection after each request, which would end the
    savepoint's transaction; the Django test client disconnects the same receiver."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def _credentials_for(user) -> tuple[dict, dict]:
    """How the role reaches the API: a token for veterans and enterprise staff; bureau
    staff and ministry admins get no token (no second factor there), so a session past the
    one-time password step, with its CSRF cookie and header for the writes."""
    if user is None:
        return {}, {}
    if not is_staff_user(user):
        token, _ = Token.objects.get_or_create(user=user)
        return {"Authorization": f"Token {token.key}"}, {}
    client = Client()
    client.force_login(user)
    session_mark_verified(client.session, user)
    csrf = get_random_string(CSRF_SECRET_LENGTH, allowed_chars=CSRF_ALLOWED_CHARS)
    cookies = {
        django_settings.SESSION_COOKIE_NAME: client.cookies[
            django_settings.SESSION_COOKIE_NAME
        ].value,
        django_settings.CSRF_COOKIE_NAME: csrf,
    }
    return {"X-CSRFToken": csrf}, cookies


def _call(case, headers: dict, cookies: dict):
    """One request in a savepoint rolled back afterwards (autocommit outside: one atomic)."""
    with transaction.atomic():
        sid = transaction.savepoint()
        try:
            return case.call(headers=headers, cookies=cookies)
        finally:
            transaction.savepoint_rollback(sid)


def _check(result: FuzzResult, role: str, case, response) -> None:
    result.requests += 1
    result.by_status[response.status_code] += 1
    if response.status_code < 300:
        result.answered_2xx[role] += 1
    if response.status_code >= 500:
        result.server_errors += 1
        result.record_failure(role, case, response, "5xx", response.text)
        return
    try:
        case.validate_response(response, checks=CHECKS)
    except FailureGroup as group:
        result.schema_violations += 1
        detail = "; ".join(f"{failure.title}: {failure.message}" for failure in group.exceptions)
        result.record_failure(role, case, response, "schema", detail)


def _real_ids(user) -> dict[str, list[int]]:
    """A few ids of objects the user may see, per path prefix: random ids almost always
    miss, and the interesting code runs only behind a real object."""
    from enterprises import selectors as enterprise_selectors
    from jobs import selectors as job_selectors
    from veterans import selectors as veteran_selectors

    scoped = {
        "/api/v1/agreements/": enterprise_selectors.agreements_visible_to,
        "/api/v1/applications/": job_selectors.applications_visible_to,
        "/api/v1/branches/": enterprise_selectors.branches_visible_to,
        "/api/v1/enterprises/": enterprise_selectors.enterprises_visible_to,
        "/api/v1/follow-ups/": job_selectors.follow_ups_visible_to,
        "/api/v1/me/resumes/": veteran_selectors.resumes_visible_to,
        "/api/v1/me/saved-searches/": job_selectors.saved_searches_of,
        "/api/v1/posts/": job_selectors.posts_visible_to,
        "/api/v1/reports/": job_selectors.post_reports_visible_to,
    }
    if user is None:
        return {}
    return {
        prefix: list(selector(user).order_by("pk").values_list("pk", flat=True)[:REAL_IDS])
        for prefix, selector in scoped.items()
    }


def _strategy(operation, real_ids: dict[str, list[int]]):
    """Positive and negative cases; for a path with an id, also cases on real objects."""
    modes = list(schemathesis.GenerationMode)
    strategies = [operation.as_strategy(mode) for mode in modes]
    ids = next((v for k, v in real_ids.items() if operation.path.startswith(k)), None)
    if "{id}" in operation.path and ids:
        for mode in modes:
            strategies.append(
                st.sampled_from(ids).flatmap(
                    lambda pk, mode=mode: operation.as_strategy(mode, path_parameters={"id": pk})
                )
            )
    return st.one_of(strategies)


def _fuzz_operation(operation, role: str, user, examples: int, result: FuzzResult, real_ids):
    strategy = _strategy(operation, real_ids)
    headers, cookies = _credentials_for(user)

    @given(case=strategy)
    @settings(
        max_examples=examples,
        derandomize=True,
        database=None,
        deadline=None,
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        _check(result, role, case, _call(case, headers, cookies))

    run()


def fuzz_api(*, users: dict, examples: int, progress: Progress | None = None) -> FuzzResult:
    """Every operation of the schema, `examples` generated cases each, as each role in
    `users` ({role: User or None for anonymous}). Deterministic for a given database.
    `progress` counts the operations done (its total is set once the schema is read)."""
    result = FuzzResult()
    # As in production: DEBUG's technical 404 and 500 pages are not what clients get.
    with _one_connection(), _quiet_client_errors(), override_settings(DEBUG=False):
        # The API tokens made for the roles go too: the run leaves the database as it was.
        with transaction.atomic():
            schema = schemathesis.openapi.from_wsgi(SCHEMA_PATH, application)
            operations = [item.ok() for item in schema.get_all_operations()]
            if progress is not None:
                progress.total = len(users) * len(operations)
            for role, user in users.items():
                real_ids = _real_ids(user)
                for operation in operations:
                    _fuzz_operation(operation, role, user, examples, result, real_ids)
                    if progress is not None:
                        progress.advance()
            transaction.set_rollback(True)
    return result


def result_line(result: FuzzResult) -> str:
    return json.dumps(result.summary(), ensure_ascii=False)
