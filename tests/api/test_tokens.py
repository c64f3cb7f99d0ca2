"""API tokens: a lasting one for veterans and enterprise staff, a short-lived one for
bureau and ministry staff against a one-time password (portal.accounts.authentication)."""

import time

import pytest
from django.core import signing
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import AuditAction, AuditEvent
from tests.accounts.test_mfa import PASSWORD, code_of

pytestmark = pytest.mark.django_db

STAFF_TOKEN = "/api/v1/auth/staff-token/"
REVIEW_QUEUE = "/api/v1/review/posts/"


@pytest.fixture
def device(bureau_x):
    return TOTPDevice.objects.create(user=bureau_x, name="phone", confirmed=True)


def _staff_token(api, user, code):
    return api().post(STAFF_TOKEN, {"username": user.username, "password": PASSWORD, "otp": code})


def _bearer(api, token):
    client = api()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token}")
    return client


def test_a_veterans_token_works_with_the_bearer_keyword(api, veteran):
    answer = api().post("/api/v1/auth/token/", {"username": "veteran", "password": PASSWORD})
    assert _bearer(api, answer.json()["token"]).get("/api/v1/me/profile/").status_code == 200


def test_an_officer_with_the_code_gets_a_token_that_opens_the_review_queue(api, bureau_x, device):
    answer = _staff_token(api, bureau_x, code_of(device))
    assert answer.status_code == 200
    assert _bearer(api, answer.json()["token"]).get(REVIEW_QUEUE).status_code == 200
    assert AuditEvent.objects.filter(action=AuditAction.ACCOUNT_API_TOKEN_ISSUED).count() == 1


def test_a_wrong_code_gets_no_token(api, bureau_x, device):
    answer = _staff_token(api, bureau_x, "000000" if code_of(device) != "000000" else "111111")
    assert answer.status_code == 400
    assert answer.json()["errors"][0]["field"] == "otp"
    assert answer.json()["code"] == "wrong_otp"


def test_the_staff_token_ends_after_its_minutes(api, bureau_x, device, settings, monkeypatch):
    token = _staff_token(api, bureau_x, code_of(device)).json()["token"]
    later = time.time() + settings.STAFF_TOKEN_MINUTES * 60 + 60
    monkeypatch.setattr(signing.time, "time", lambda: later)
    answer = _bearer(api, token).get(REVIEW_QUEUE)
    assert answer.status_code == 403
    assert answer.json()["code"] == "token_expired"


def test_a_password_change_ends_the_staff_token(api, bureau_x, device):
    token = _staff_token(api, bureau_x, code_of(device)).json()["token"]
    bureau_x.set_password("another-Pass-456")
    bureau_x.save()
    assert _bearer(api, token).get(REVIEW_QUEUE).status_code == 403


def test_a_forged_staff_token_is_refused(api, bureau_x, device):
    token = _staff_token(api, bureau_x, code_of(device)).json()["token"]
    assert _bearer(api, token[:-2] + "xx").get(REVIEW_QUEUE).status_code == 403


def test_an_officer_without_an_authenticator_gets_no_token(api, bureau_x):
    answer = _staff_token(api, bureau_x, "123456")
    assert answer.status_code == 403


def test_a_veteran_gets_no_staff_token(api, veteran):
    answer = _staff_token(api, veteran.user, "123456")
    assert answer.status_code == 403
