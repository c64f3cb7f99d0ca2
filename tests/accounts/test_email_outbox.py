"""E-mails are rows first, then a keyed task: redelivery never sends twice, a lost task is
sent by the sweep."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from portal.accounts.models import OutgoingEmail
from portal.accounts.notifications import notify_after_commit
from portal.accounts.tasks import send_email, send_pending_emails

pytestmark = pytest.mark.django_db

VERIFY = {"username": "veteran", "token": "abc"}


def owed(subject="您的申请已收到") -> OutgoingEmail:
    return OutgoingEmail.objects.create(subject=subject, body="正文", recipients=["a@example.com"])


def test_a_task_delivered_twice_sends_its_email_once():
    email = owed()

    first, second = send_email(str(email.pk)), send_email(str(email.pk))

    assert (first, second, len(mail.outbox)) == (True, False, 1)
    email.refresh_from_db()
    assert email.sent_at is not None


def test_the_email_row_is_written_with_the_change_and_sent_after_commit(
    django_capture_on_commit_callbacks, veteran
):
    with django_capture_on_commit_callbacks(execute=True):
        notify_after_commit(to=[veteran.user.email], event="account_verify", context=VERIFY)

    assert OutgoingEmail.objects.get().sent_at is not None
    assert len(mail.outbox) == 1


def test_a_rolled_back_change_leaves_no_email_row(django_capture_on_commit_callbacks, veteran):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            notify_after_commit(to=[veteran.user.email], event="account_verify", context=VERIFY)
            raise RuntimeError("the change fails")

    assert (OutgoingEmail.objects.count(), callbacks, mail.outbox) == (0, [], [])


def test_the_sweep_sends_an_email_whose_task_was_lost_and_only_that_one():
    lost = owed("丢失的任务")
    OutgoingEmail.objects.filter(pk=lost.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )
    owed("刚写入，任务在路上")

    assert send_pending_emails() == 1
    assert [message.subject for message in mail.outbox] == ["丢失的任务"]


def test_a_change_still_succeeds_when_redis_cannot_take_the_task(
    django_capture_on_commit_callbacks, veteran, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(send_email, "delay", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        notify_after_commit(to=[veteran.user.email], event="account_verify", context=VERIFY)

    assert OutgoingEmail.objects.get().sent_at is None  # the sweep will send it
