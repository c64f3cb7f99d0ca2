"""Bureau and ministry sessions end STAFF_SESSION_HOURS after login, and on logout (#8)."""

import time

import pytest
from django.test import Client

from portal.accounts.middleware import STAFF_LOGIN_AT

pytestmark = pytest.mark.django_db
REVIEW_QUEUE = "/jobs/review/"


def age_session(client: Client, hours: float) -> None:
    session = client.session
    session[STAFF_LOGIN_AT] -= int(hours * 3600)
    session.save()


def test_a_staff_session_cookie_lasts_eight_hours(client, bureau_x):
    client.force_login(bureau_x)
    assert client.session.get_expiry_age() == 8 * 3600


def test_a_staff_session_works_within_eight_hours(client, bureau_x):
    client.force_login(bureau_x)
    age_session(client, 7.9)
    assert client.get(REVIEW_QUEUE).status_code == 200


def test_a_staff_session_ends_after_eight_hours_even_when_active(client, bureau_x):
    client.force_login(bureau_x)
    age_session(client, 8.1)
    response = client.get(REVIEW_QUEUE)
    assert response["Location"] == "/accounts/login/"
    assert "_auth_user_id" not in client.session


def test_a_ministry_session_ends_after_eight_hours(client, ministry):
    client.force_login(ministry)
    age_session(client, 8.1)
    assert client.get("/enterprises/agreements/")["Location"] == "/accounts/login/"


def test_a_veteran_session_keeps_the_ordinary_length(client, veteran):
    client.force_login(veteran.user)
    assert client.session.get_expiry_age() > 8 * 3600


def test_logging_out_ends_the_staff_session(client, bureau_x):
    client.force_login(bureau_x)
    key = client.session.session_key
    client.post("/accounts/logout/")
    assert client.get(REVIEW_QUEUE)["Location"].startswith("/accounts/login/")
    from django.contrib.sessions.models import Session

    assert not Session.objects.filter(session_key=key).exists()


def test_the_login_time_is_recorded_at_login(client, bureau_x):
    before = int(time.time())
    client.force_login(bureau_x)
    assert client.session[STAFF_LOGIN_AT] >= before
