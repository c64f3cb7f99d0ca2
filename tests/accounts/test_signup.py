import re
import time

import pytest
from django.core import mail, signing
from django.test import Client
from django.urls import reverse

from portal.accounts.models import AuditEvent, User
from portal.accounts.services import EMAIL_VERIFY_SALT, email_verification_token
from tests import factories as f

pytestmark = pytest.mark.django_db

SIGNUP = {
    "username": "wangqiang",
    "email": "wangqiang@example.com",
    "password1": "Lao-Bing-2026!",
    "password2": "Lao-Bing-2026!",
}


@pytest.fixture
def client():
    """Pages in English, so the assertions read the messages' own words."""
    return Client(headers={"Accept-Language": "en"})


@pytest.fixture
def pending(db):
    """An account that signed up and has not opened its link yet."""
    return f.UserFactory(username="pending", email="pending@example.com", is_active=False)


def link_in(message) -> str:
    return re.search(r"https?://\S+/accounts/verify/\S+/", message.body).group(0)


def test_it_creates_an_inactive_veteran_account_and_mails_a_link(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:signup"), SIGNUP)
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:signup_done")
    user = User.objects.get(username="wangqiang")
    assert (user.role, user.is_active, user.email) == ("veteran", False, "wangqiang@example.com")
    assert user.check_password("Lao-Bing-2026!")
    assert mail.outbox[0].to == ["wangqiang@example.com"]
    token = link_in(mail.outbox[0]).rstrip("/").rsplit("/", 1)[-1]
    assert signing.loads(token, salt=EMAIL_VERIFY_SALT)["user"] == user.pk


def test_the_page_after_sign_up_names_the_address(client):
    client.post(reverse("accounts:signup"), SIGNUP)
    response = client.get(reverse("accounts:signup_done"))
    assert "wangqiang@example.com" in response.content.decode()


def test_it_refuses_passwords_that_differ_and_creates_nothing(client):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "password2": "something-else"})
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.exists()
    assert not mail.outbox


def test_it_refuses_an_address_already_registered(client, veteran):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "email": "VETERAN@example.com"})
    assert "email" in response.context["form"].errors
    assert User.objects.count() == 1


def test_it_refuses_a_username_taken_in_another_case(client, veteran):
    response = client.post(reverse("accounts:signup"), {**SIGNUP, "username": "Veteran"})
    assert "username" in response.context["form"].errors
    assert User.objects.count() == 1


def test_the_link_activates_the_account(client, pending):
    response = client.get(reverse("accounts:verify", args=[email_verification_token(pending)]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:login")
    pending.refresh_from_db()
    assert pending.is_active
    assert AuditEvent.objects.for_object(pending).filter(action="account.email_verified").exists()


def test_the_link_from_the_sign_up_mail_works(client, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:signup"), SIGNUP)
    client.get(link_in(mail.outbox[0]).split("127.0.0.1:8000", 1)[-1])
    assert User.objects.get(username="wangqiang").is_active


def test_an_expired_link_is_refused_with_a_message(client, pending, monkeypatch):
    four_days_ago = time.time() - 4 * 24 * 3600
    monkeypatch.setattr(signing.time, "time", lambda: four_days_ago)
    token = email_verification_token(pending)
    monkeypatch.undo()
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 400
    assert "expired" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.is_active


def test_a_link_of_three_days_less_a_minute_still_works(client, pending, monkeypatch):
    almost = time.time() - 3 * 24 * 3600 + 60
    monkeypatch.setattr(signing.time, "time", lambda: almost)
    token = email_verification_token(pending)
    monkeypatch.undo()
    client.get(reverse("accounts:verify", args=[token]))
    pending.refresh_from_db()
    assert pending.is_active


@pytest.mark.parametrize(
    "token",
    ["nonsense", "eyJ1c2VyIjoxfQ:1tXyZ:forged-signature"],
    ids=["garbage", "forged"],
)
def test_an_invalid_link_is_refused_with_a_message(client, pending, token):
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 400
    assert "not valid" in response.content.decode()
    pending.refresh_from_db()
    assert not pending.is_active


def test_a_link_for_an_address_since_changed_is_refused(client, pending):
    token = email_verification_token(pending)
    User.objects.filter(pk=pending.pk).update(email="new@example.com")
    response = client.get(reverse("accounts:verify", args=[token]))
    assert response.status_code == 400
    pending.refresh_from_db()
    assert not pending.is_active


def test_opening_the_link_again_says_the_account_is_verified(client, pending):
    token = email_verification_token(pending)
    client.get(reverse("accounts:verify", args=[token]))
    response = client.get(reverse("accounts:verify", args=[token]), follow=True)
    assert "already verified" in response.content.decode()
    assert AuditEvent.objects.filter(action="account.email_verified").count() == 1


def test_a_link_does_not_revive_an_account_an_administrator_switched_off(client, pending):
    client.get(reverse("accounts:verify", args=[email_verification_token(pending)]))
    User.objects.filter(pk=pending.pk).update(is_active=False)
    client.get(reverse("accounts:verify", args=[email_verification_token(pending)]))
    pending.refresh_from_db()
    assert not pending.is_active


def test_an_account_awaiting_verification_cannot_log_in_and_is_told_why(client, pending):
    response = client.post(
        reverse("accounts:login"), {"username": "pending", "password": "pass-Word-123"}
    )
    assert response.status_code == 200
    assert "not active yet" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_wrong_password_reveals_nothing_about_an_inactive_account(client, pending):
    response = client.post(reverse("accounts:login"), {"username": "pending", "password": "wrong"})
    assert "not active yet" not in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_a_new_link_goes_to_an_account_awaiting_verification(
    client, pending, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:resend_verification"), {"email": "PENDING@example.com"}
        )
    assert response.status_code == 302
    assert mail.outbox[0].to == ["pending@example.com"]


@pytest.mark.parametrize("address", ["veteran@example.com", "nobody@example.com"])
def test_no_link_goes_to_active_or_unknown_addresses_and_the_page_says_the_same(
    client, veteran, address, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("accounts:resend_verification"), {"email": address}, follow=True
        )
    assert "If an account at this address" in response.content.decode()
    assert not mail.outbox


def test_logging_in_leads_to_the_workbench(client, veteran):
    response = client.post(
        reverse("accounts:login"), {"username": "veteran", "password": "pass-Word-123"}
    )
    assert response["Location"] == reverse("accounts:workbench")


def test_a_veteran_without_profile_starts_the_profile_wizard(client, db):
    client.force_login(f.UserFactory())
    response = client.get(reverse("accounts:workbench"))
    assert response["Location"] == reverse("veterans:profile_step", args=["identity"])


def test_a_veteran_with_a_profile_goes_home(client, veteran):
    client.force_login(veteran.user)
    assert client.get(reverse("accounts:workbench"))["Location"] == reverse("home")


@pytest.mark.parametrize(
    ("persona", "url_name"),
    [
        ("hr_a", "jobs:enterprise_post_list"),
        ("bureau_x", "jobs:post_review_queue"),
        ("ministry", "enterprises:agreement_list"),
    ],
    indirect=["persona"],
)
def test_staff_start_at_their_role_s_work(client, persona, url_name):
    client.force_login(persona)
    assert client.get(reverse("accounts:workbench"))["Location"] == reverse(url_name)


def test_the_workbench_wants_a_login(client, db):
    response = client.get(reverse("accounts:workbench"))
    assert response["Location"].startswith(reverse("accounts:login"))
