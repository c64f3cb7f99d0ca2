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


def seen_by(*allowed: str, anonymous: bool = True) -> list[tuple[str, bool]]:
    """(persona, whether it is one of the allowed) for every persona (and the anonymous
    visitor): the parametrisation of visibility tests."""
    names = ("anonymous", *PERSONAS) if anonymous else PERSONAS
    return [(name, name in allowed) for name in names]


# --- interviews, messages and invitations (#18) -------------------------------------------


def interview_times(*days: int, hour: int = 10) -> list[datetime.datetime]:
    """Times ``days`` from today at ``hour`` o'clock, local time."""
    today = timezone.localtime().replace(hour=hour, minute=0, second=0, microsecond=0)
    return [today + datetime.timedelta(days=day) for day in days]


def propose(application, hr, *days: int, **fields):
    """An interview proposed through the service, in person, on ``days`` from today."""
    from jobs.services import interview_propose

    values = {"mode": "on_site", "place": "北京市朝阳区建国路 1 号 3 楼", "contact_name": "王经理",
              "contact_phone": "010-12345678"}  # fmt: skip
    return interview_propose(
        application=application,
        actor=hr,
        slots=interview_times(*(days or (3, 4))),
        **{**values, **fields},
    )


@pytest.fixture
def current_run(db):
    from jobs.models import MatchingRun

    started = timezone.now() - datetime.timedelta(hours=20)
    return MatchingRun.objects.create(status="done", is_current=True, started_at=started)


def make_candidate(run, post, veteran=None, *, consent=True, score=0.82):
    """A PostCandidate of ``run`` for ``post``: a veteran who (by default) consents to be
    found, with the factor values behind the score."""
    from jobs.models import PostCandidate
    from veterans.models import Consent

    veteran = veteran or f.VeteranProfileFactory()
    if consent:
        f.ConsentFactory(user=veteran.user, purpose=Consent.Purpose.DISCOVERABLE)
    return PostCandidate.objects.create(
        run=run, post=post, veteran=veteran, score=score, skill_fit=1.0, skills_required=2,
        skills_matched=2, location_fit=1.0, occupation_fit=0.5, salary_fit=1.0,
    )  # fmt: skip
