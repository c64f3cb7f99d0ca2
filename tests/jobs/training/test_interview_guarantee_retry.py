"""Training cooperation: an interview guarantee recorded as owed (no open post at the
enterprise, or no consent from the veteran) is tried again every day
(jobs.tasks.retry_owed_interview_guarantees) through the settlement a post's approval runs
(jobs/training/cooperation.py), and from the admin by the same service."""

import datetime
import logging

import pytest
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.test import RequestFactory
from django.utils import timezone

from enterprises.models import Agreement, Enterprise
from enterprises.services import agreement_terminate
from jobs import tasks
from jobs.models import Application, InterviewGuarantee
from jobs.training import cooperation
from jobs.training.cooperation import interview_guarantees_settle
from jobs.training.services import enrolment_complete
from portal.accounts.models import AuditEvent
from tests import factories as f
from veterans.models import Consent
from veterans.services import consent_give, consent_withdraw

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate
GIVEN = "interview_guarantee.given"


def _owed(started, bureau_x, veteran=None) -> InterviewGuarantee:
    """A completion recorded while enterprise A had no post open for the veteran."""
    veteran = veteran or f.VeteranProfileFactory()
    enrolment = f.EnrolmentFactory(programme=started, veteran=veteran, status="attending")
    enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=TODAY())
    guarantee = InterviewGuarantee.objects.get(enrolment=enrolment)
    assert guarantee.status == InterviewGuarantee.Status.OWED
    return guarantee


@pytest.fixture
def owed(linked, started, bureau_x, veteran):
    return _owed(started, bureau_x, veteran)


def _retry() -> int:
    return tasks.retry_owed_interview_guarantees.delay().get()


def _consent(veteran) -> None:
    consent_give(user=veteran.user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")


# --- the daily task -------------------------------------------------------------------------


def test_cooperation_mode_training_retry_is_on_the_daily_beat_schedule():
    entry = settings.CELERY_BEAT_SCHEDULE["retry-owed-interview-guarantees"]
    assert entry["task"] == tasks.retry_owed_interview_guarantees.name
    assert entry["schedule"].hour == {6}


def test_cooperation_mode_training_retry_gives_an_owed_guarantee_once_a_post_is_open(
    owed, branch_a, veteran
):
    """A post open now that no approval settled (here: made directly)."""
    post = f.JobPostFactory(branch=branch_a)

    assert _retry() == 1

    owed.refresh_from_db()
    assert owed.status == InterviewGuarantee.Status.GIVEN
    assert (owed.application.post, owed.application.veteran) == (post, veteran)
    assert owed.application.status == Application.Status.INTERVIEW
    event = AuditEvent.objects.get(action=GIVEN)
    assert (event.actor, event.object_id) == (None, str(owed.application.pk))


def test_cooperation_mode_training_retry_gives_it_once_the_veteran_has_consented(
    linked, started, branch_a, bureau_x
):
    f.JobPostFactory(branch=branch_a)
    veteran = f.VeteranProfileFactory(consented=False)
    guarantee = _owed(started, bureau_x, veteran)
    _consent(veteran)

    assert _retry() == 1

    guarantee.refresh_from_db()
    assert guarantee.status == InterviewGuarantee.Status.GIVEN
    assert guarantee.application.veteran == veteran


def test_cooperation_mode_training_retry_leaves_it_owed_without_an_open_post(owed, branch_a):
    f.JobPostFactory(branch=branch_a, status="closed")
    f.JobPostFactory(branch=f.BranchFactory(enterprise=f.EnterpriseFactory()))  # not theirs

    assert _retry() == 0

    owed.refresh_from_db()
    assert (owed.status, owed.application) == (InterviewGuarantee.Status.OWED, None)
    assert not Application.objects.exists()


def test_cooperation_mode_training_retry_leaves_it_owed_without_the_veterans_consent(
    linked, started, branch_a, bureau_x
):
    f.JobPostFactory(branch=branch_a)
    guarantee = _owed(started, bureau_x, f.VeteranProfileFactory(consented=False))

    assert _retry() == 0

    guarantee.refresh_from_db()
    assert guarantee.status == InterviewGuarantee.Status.OWED
    assert not Application.objects.exists()


def test_cooperation_mode_training_retry_twice_makes_no_second_application(owed, branch_a):
    f.JobPostFactory(branch=branch_a)

    assert (_retry(), _retry()) == (1, 0)

    assert Application.objects.count() == 1
    assert AuditEvent.objects.filter(action=GIVEN).count() == 1
    assert InterviewGuarantee.objects.get().status == InterviewGuarantee.Status.GIVEN


def test_cooperation_mode_training_retry_goes_on_past_a_guarantee_that_fails(
    linked, started, branch_a, bureau_x, monkeypatch, caplog
):
    first, second = _owed(started, bureau_x), _owed(started, bureau_x)
    f.JobPostFactory(branch=branch_a)
    give = cooperation._give

    def failing_for_the_first(guarantee, actor):
        if guarantee.pk == first.pk:
            raise RuntimeError("the database went away")
        return give(guarantee, actor)

    monkeypatch.setattr(cooperation, "_give", failing_for_the_first)

    with caplog.at_level(logging.INFO):
        assert _retry() == 1

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.status, second.status) == ("owed", "given")
    assert Application.objects.get().veteran == second.veteran
    assert "1 given, 0 still owed, 0 lapsed, 1 failed" in caplog.text
    assert f"guarantee {first.pk} could not be retried" in caplog.text


def test_cooperation_mode_training_retry_logs_how_many_it_gave_and_left_owed(
    linked, started, branch_a, bureau_x, caplog
):
    _owed(started, bureau_x)
    _owed(started, bureau_x, f.VeteranProfileFactory(consented=False))
    f.JobPostFactory(branch=branch_a)

    with caplog.at_level(logging.INFO, logger="jobs.tasks"):
        _retry()

    assert (
        "Owed interview guarantees retried: 1 given, 1 still owed, 0 lapsed, 0 failed"
        in caplog.text
    )


# --- the task decides as the approval's settlement does ----------------------------------------


def _post_open(branch_a, veteran):
    f.JobPostFactory(branch=branch_a)


def _no_post(branch_a, veteran):
    f.JobPostFactory(branch=branch_a, status="closed")


def _consent_withdrawn(branch_a, veteran):
    f.JobPostFactory(branch=branch_a)
    consent_withdraw(user=veteran.user, purpose=Consent.Purpose.SENSITIVE_DATA)


def _already_rejected_there(branch_a, veteran):
    """The veteran's only way in is a post they were turned down for."""
    post = f.JobPostFactory(branch=branch_a)
    Application.objects.create(post=post, veteran=veteran, status="rejected")


def _open_application_there(branch_a, veteran):
    post = f.JobPostFactory(branch=branch_a)
    Application.objects.create(post=post, veteran=veteran, status="shortlisted")


def _post_past_its_deadline(branch_a, veteran):
    f.JobPostFactory(branch=branch_a, deadline=TODAY() - datetime.timedelta(days=1))


def _post_full(branch_a, veteran):
    f.JobPostFactory(branch=branch_a, openings=2, filled_count=2)


def _enterprise_suspended(branch_a, veteran):
    f.JobPostFactory(branch=branch_a)
    Enterprise.objects.filter(pk=branch_a.enterprise_id).update(status="suspended")


def _agreement_terminated_since(branch_a, veteran):
    """Ended behind the service's back (no agreement_ended): the settlement asks again
    whether the agreement is in force, and lapses the guarantee rather than give it."""
    f.JobPostFactory(branch=branch_a)
    Agreement.objects.filter(enterprise=branch_a.enterprise).update(status="terminated")


def _agreement_past_its_term(branch_a, veteran):
    """Still active, the daily expiry not yet run, but its term ended yesterday."""
    f.JobPostFactory(branch=branch_a)
    yesterday = TODAY() - datetime.timedelta(days=1)
    Agreement.objects.filter(enterprise=branch_a.enterprise).update(ends_on=yesterday)


@pytest.mark.parametrize(
    ("situation", "expected"),
    [
        (_post_open, "given"),
        (_open_application_there, "given"),
        (_agreement_terminated_since, "lapsed"),
        (_agreement_past_its_term, "lapsed"),
        (_no_post, "owed"),
        (_consent_withdrawn, "owed"),
        (_already_rejected_there, "owed"),
        (_post_past_its_deadline, "owed"),
        (_post_full, "owed"),
        (_enterprise_suspended, "owed"),
    ],
    ids=lambda value: getattr(value, "__name__", value),
)
def test_cooperation_mode_training_retry_gives_exactly_what_the_approvals_settlement_gives(
    owed, branch_a, veteran, situation, expected
):
    """The approval's settlement runs first in a savepoint rolled back, then the task on
    the very same rows: the same outcome, on the same post."""
    situation(branch_a, veteran)

    with transaction.atomic():
        by_settlement = interview_guarantees_settle(
            enterprise_id=branch_a.enterprise_id, actor=None
        )
        settled = InterviewGuarantee.objects.select_related("application").get(pk=owed.pk)
        settled_post = settled.application.post_id if settled.application else None
        transaction.set_rollback(True)
    by_task = _retry()

    owed.refresh_from_db()
    assert (by_task, owed.status) == (by_settlement, settled.status)
    assert (owed.application.post_id if owed.application else None) == settled_post
    assert owed.status == expected


# --- the admin ------------------------------------------------------------------------------


@pytest.fixture
def _plain_static_files(settings):
    staticfiles = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    settings.STORAGES = {**settings.STORAGES, "staticfiles": staticfiles}


@pytest.fixture
def support():
    return f.MinistryUserFactory(is_staff=True, is_superuser=True)


def _request(user, method="get", path="/admin/", data=None):
    request = getattr(RequestFactory(), method)(path, data or {})
    request.user = user
    request._messages = _Messages()
    return request


class _Messages(list):
    """What message_user adds, kept for the test (no session needed)."""

    def add(self, level, message, extra_tags=""):
        self.append(str(message))


def _guarantee_admin():
    return admin.site._registry[InterviewGuarantee]


@pytest.mark.usefixtures("_plain_static_files")
def test_cooperation_mode_training_guarantee_admin_lists_and_searches_by_enterprise(
    owed, support, enterprise_b, started, bureau_x
):
    other = f.AgreementFactory(enterprise=enterprise_b, cooperation_mode="training")
    InterviewGuarantee.objects.create(
        agreement=other,
        enrolment=f.EnrolmentFactory(programme=started, status="completed", completed_on=TODAY()),
        veteran=f.VeteranProfileFactory(),
    )
    search = _request(support, data={"q": owed.agreement.enterprise.name, "status": "owed"})

    response = _guarantee_admin().changelist_view(search)

    assert response.render().status_code == 200
    assert list(response.context_data["cl"].queryset) == [owed]


def test_cooperation_mode_training_guarantee_admin_filters_by_status_and_agreement():
    assert _guarantee_admin().list_filter[0] == "status"
    assert _guarantee_admin().list_filter[1][0] == "agreement"


def test_cooperation_mode_training_guarantee_admin_adds_changes_and_deletes_nothing(owed, support):
    model_admin = _guarantee_admin()
    request = _request(support)

    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, owed)
    assert not model_admin.has_delete_permission(request, owed)
    assert "delete_selected" not in model_admin.get_actions(request)


def test_cooperation_mode_training_guarantee_admin_action_gives_through_the_service(
    owed, support, branch_a
):
    post = f.JobPostFactory(branch=branch_a)
    request = _request(support, method="post")

    _guarantee_admin().settle(request, InterviewGuarantee.objects.all())

    owed.refresh_from_db()
    assert (owed.status, owed.application.post) == ("given", post)
    assert AuditEvent.objects.get(action=GIVEN).actor == support
    assert request._messages == ["1 of 1 owed interview guarantees given."]


def test_cooperation_mode_training_guarantee_admin_action_leaves_it_owed_without_a_post(
    owed, support
):
    request = _request(support, method="post")

    _guarantee_admin().settle(request, InterviewGuarantee.objects.all())

    owed.refresh_from_db()
    assert owed.status == "owed"
    assert not Application.objects.exists()
    assert request._messages == ["0 of 1 owed interview guarantees given."]


def test_cooperation_mode_training_guarantee_admin_action_refuses_a_lapsed_guarantee(
    owed, linked, support, branch_a, bureau_x
):
    agreement_terminate(agreement=linked, actor=bureau_x, reason="企业未履行协议")
    f.JobPostFactory(branch=branch_a)
    request = _request(support, method="post")

    _guarantee_admin().settle(request, InterviewGuarantee.objects.all())

    owed.refresh_from_db()
    assert owed.status == "lapsed"
    assert not Application.objects.exists()
    assert request._messages == [
        f"{owed}: This interview guarantee has lapsed: its agreement ended before an "
        "interview could be arranged, so it can no longer be given.",
        "0 of 0 owed interview guarantees given.",
    ]


def test_cooperation_mode_training_guarantee_admin_action_lapses_one_past_its_agreements_term(
    owed, linked, support, branch_a
):
    f.JobPostFactory(branch=branch_a)
    yesterday = TODAY() - datetime.timedelta(days=1)
    Agreement.objects.filter(pk=linked.pk).update(ends_on=yesterday)
    request = _request(support, method="post")

    _guarantee_admin().settle(request, InterviewGuarantee.objects.all())

    owed.refresh_from_db()
    assert owed.status == "lapsed"
    assert not Application.objects.exists()
    assert AuditEvent.objects.get(action="interview_guarantee.lapsed").actor == support
    assert request._messages == [
        "0 of 1 owed interview guarantees given.",
        "1 lapsed: their agreement is no longer in force.",
    ]
