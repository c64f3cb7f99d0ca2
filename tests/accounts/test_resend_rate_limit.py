"""The resend-verification page counts requests per client address and per e-mail (#8)."""

import uuid

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db
URL = "/accounts/verify/resend/"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.RESEND_VERIFICATION_PER_HOUR = 3


def fresh_address() -> str:
    # Counters live in Redis for an hour: every test uses addresses of its own.
    return f"10.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}.{uuid.uuid4().int % 250}"


def ask(address: str, email: str, forwarded: str | None = None):
    headers = {"Accept-Language": "en", **({"X-Forwarded-For": forwarded} if forwarded else {})}
    return Client(REMOTE_ADDR=address, headers=headers).post(URL, {"email": email})


def test_requests_within_the_limit_are_answered(db):
    address = fresh_address()
    for _ in range(3):
        assert ask(address, f"{uuid.uuid4().hex}@example.com").status_code == 302


def test_one_address_past_the_limit_is_refused_with_a_message(db):
    address = fresh_address()
    for _ in range(3):
        ask(address, f"{uuid.uuid4().hex}@example.com")
    response = ask(address, f"{uuid.uuid4().hex}@example.com")
    assert response.status_code == 429
    assert b"Too many requests" in response.content


def test_one_email_from_many_addresses_is_refused_past_the_limit(db):
    email = f"{uuid.uuid4().hex}@example.com"
    for _ in range(3):
        ask(fresh_address(), email)
    assert ask(fresh_address(), email).status_code == 429


def test_a_forged_forwarded_for_header_does_not_escape_the_limit(db):
    address = fresh_address()
    for _ in range(3):
        ask(address, f"{uuid.uuid4().hex}@example.com", forwarded=fresh_address())
    response = ask(address, f"{uuid.uuid4().hex}@example.com", forwarded=fresh_address())
    assert response.status_code == 429
