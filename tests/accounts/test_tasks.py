"""Housekeeping tasks of portal/accounts/tasks.py (daily, CELERY_BEAT_SCHEDULE)."""

import datetime

import pytest
from axes.models import AccessLog
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone

from portal.accounts.tasks import login_log_prune, sessions_clear_expired

pytestmark = pytest.mark.django_db


def session(expires_in: datetime.timedelta) -> str:
    store = SessionStore()
    store["x"] = 1
    store.create()
    Session.objects.filter(pk=store.session_key).update(expire_date=timezone.now() + expires_in)
    return store.session_key


def test_expired_sessions_are_deleted_and_live_ones_kept():
    expired = session(-datetime.timedelta(minutes=1))
    live = session(datetime.timedelta(hours=1))

    sessions_clear_expired()

    assert list(Session.objects.values_list("pk", flat=True)) == [live]
    assert expired != live


def test_login_log_rows_past_the_retention_go_and_recent_ones_stay(settings):
    settings.RETENTION_LOGIN_LOG_DAYS = 30
    old, recent = (
        AccessLog.objects.create(username=name, ip_address="10.0.0.1", user_agent="x")
        for name in ("old", "recent")
    )
    AccessLog.objects.filter(pk=old.pk).update(
        attempt_time=timezone.now() - datetime.timedelta(days=31)
    )

    assert login_log_prune() == 1

    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]
    assert recent.pk
