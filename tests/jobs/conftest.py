"""Posts of enterprise A (branch in city X, governed by bureau_x) in each status, and
helpers shared by the jobs tests."""

import datetime

import pytest
from django.utils import timezone

from jobs.models import Application, JobPost
from tests import factories as f

PERSONAS = ("veteran", "other_veteran", "hr_a", "hr_b", "bureau_x", "bureau_y", "ministry")


def make_post(branch, status=JobPost.Status.PUBLISHED, *, searchable=False, **fields) -> JobPost:
    """A post of ``branch`` in ``status``, with the dates and reason that status implies;
    ``searchable`` writes its search document too, as the services do."""
    if status in (JobPost.Status.DRAFT, JobPost.Status.PENDING, JobPost.Status.REJECTED):
        fields.setdefault("published_at", None)
    if status == JobPost.Status.DRAFT:
        fields.setdefault("submitted_at", None)
    if status in (JobPost.Status.REJECTED, JobPost.Status.TAKEN_DOWN):
        fields.setdefault("decision_reason", "岗位信息不实")
    make = f.searchable_post if searchable else f.JobPostFactory
    return make(branch=branch, status=status, **fields)


def post_fields(**overrides) -> dict:
    """What job_post_create needs besides its author and branch."""
    fields = {
        "title": "仓储管理员",
        "description": "负责仓库出入库管理。",
        "occupation": f.occupation(),
        "salary_min": 6000,
        "salary_max": 8000,
        "openings": 3,
        "deadline": timezone.localdate() + datetime.timedelta(days=20),
    }
    return {**fields, **overrides}


@pytest.fixture
def searchable() -> bool:
    """Whether the post fixtures below write their search document (the API tests' do)."""
    return False


@pytest.fixture
def post(branch_a, hr_a, searchable):
    return make_post(branch_a, searchable=searchable)


@pytest.fixture
def draft_post(branch_a, hr_a, searchable):
    return make_post(branch_a, JobPost.Status.DRAFT, searchable=searchable)


@pytest.fixture
def pending_post(branch_a, hr_a, searchable):
    return make_post(branch_a, JobPost.Status.PENDING, searchable=searchable)


@pytest.fixture
def application(post, veteran):
    return f.ApplicationFactory(post=post, veteran=veteran)


def make_application(post, veteran, status=Application.Status.SUBMITTED) -> Application:
    return f.ApplicationFactory(post=post, veteran=veteran, status=status)


def actions(obj) -> list[str]:
    """The audit trail of one object, oldest first."""
    from portal.accounts.models import AuditEvent

    return list(AuditEvent.objects.for_object(obj).order_by("id").values_list("action", flat=True))


def others(*allowed: str) -> list[str]:
    """Every persona except the allowed ones: the parametrisation of refusal tests."""
    return [name for name in PERSONAS if name not in allowed]


def seen_by(*allowed: str, anonymous: bool = True) -> list[tuple[str, bool]]:
    """(persona, whether it is one of the allowed) for every persona (and the anonymous
    visitor): the parametrisation of visibility tests."""
    names = ("anonymous", *PERSONAS) if anonymous else PERSONAS
    return [(name, name in allowed) for name in names]
