"""API clients per persona and the posts the API tests work on.

Enterprise A (hr_a) has an approved branch in city X (bureau_x governs it); enterprise B
(hr_b) is seated in city Y (bureau_y).
"""

import pytest
from rest_framework.test import APIClient

from jobs.models import JobPost
from portal.accounts.models import User
from tests import factories as f
from tests import pdfs
from tests.jobs import conftest as jobs
from tests.jobs.conftest import (  # noqa: F401 (the jobs tests' fixtures, shared)
    application,
    current_run,
    draft_post,
    make_application,
    pending_post,
    post,
)

PDF = pdfs.ONE_PAGE


def user_of(persona) -> User:
    return persona if isinstance(persona, User) else persona.user


@pytest.fixture
def api(db):
    """api(persona) -> an APIClient signed in (session) as the persona; api() is anonymous.
    The clients ask for English, so tests read the messages' msgids."""

    def make(persona=None) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        if persona is not None:
            client.force_login(user_of(persona))
        return client

    return make


@pytest.fixture
def as_(request, api):
    """as_("hr_a") -> an APIClient signed in as the persona fixture of that name."""
    return lambda name: api(request.getfixturevalue(name))


def make_post(branch, status=JobPost.Status.PUBLISHED, **fields) -> JobPost:
    """tests.jobs.conftest.make_post with its search document written: what job_post_create
    does, which the factory bypasses."""
    return jobs.make_post(branch, status, searchable=True, **fields)


@pytest.fixture
def searchable() -> bool:
    return True


@pytest.fixture
def branch_b(enterprise_b):
    return f.BranchFactory(enterprise=enterprise_b, region=f.region(f.CITY_Y))


@pytest.fixture
def post_b(branch_b, hr_b):
    return make_post(branch_b)


def field_errors(answer) -> dict[str | None, list[str]]:
    """A 400 answer's messages by field (None: the input as a whole)."""
    errors: dict[str | None, list[str]] = {}
    for error in answer.json()["errors"]:
        errors.setdefault(error["field"], []).append(error["message"])
    return errors
