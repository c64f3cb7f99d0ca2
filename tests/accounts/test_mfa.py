"""One-time passwords for bureau staff and ministry admins (#8), logged in through the
forms as a person would, not with the fixtures' pre-verified force_login."""

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from portal.accounts.models import AuditEvent
from tests import factories as f

pytestmark = pytest.mark.django_db
PASSWORD = "pass-Word-123"
REVIEW_QUEUE = "/jobs/review/"


def code_of(device: TOTPDevice, drift: int = 0) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits, drift=drift):06d}"


def password_login(client: Client, user) -> None:
    response = client.post(
        reverse("accounts:login"), {"username": user.username, "password": PASSWORD}
    )
    assert response.status_code == 302


@pytest.fixture
def officer(db):
    return f.BureauUserFactory(username="officer")


@pytest.fixture
def enrolled(officer):
    return TOTPDevice.objects.create(user=officer, name="phone", confirmed=True)


@pytest.fixture
def client():
    return Client(headers={"Accept-Language": "en"})


def test_an_officer_not_yet_enrolled_is_sent_to_enrolment(client, officer):
    password_login(client, officer)
    response = client.get(REVIEW_QUEUE, follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:mfa_setup"))
    assert b"<svg" in response.content


def test_enrolment_with_the_right_code_confirms_the_device_and_admits(client, officer):
    password_login(client, officer)
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(
        reverse("accounts:mfa_setup"), {"token": code_of(device), "next": REVIEW_QUEUE}
    )
    assert response["Location"] == REVIEW_QUEUE
    assert TOTPDevice.objects.get(user=officer).confirmed
    assert client.get(REVIEW_QUEUE).status_code == 200
    assert AuditEvent.objects.filter(
        action="account.mfa_enrolled", object_id=str(officer.pk)
    ).exists()


def test_enrolment_with_a_wrong_code_confirms_nothing(client, officer):
    password_login(client, officer)
    client.get(reverse("accounts:mfa_setup"))
    response = client.post(reverse("accounts:mfa_setup"), {"token": "000000"})
    assert response.status_code == 200
    assert b"This code is not right" in response.content
    assert not TOTPDevice.objects.filter(user=officer, confirmed=True).exists()


def test_an_enrolled_officer_is_asked_for_the_code_before_any_staff_page(client, enrolled):
    password_login(client, enrolled.user)
    response = client.get(REVIEW_QUEUE)
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))


def test_the_staff_menu_shows_only_once_the_code_is_checked(client, enrolled):
    password_login(client, enrolled.user)
    before = client.get(reverse("accounts:mfa_verify")).content.decode()
    client.post(reverse("accounts:mfa_verify"), {"token": code_of(enrolled)})
    after = client.get(REVIEW_QUEUE).content.decode()

    assert f'href="{REVIEW_QUEUE}"' not in before and "Post review" not in before
    assert f'href="{REVIEW_QUEUE}"' in after and "Post review" in after


def test_a_wrong_code_is_refused(client, enrolled):
    password_login(client, enrolled.user)
    response = client.post(reverse("accounts:mfa_verify"), {"token": code_of(enrolled, drift=5)})
    assert response.status_code == 200
    assert b"This code is not right" in response.content
    assert client.get(REVIEW_QUEUE).status_code == 302


def test_the_right_code_admits(client, enrolled):
    password_login(client, enrolled.user)
    response = client.post(
        reverse("accounts:mfa_verify"), {"token": code_of(enrolled), "next": REVIEW_QUEUE}
    )
    assert response["Location"] == REVIEW_QUEUE
    assert client.get(REVIEW_QUEUE).status_code == 200


def test_the_verify_page_never_redirects_to_another_site(client, enrolled):
    password_login(client, enrolled.user)
    response = client.post(
        reverse("accounts:mfa_verify"),
        {"token": code_of(enrolled), "next": "https://evil.example/"},
    )
    assert response["Location"] == reverse("accounts:workbench")


def test_an_enrolled_officer_cannot_enrol_another_device_before_the_code(client, enrolled):
    password_login(client, enrolled.user)
    response = client.get(reverse("accounts:mfa_setup"))
    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert TOTPDevice.objects.filter(user=enrolled.user).count() == 1


def test_a_ministry_admin_needs_the_code_too(client):
    admin = f.MinistryUserFactory(username="minister")
    TOTPDevice.objects.create(user=admin, name="phone", confirmed=True)
    password_login(client, admin)
    assert client.get("/enterprises/agreements/")["Location"].startswith(
        reverse("accounts:mfa_verify")
    )


def test_veterans_and_enterprise_staff_are_not_asked_for_a_code(client, veteran, hr_a):
    for user in (veteran.user, hr_a):
        client = Client()
        password_login(client, user)
        assert client.get(reverse("accounts:workbench")).status_code == 302
        assert not client.get(reverse("accounts:workbench"))["Location"].startswith(
            "/accounts/mfa/"
        )


def test_the_api_refuses_a_staff_session_without_the_code(enrolled):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    password_login(client, enrolled.user)
    response = client.get("/api/v1/review/posts/")
    assert response.status_code == 403
    assert "one-time password" in response.json()["detail"]


def test_the_api_answers_a_staff_session_with_the_code(enrolled):
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    password_login(client, enrolled.user)
    client.post(reverse("accounts:mfa_verify"), {"token": code_of(enrolled)})
    assert client.get("/api/v1/review/posts/").status_code == 200


def test_staff_get_no_api_token(enrolled):
    response = APIClient().post(
        "/api/v1/auth/token/",
        {"username": enrolled.user.username, "password": PASSWORD},
        format="json",
    )
    assert response.status_code == 403
    assert not Token.objects.filter(user=enrolled.user).exists()


def test_a_staff_token_made_elsewhere_is_refused(enrolled):
    token = Token.objects.create(user=enrolled.user)
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    response = client.get("/api/v1/review/posts/")
    assert response.status_code == 403  # DRF's answer when session auth comes first
    assert "not a token" in response.json()["detail"]


def test_mfa_reset_removes_the_device_and_the_officer_enrols_again(client, enrolled):
    from django.core.management import call_command

    call_command("mfa_reset", enrolled.user.username)
    password_login(client, enrolled.user)
    assert client.get(REVIEW_QUEUE)["Location"].startswith(reverse("accounts:mfa_verify"))
    assert client.get(reverse("accounts:mfa_verify"))["Location"].startswith(
        reverse("accounts:mfa_setup")
    )
