"""Posts of enterprise A (branch in city X, governed by bureau_x) in each status, and
helpers shared by the jobs tests."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Application, JobPost
from tests import factories as f

PERSONAS = ("veteran", "other_veteran", "hr_a", "hr_b", "bureau_x", "bureau_y", "ministry")


def make_post(branch, status=JobPost.Status.PUBLISHED, **fields) -> JobPost:
    if status in (JobPost.Status.DRAFT, JobPost.Status.PENDING, JobPost.Status.REJECTED):
        fields.setdefault("published_at", None)
    if status == JobPost.Status.DRAFT:
        fields.setdefault("submitted_at", None)
    if status in (JobPost.Status.REJECTED, JobPost.Status.TAKEN_DOWN):
        fields.setdefault("decision_reason", "岗位信息不实")
    return f.JobPostFactory(branch=branch, status=status, **fields)


@pytest.fixture
def post(branch_a, hr_a):
    return make_post(branch_a)


@pytest.fixture
def draft_post(branch_a, hr_a):
    return make_post(branch_a, JobPost.Status.DRAFT)


@pytest.fixture
def pending_post(branch_a, hr_a):
    return make_post(branch_a, JobPost.Status.PENDING)


@pytest.fixture
def application(post, veteran):
    return f.ApplicationFactory(post=post, veteran=veteran)


def create_post(hr, branch, agreement=None, openings=1) -> JobPost:
    """A post written through the service, as a page or the API would (pledge checked)."""
    from jobs.services import job_post_create

    return job_post_create(
        author=hr,
        branch=branch,
        agreement=agreement,
        title="保安",
        description="巡逻",
        occupation=f.occupation(),
        salary_min=5000,
        salary_max=6000,
        openings=openings,
        deadline=timezone.localdate() + datetime.timedelta(days=30),
    )


def make_application(post, veteran, status=Application.Status.SUBMITTED) -> Application:
    return f.ApplicationFactory(post=post, veteran=veteran, status=status)


def actions(obj) -> list[str]:
    """The audit trail of one object, oldest first."""
    from portal.accounts.models import AuditEvent

    return list(AuditEvent.objects.for_object(obj).order_by("id").values_list("action", flat=True))


def others(*allowed: str) -> list[str]:
    """Every persona except the allowed ones: the parametrisation of refusal tests."""
    return [name for name in PERSONAS if name not in allowed]
