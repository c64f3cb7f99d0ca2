"""Training cooperation: an interview guarantee still owed when its agreement ends lapses
(jobs/training/cooperation.py). Terminating or expiring the agreement lapses its owed
guarantees in the same transaction (enterprises.signals.agreement_ended); an agreement that
ended otherwise, or whose term is over before the daily expiry ran, is caught by the
settlement a post's approval runs and by the daily retry. A lapsed guarantee is never given;
the veteran is told once."""

import datetime

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from enterprises.models import Agreement
from enterprises.services import (
    agreement_expire,
    agreement_terminate,
    expire_agreements_past_term,
)
from jobs.models import Application, InterviewGuarantee, JobPost
from jobs.services import job_post_approve
from jobs.training import cooperation
from jobs.training.cooperation import interview_guarantee_settle
from jobs.training.services import enrolment_complete
from portal.accounts.models import AuditEvent, Notification, OutgoingEmail
from portal.workflow import Conflict, InvalidTransition
from tests import factories as f
from tests.threads import race

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

TODAY = timezone.localdate
LAPSED = "interview_guarantee.lapsed"
NOTICE = "interview_guarantee_lapsed"


def _completed(started, bureau_x, veteran) -> InterviewGuarantee:
    enrolment = f.EnrolmentFactory(programme=started, veteran=veteran, status="attending")
    enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=TODAY())
    return InterviewGuarantee.objects.get(enrolment=enrolment)


@pytest.fixture
def owed(linked, started, bureau_x, veteran):
    """Owed to the veteran: enterprise A has no post open."""
    guarantee = _completed(started, bureau_x, veteran)
    assert guarantee.status == InterviewGuarantee.Status.OWED
    return guarantee


def _past_term(agreement) -> None:
    """The term ended yesterday; the daily expiry has not run yet (still active)."""
    yesterday = TODAY() - datetime.timedelta(days=1)
    Agreement.objects.filter(pk=agreement.pk).update(ends_on=yesterday)


def _notices(veteran) -> int:
    return Notification.objects.filter(user=veteran.user, kind=NOTICE).count()


def _terminate(agreement, actor):
    return agreement_terminate(agreement=agreement, actor=actor, reason="企业未履行协议")


# --- the agreement ends ----------------------------------------------------------------------


def test_guarantee_lapses_when_its_agreement_is_terminated(owed, linked, bureau_x, veteran):
    _terminate(linked, bureau_x)

    owed.refresh_from_db()
    assert owed.status == InterviewGuarantee.Status.LAPSED
    assert owed.lapsed_at is not None and owed.application is None
    event = AuditEvent.objects.get(action=LAPSED)
    assert (event.actor, event.object_id) == (bureau_x, str(linked.pk))
    assert (event.data["enrolment"], event.data["agreement_status"]) == (
        owed.enrolment_id,
        "terminated",
    )
    assert _notices(veteran) == 1


def test_guarantee_termination_leaves_a_given_guarantee_alone(linked, started, branch_a, bureau_x):
    given = _completed(started, bureau_x, f.VeteranProfileFactory())
    f.JobPostFactory(branch=branch_a)
    cooperation.interview_guarantees_settle(enterprise_id=branch_a.enterprise_id, actor=None)
    no_consent = f.VeteranProfileFactory(consented=False)
    still_owed = _completed(started, bureau_x, no_consent)

    _terminate(linked, bureau_x)

    given.refresh_from_db()
    still_owed.refresh_from_db()
    assert (given.status, still_owed.status) == ("given", "lapsed")
    assert given.application.status == Application.Status.INTERVIEW
    assert given.lapsed_at is None
    assert _notices(given.veteran) == 0 and _notices(no_consent) == 1
    assert AuditEvent.objects.filter(action=LAPSED).count() == 1


def test_guarantee_lapses_in_the_terminations_transaction(owed, linked, bureau_x, veteran):
    with transaction.atomic():
        _terminate(linked, bureau_x)
        transaction.set_rollback(True)

    owed.refresh_from_db()
    linked.refresh_from_db()
    assert (linked.status, owed.status) == ("active", "owed")
    assert not AuditEvent.objects.filter(action=LAPSED).exists()
    assert _notices(veteran) == 0


def test_guarantee_of_another_agreement_stays_owed_when_one_is_terminated(
    owed, linked, training_agreement, enterprise_b, started, bureau_x
):
    other = training_agreement(enterprise_b)
    enrolment = f.EnrolmentFactory(programme=started, status="attending")
    enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=TODAY())  # owed by both

    _terminate(linked, bureau_x)

    statuses = dict(
        InterviewGuarantee.objects.filter(enrolment=enrolment).values_list("agreement", "status")
    )
    assert statuses == {linked.pk: "lapsed", other.pk: "owed"}
    owed.refresh_from_db()
    assert owed.status == "lapsed"


def test_guarantee_lapses_when_its_agreement_is_marked_expired(owed, linked, bureau_x, veteran):
    agreement_expire(agreement=linked, actor=bureau_x)

    owed.refresh_from_db()
    assert owed.status == InterviewGuarantee.Status.LAPSED
    assert AuditEvent.objects.get(action=LAPSED).data["agreement_status"] == "expired"
    assert _notices(veteran) == 1


def test_guarantee_lapses_when_the_daily_expiry_ends_its_agreement(owed, linked, veteran):
    _past_term(linked)

    assert expire_agreements_past_term() == 1

    owed.refresh_from_db()
    assert owed.status == InterviewGuarantee.Status.LAPSED
    assert AuditEvent.objects.get(action=LAPSED).actor is None
    assert _notices(veteran) == 1


# --- a lapsed guarantee is never given ---------------------------------------------------------


def _publish(branch_a, bureau_x) -> JobPost:
    pending = f.JobPostFactory(branch=branch_a, status=JobPost.Status.PENDING, published_at=None)
    return job_post_approve(post=pending, reviewer=bureau_x)


def test_guarantee_lapsed_is_not_given_when_the_enterprise_publishes_a_post(
    owed, linked, branch_a, bureau_x
):
    _terminate(linked, bureau_x)

    _publish(branch_a, bureau_x)

    owed.refresh_from_db()
    assert (owed.status, owed.application) == ("lapsed", None)
    assert not Application.objects.exists()


def test_guarantee_past_its_agreements_term_lapses_when_a_post_is_published(
    owed, linked, branch_a, bureau_x, veteran
):
    _past_term(linked)

    _publish(branch_a, bureau_x)

    owed.refresh_from_db()
    assert (owed.status, owed.application) == ("lapsed", None)
    assert not Application.objects.exists()
    assert AuditEvent.objects.get(action=LAPSED).actor == bureau_x
    assert _notices(veteran) == 1


def test_guarantee_lapsed_is_not_given_by_the_retry(owed, linked, branch_a, bureau_x):
    _terminate(linked, bureau_x)
    f.JobPostFactory(branch=branch_a)

    counts = cooperation.interview_guarantees_retry_owed()

    assert counts == cooperation.RetryCounts(given=0, still_owed=0, lapsed=0, failed=0)
    owed.refresh_from_db()
    assert owed.status == "lapsed"
    assert not Application.objects.exists()


def test_guarantee_of_an_agreement_past_its_term_lapses_on_retry(owed, linked, branch_a, veteran):
    f.JobPostFactory(branch=branch_a)  # open, but the agreement's promise is over
    _past_term(linked)

    counts = cooperation.interview_guarantees_retry_owed()

    assert counts == cooperation.RetryCounts(given=0, still_owed=0, lapsed=1, failed=0)
    owed.refresh_from_db()
    assert owed.status == "lapsed" and owed.lapsed_at is not None
    assert not Application.objects.exists()
    assert AuditEvent.objects.get(action=LAPSED).actor is None


def test_guarantee_lapsed_on_retry_tells_the_veteran_once(owed, linked, veteran):
    _past_term(linked)

    first = cooperation.interview_guarantees_retry_owed()
    second = cooperation.interview_guarantees_retry_owed()

    assert (first.lapsed, second.lapsed) == (1, 0)
    assert _notices(veteran) == 1
    assert AuditEvent.objects.filter(action=LAPSED).count() == 1


def test_guarantee_lapsed_is_refused_by_the_settlement(owed, linked, branch_a, bureau_x):
    _terminate(linked, bureau_x)
    f.JobPostFactory(branch=branch_a)

    with pytest.raises(Conflict, match="has lapsed"):
        interview_guarantee_settle(guarantee_id=owed.pk, actor=bureau_x)

    owed.refresh_from_db()
    assert owed.status == "lapsed"
    assert not Application.objects.exists()


def test_guarantee_given_never_lapses(owed, branch_a):
    f.JobPostFactory(branch=branch_a)
    interview_guarantee_settle(guarantee_id=owed.pk, actor=None)
    owed.refresh_from_db()

    with pytest.raises(InvalidTransition):
        owed.lapse()


# --- what the veteran and the agreement's page show ---------------------------------------------


def test_guarantee_lapsed_reads_on_my_training(client, owed, linked, bureau_x, veteran):
    _terminate(linked, bureau_x)
    client.force_login(veteran.user)

    page = client.get(reverse("jobs:my_training")).content.decode()

    assert 'data-interview-guarantee="lapsed"' in page
    assert f"The cooperation agreement with {linked.enterprise.name} has ended" in page
    assert "will be arranged when it publishes a post" not in page


def test_guarantee_lapsed_reads_on_the_agreement_page(client, owed, linked, bureau_x, veteran):
    _terminate(linked, bureau_x)
    client.force_login(bureau_x)

    page = client.get(reverse("enterprises:agreement_detail", args=[linked.pk])).content.decode()

    assert "Interviews given: 0 · owed: 0 · lapsed with the agreement: 1" in page
    assert "Lapsed: the agreement ended before an interview was arranged" in page
    assert "status-expired" in page


def test_guarantee_lapsed_email_tells_the_veteran_why_in_their_language(
    owed, linked, bureau_x, veteran
):
    before = list(OutgoingEmail.objects.values_list("pk", flat=True))

    _terminate(linked, bureau_x)

    email = OutgoingEmail.objects.exclude(pk__in=before).get(recipients=[veteran.user.email])
    # In the veteran's language (Chinese first).
    assert email.subject == f"您在{linked.enterprise.name}的待兑现面试已失效"
    assert "现在协议已结束，这项面试保障随之失效" in email.body


@pytest.mark.django_db(transaction=True)
def test_guarantee_terminated_while_being_given_ends_given_or_lapsed_never_both(
    owed, linked, branch_a, bureau_x, veteran
):
    """The termination and a settlement at once, each on its own connection: whichever
    locks the guarantee first decides; no deadlock, no lapsed guarantee on an interview."""
    f.JobPostFactory(branch=branch_a)

    def settle():
        try:
            return interview_guarantee_settle(guarantee_id=owed.pk, actor=None)
        except Conflict:  # the termination lapsed it first
            return "refused"

    results, errors = race([lambda: _terminate(linked, bureau_x).status, settle])

    assert [str(e) for e in errors] == []
    owed.refresh_from_db()
    assert "terminated" in results
    if owed.status == "given":
        assert "given" in results
        assert owed.application.status == Application.Status.INTERVIEW
        assert _notices(veteran) == 0
    else:
        assert "refused" in results or "lapsed" in results
        assert owed.status == "lapsed" and owed.application is None
        assert not Application.objects.exists()
        assert _notices(veteran) == 1
