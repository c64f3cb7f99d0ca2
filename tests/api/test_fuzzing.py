"""A few hundred schemathesis cases against /api/v1/ as each role (`make fuzz` runs more)."""

import pytest

from demo.fuzzing import fuzz_api
from jobs.models import JobPost
from tests import factories as f
from tests.api.conftest import field_errors, make_post

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


@pytest.fixture
def fuzz_world(veteran, hr_a, branch_a, bureau_x, ministry):
    """Objects in every role's scope, so the cases with real ids reach the code behind."""
    post = make_post(branch_a)
    make_post(branch_a, status=JobPost.Status.PENDING)
    application = f.ApplicationFactory(veteran=veteran, post=post)
    f.PostReportFactory(post=post, reporter=veteran.user)
    f.AgreementFactory(enterprise=branch_a.enterprise)
    return {
        "anonymous": None,
        "veteran": veteran.user,
        "enterprise": hr_a,
        "bureau": bureau_x,
        "ministry": ministry,
        "application": application,
    }


def test_fuzzed_api_requests_get_no_server_error_and_match_the_schema(fuzz_world):
    users = {
        role: fuzz_world[role]
        for role in ("anonymous", "veteran", "enterprise", "bureau", "ministry")
    }

    result = fuzz_api(users=users, examples=1)

    assert result.requests >= 300
    # Every signed-in role gets past authentication: staff through a session past the
    # one-time password step, as they have no token.
    assert all(
        result.answered_2xx[role] for role in ("veteran", "enterprise", "bureau", "ministry")
    )
    assert result.failures == []
    assert result.server_errors == 0
    assert result.schema_violations == 0


# The inputs fuzzers find first; each already answers 4xx, and these keep it so.


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/posts/99999999999999999999999/",  # past bigint
        "/api/v1/posts/9223372036854775808/",  # bigint + 1
        "/api/v1/posts/%00/",  # NUL instead of an id
    ],
)
def test_odd_ids_answer_404_not_500(api, veteran, url):
    response = api(veteran).get(url)

    assert response.status_code == 404


def test_a_nul_byte_in_a_string_is_refused_before_postgresql_sees_it(api, veteran):
    response = api(veteran).post(
        "/api/v1/me/saved-searches/create/",
        {"name": "叉车\x00司机", "filters": {"q": "叉车"}},
        format="json",
    )

    assert response.status_code == 400
    assert "name" in field_errors(response)


@pytest.mark.parametrize("day", ["2026-02-30", "0000-01-01", "9999-99-99", "2026-01-01\x00"])
def test_an_impossible_date_is_refused_with_400(api, fuzz_world, day):
    application = fuzz_world["application"]

    response = api(fuzz_world["enterprise"]).post(
        f"/api/v1/applications/{application.pk}/hire/", {"started_on": day}, format="json"
    )

    assert response.status_code == 400
    assert "started_on" in field_errors(response)
