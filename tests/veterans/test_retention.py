"""The daily retention run deletes what is past its time, files included, keeps the audit
trail, and finds nothing to do the second time (#8)."""

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from portal.accounts.models import AuditEvent, OutgoingEmail, User
from tests import factories as f
from tests import pdfs
from veterans.models import Consent, Resume
from veterans.services import (
    consent_give,
    consent_withdraw,
    personal_data_purge,
    resume_upload,
)
from veterans.tasks import personal_data_purge as purge_task

pytestmark = pytest.mark.django_db
PDF = pdfs.ONE_PAGE
DAY = datetime.timedelta(days=1)


def upload(profile) -> Resume:
    return resume_upload(
        profile=profile, uploaded_file=SimpleUploadedFile("cv.pdf", PDF, "application/pdf")
    )


def withdraw(profile, days_ago: int) -> None:
    consent_give(user=profile.user, purpose=Consent.Purpose.SENSITIVE_DATA, version="2026-01")
    consent_withdraw(user=profile.user, purpose=Consent.Purpose.SENSITIVE_DATA)
    Consent.objects.filter(user=profile.user).update(
        given_at=timezone.now() - (days_ago + 1) * DAY,
        withdrawn_at=timezone.now() - days_ago * DAY,
    )


@pytest.fixture(autouse=True)
def _days(settings):
    settings.RETENTION_RESUME_DAYS = 30
    settings.RETENTION_UNVERIFIED_SIGNUP_DAYS = 30
    settings.RETENTION_SENT_EMAIL_DAYS = 30


def test_resumes_go_30_days_after_consent_was_withdrawn_files_included(
    veteran, django_capture_on_commit_callbacks
):
    resume = upload(veteran)

    withdraw(veteran, days_ago=31)
    with django_capture_on_commit_callbacks(execute=True):
        counts = personal_data_purge()
    assert counts["resumes"] == 1
    assert not Resume.objects.filter(pk=resume.pk).exists()
    assert not resume.file.storage.exists(resume.file.name)
    assert AuditEvent.objects.filter(action="resume.purged", object_id=str(resume.pk)).exists()


def test_a_second_run_does_nothing(veteran, django_capture_on_commit_callbacks):
    upload(veteran)
    withdraw(veteran, days_ago=31)
    with django_capture_on_commit_callbacks(execute=True):
        personal_data_purge()
    events = AuditEvent.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert personal_data_purge() == {"resumes": 0, "unverified_signups": 0, "sent_emails": 0}
    assert AuditEvent.objects.count() == events


def test_resumes_stay_within_the_retention_period(veteran):
    resume = upload(veteran)
    withdraw(veteran, days_ago=29)
    assert personal_data_purge()["resumes"] == 0
    assert Resume.objects.filter(pk=resume.pk).exists()


def test_resumes_stay_when_consent_was_given_again(veteran):
    resume = upload(veteran)
    withdraw(veteran, days_ago=31)
    f.ConsentFactory(user=veteran.user)
    assert personal_data_purge()["resumes"] == 0
    assert Resume.objects.filter(pk=resume.pk).exists()


def test_resumes_of_a_veteran_who_never_withdrew_stay(veteran, other_veteran):
    upload(veteran)
    upload(other_veteran)
    assert personal_data_purge()["resumes"] == 0
    assert Resume.objects.count() == 2


def test_resumes_of_a_closed_account_go_after_the_retention_period(veteran):
    resume = upload(veteran)
    User.objects.filter(pk=veteran.user_id).update(
        is_active=False, last_login=timezone.now() - 31 * DAY
    )
    assert personal_data_purge()["resumes"] == 1
    assert not Resume.objects.filter(pk=resume.pk).exists()


def test_expired_unverified_sign_ups_are_deleted_and_their_trail_is_kept(db):
    old = f.UserFactory(is_active=False)
    AuditEvent.objects.create(
        action="account.signed_up", content_type_id=_user_type(), object_id=str(old.pk)
    )
    User.objects.filter(pk=old.pk).update(date_joined=timezone.now() - 34 * DAY)
    assert personal_data_purge()["unverified_signups"] == 1
    assert not User.objects.filter(pk=old.pk).exists()
    trail = AuditEvent.objects.filter(object_id=str(old.pk)).values_list("action", flat=True)
    assert set(trail) == {"account.signed_up", "account.purged"}


def test_recent_unverified_sign_ups_stay(db):
    recent = f.UserFactory(is_active=False)
    User.objects.filter(pk=recent.pk).update(date_joined=timezone.now() - 32 * DAY)
    assert personal_data_purge()["unverified_signups"] == 0
    assert User.objects.filter(pk=recent.pk).exists()


def test_an_account_deactivated_after_verification_is_not_a_sign_up_to_purge(db):
    closed = f.UserFactory(is_active=False)
    AuditEvent.objects.create(
        action="account.email_verified", content_type_id=_user_type(), object_id=str(closed.pk)
    )
    User.objects.filter(pk=closed.pk).update(date_joined=timezone.now() - 400 * DAY)
    assert personal_data_purge()["unverified_signups"] == 0
    assert User.objects.filter(pk=closed.pk).exists()


def test_staff_accounts_are_never_purged(db):
    officer = f.BureauUserFactory(is_active=False)
    User.objects.filter(pk=officer.pk).update(date_joined=timezone.now() - 400 * DAY)
    assert personal_data_purge()["unverified_signups"] == 0


def test_the_task_runs_the_purge_and_is_scheduled_daily(veteran, settings):
    upload(veteran)
    withdraw(veteran, days_ago=31)
    assert purge_task.delay().get() == {"resumes": 1, "unverified_signups": 0, "sent_emails": 0}
    schedule = settings.CELERY_BEAT_SCHEDULE["purge-expired-personal-data"]
    assert schedule["task"] == "veterans.tasks.personal_data_purge"


def _user_type() -> int:
    from django.contrib.contenttypes.models import ContentType

    return ContentType.objects.get_for_model(User).pk


def _outgoing(sent_days_ago: int | None) -> OutgoingEmail:
    sent_at = None if sent_days_ago is None else timezone.now() - sent_days_ago * DAY
    return OutgoingEmail.objects.create(
        subject="s", body="b", recipients=["v@example.com"], sent_at=sent_at
    )


def test_sent_e_mails_go_30_days_after_sending_and_a_second_run_finds_none(db):
    old, recent = _outgoing(sent_days_ago=31), _outgoing(sent_days_ago=29)
    assert personal_data_purge()["sent_emails"] == 1
    assert personal_data_purge()["sent_emails"] == 0
    assert list(OutgoingEmail.objects.values_list("pk", flat=True)) == [recent.pk]
    assert not OutgoingEmail.objects.filter(pk=old.pk).exists()


def test_unsent_e_mails_stay_in_the_outbox_however_old(db):
    unsent = _outgoing(sent_days_ago=None)
    OutgoingEmail.objects.filter(pk=unsent.pk).update(created_at=timezone.now() - 90 * DAY)
    assert personal_data_purge()["sent_emails"] == 0
    assert OutgoingEmail.objects.filter(pk=unsent.pk).exists()
