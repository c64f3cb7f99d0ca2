"""A few hundred schemathesis cases against /api/v1/ as each role (`make fuzz` runs more)."""

import pytest

from jobs.models import JobPost
from portal.demo.fuzzing import fuzz_api
from tests import factories as f
from tests.api.conftest import make_post

pytestmark = pytest.mark.django_db


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
    assert result.failures == []
    assert result.server_errors == 0
    assert result.schema_violations == 0
