"""Brute-force lockout (django-axes) per username and client address (#8). The address is
REMOTE_ADDR: a forged X-Forwarded-For neither resets a lockout nor locks out another."""

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories as f

pytestmark = pytest.mark.django_db
LOGIN = "/accounts/login/"


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3


@pytest.fixture
def user(db):
    return f.UserFactory(username="target")


def attempt(password: str, address: str = "203.0.113.7", forwarded: str | None = None) -> int:
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    client = Client(REMOTE_ADDR=address, headers=headers)
    response = client.post(LOGIN, {"username": "target", "password": password})
    return response.status_code


def fail_until_locked(**where) -> None:
    for _ in range(3):
        attempt("wrong", **where)


def test_the_right_password_logs_in_before_any_failure(user):
    assert attempt("pass-Word-123") == 302


def test_wrong_passwords_lock_the_user_out_from_that_address(user):
    fail_until_locked()
    assert attempt("pass-Word-123") == 429


def test_the_lockout_page_says_what_happened(user):
    fail_until_locked()
    response = Client(REMOTE_ADDR="203.0.113.7", headers={"Accept-Language": "en"}).post(
        LOGIN, {"username": "target", "password": "pass-Word-123"}
    )
    assert b"Too many failed logins" in response.content


def test_the_same_user_can_still_log_in_from_another_address(user):
    fail_until_locked()
    assert attempt("pass-Word-123", address="198.51.100.9") == 302


def test_a_forged_forwarded_for_header_does_not_reset_the_lockout(user):
    fail_until_locked()
    assert attempt("pass-Word-123", forwarded="192.0.2.44") == 429


def test_failures_under_a_forged_forwarded_for_count_against_the_real_address(user):
    fail_until_locked(forwarded="198.51.100.9")
    assert attempt("pass-Word-123") == 429


def test_an_attacker_cannot_lock_out_another_address_by_forging_the_header(user):
    fail_until_locked(address="203.0.113.66", forwarded="198.51.100.9")
    assert attempt("pass-Word-123", address="198.51.100.9") == 302


def test_behind_a_trusted_proxy_the_address_it_saw_counts(user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail_until_locked(address=proxy, forwarded="203.0.113.7")
    assert attempt("pass-Word-123", address=proxy, forwarded="203.0.113.7") == 429
    assert attempt("pass-Word-123", address=proxy, forwarded="198.51.100.9") == 302


def test_behind_a_trusted_proxy_a_forged_leftmost_entry_is_ignored(user, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    proxy = "10.0.0.2"
    fail_until_locked(address=proxy, forwarded="203.0.113.7")
    assert attempt("pass-Word-123", address=proxy, forwarded="192.0.2.1, 203.0.113.7") == 429


def test_a_successful_login_clears_the_failures_of_that_address(user):
    attempt("wrong")
    attempt("wrong")
    assert attempt("pass-Word-123") == 302
    attempt("wrong")
    assert attempt("pass-Word-123") == 302


def test_the_api_token_endpoint_gives_no_token_once_locked_out(user):
    from rest_framework.test import APIClient

    client = APIClient(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        client.post("/api/v1/auth/token/", {"username": "target", "password": "wrong"})
    response = client.post(
        "/api/v1/auth/token/", {"username": "target", "password": "pass-Word-123"}
    )
    # Axes refuses inside authenticate(), which DRF reports as bad credentials.
    assert response.status_code == 400
    assert "token" not in response.json()


def test_the_login_page_still_renders(client):
    assert client.get(reverse("accounts:login")).status_code == 200
