"""The notification centre: every e-mailed event also lands in the recipient's inbox, in
their language, and the kinds they turned off are not e-mailed."""

from pathlib import Path

import pytest
from django.conf import settings
from django.core import mail
from django.db import transaction

from jobs.models import Application
from jobs.services import application_advance
from portal.accounts.models import Notification, NotificationPreference, OutgoingEmail
from portal.accounts.notifications import KINDS, notify_after_commit
from tests import factories as f

pytestmark = pytest.mark.django_db

EMAILS = Path(settings.BASE_DIR) / "templates" / "emails"
# Django's password reset renders its own e-mail (accounts/urls.py), not through the outbox.
OWN_SENDERS = {"password_reset"}


def _advance(application, hr):
    application_advance(application=application, actor=hr, target=Application.Status.VIEWED)


@pytest.fixture
def application(veteran, hr_a, branch_a):
    post = f.JobPostFactory(branch=branch_a, title="仓库管理员")
    return f.ApplicationFactory(post=post, veteran=veteran)


def test_inbox_gets_an_entry_for_every_emailed_event_with_a_link_to_the_object(
    application, hr_a, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        _advance(application, hr_a)

    entry = Notification.objects.get(user=application.veteran.user)
    assert entry.kind == "application_status_changed"
    assert entry.link == f"/jobs/applications/{application.pk}/"
    assert "仓库管理员" in entry.title and entry.read_at is None
    assert [m.to for m in mail.outbox] == [[application.veteran.user.email]]


def test_inbox_entry_and_email_are_in_the_recipients_language(
    application, hr_a, django_capture_on_commit_callbacks
):
    application.veteran.user.language = "en"
    application.veteran.user.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        _advance(application, hr_a)

    entry = Notification.objects.get()
    assert entry.title.startswith("Your application") and "Viewed" in entry.body
    assert mail.outbox[0].subject == entry.title


def test_inbox_recipients_of_two_languages_get_one_email_each_in_their_own(
    veteran, other_veteran, django_capture_on_commit_callbacks
):
    other_veteran.user.language = "en"
    other_veteran.user.save(update_fields=["language"])

    with django_capture_on_commit_callbacks(execute=True):
        notify_after_commit(
            to=[veteran.user.email, other_veteran.user.email],
            event="job_post_taken_down",
            context={"post_title": "保安", "enterprise": "甲企业"},
        )

    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert "下架" in subjects[veteran.user.email]
    assert "taken down" in subjects[other_veteran.user.email]


def test_inbox_a_kind_turned_off_is_not_emailed_but_still_lands_in_the_inbox(
    application, hr_a, django_capture_on_commit_callbacks
):
    NotificationPreference.objects.create(
        user=application.veteran.user, kind="application_status_changed", email=False
    )

    with django_capture_on_commit_callbacks(execute=True):
        _advance(application, hr_a)

    assert Notification.objects.filter(user=application.veteran.user).count() == 1
    assert (OutgoingEmail.objects.count(), mail.outbox) == (0, [])


def test_inbox_leaves_out_an_accounts_own_links_which_are_always_emailed(veteran):
    NotificationPreference.objects.create(user=veteran.user, kind="account_verify", email=False)

    notify_after_commit(to=[veteran.user.email], event="account_verify", context={"token": "t"})

    assert not Notification.objects.exists()
    assert OutgoingEmail.objects.get().recipients == [veteran.user.email]


def test_inbox_an_address_without_an_account_still_gets_the_email():
    notify_after_commit(to=["nobody@example.com"], event="job_post_taken_down", context={})

    assert OutgoingEmail.objects.get().recipients == ["nobody@example.com"]
    assert not Notification.objects.exists()


def test_inbox_a_rolled_back_change_leaves_no_entry(application, hr_a):
    with pytest.raises(RuntimeError), transaction.atomic():
        _advance(application, hr_a)
        raise RuntimeError("the change fails")

    assert not Notification.objects.exists()


def test_inbox_every_email_the_portal_sends_names_a_kind_and_every_kind_an_email():
    events = {path.name.removesuffix("_subject.txt") for path in EMAILS.glob("*_subject.txt")}

    assert events - OWN_SENDERS == set(KINDS)
    for event in KINDS:
        assert (EMAILS / f"{event}_body.txt").exists(), event
