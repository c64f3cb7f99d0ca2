"""One-time passwords for bureau staff and ministry admins (#8), logged in through the
forms as a person would, not with the fixtures' pre-verified force_login."""

import re

import pytest
from django.test import Client
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
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
    assert response.status_code == 200  # the recovery codes, then on to REVIEW_QUEUE
    assert f'href="{REVIEW_QUEUE}"' in response.content.decode()
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


def test_the_api_refuses_a_staff_session_without_the_code(client, enrolled):
    password_login(client, enrolled.user)
    response = client.get("/api/v1/review/posts/")
    assert response.status_code == 403
    assert "one-time password" in response.json()["detail"]


def test_the_api_answers_a_staff_session_with_the_code(client, enrolled):
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


# --- recovery codes (django-otp's static tokens) -------------------------------------------

RECOVERY_CODE = re.compile(r"<code>([a-z2-7]{4}-[a-z2-7]{4})</code>")


def enrol(client, officer) -> list[str]:
    """Enrol through the page; the recovery codes it shows."""
    password_login(client, officer)
    client.get(reverse("accounts:mfa_setup"))
    device = TOTPDevice.objects.get(user=officer, confirmed=False)
    response = client.post(reverse("accounts:mfa_setup"), {"token": code_of(device)})
    return RECOVERY_CODE.findall(response.content.decode())


def test_enrolment_shows_ten_recovery_codes_once(client, officer):
    codes = enrol(client, officer)

    assert len(set(codes)) == 10
    assert StaticToken.objects.filter(device__user=officer).count() == 10
    page = client.get(reverse("accounts:mfa_recovery_codes")).content.decode()
    assert RECOVERY_CODE.findall(page) == [] and "10 recovery codes left" in page


def test_a_recovery_code_admits_an_officer_who_lost_the_phone_once(client, officer):
    code = enrol(client, officer)[0]
    client.post(reverse("accounts:logout"))
    password_login(client, officer)

    response = client.post(
        reverse("accounts:mfa_recover"), {"code": code.upper(), "next": REVIEW_QUEUE}
    )

    assert response["Location"].startswith(reverse("accounts:mfa_setup"))
    assert client.get(REVIEW_QUEUE).status_code == 200
    assert StaticToken.objects.filter(device__user=officer).count() == 9
    assert AuditEvent.objects.filter(
        action="account.recovery_code_used", object_id=str(officer.pk)
    ).exists()


def test_a_used_recovery_code_is_refused_the_second_time(client, officer):
    code = enrol(client, officer)[0]
    for _ in range(2):
        client.post(reverse("accounts:logout"))
        password_login(client, officer)
        response = client.post(reverse("accounts:mfa_recover"), {"code": code})

    assert response.status_code == 200
    assert b"This recovery code is not right" in response.content
    assert client.get(REVIEW_QUEUE).status_code == 302


def test_a_wrong_recovery_code_is_refused_and_throttled(client, officer):
    enrol(client, officer)
    client.post(reverse("accounts:logout"))
    password_login(client, officer)

    client.post(reverse("accounts:mfa_recover"), {"code": "aaaa-aaaa"})

    device = StaticDevice.objects.get(user=officer)
    assert device.throttling_failure_count == 1
    assert client.get(REVIEW_QUEUE).status_code == 302


def test_after_a_recovery_code_the_officer_replaces_the_lost_phone(client, officer):
    code = enrol(client, officer)[0]
    lost_phone = TOTPDevice.objects.get(user=officer)
    client.post(reverse("accounts:logout"))
    password_login(client, officer)
    client.post(reverse("accounts:mfa_recover"), {"code": code})

    client.get(reverse("accounts:mfa_setup"))
    new_phone = TOTPDevice.objects.get(user=officer, confirmed=False)
    client.post(reverse("accounts:mfa_setup"), {"token": code_of(new_phone)})

    assert list(TOTPDevice.objects.filter(user=officer)) == [new_phone]
    assert not TOTPDevice.objects.filter(pk=lost_phone.pk).exists()


def test_new_recovery_codes_replace_the_old_ones(client, officer):
    old = enrol(client, officer)

    response = client.post(reverse("accounts:mfa_recovery_codes"))

    new = RECOVERY_CODE.findall(response.content.decode())
    assert len(new) == 10 and not set(new) & set(old)
    assert response["Cache-Control"].startswith("max-age=0")
    client.post(reverse("accounts:logout"))
    password_login(client, officer)
    assert b"not right" in client.post(reverse("accounts:mfa_recover"), {"code": old[0]}).content


def test_the_recovery_codes_page_needs_the_second_factor_first(client, enrolled):
    password_login(client, enrolled.user)

    response = client.post(reverse("accounts:mfa_recovery_codes"))

    assert response["Location"].startswith(reverse("accounts:mfa_verify"))
    assert not StaticToken.objects.exists()


def test_mfa_reset_removes_the_recovery_codes_too(client, officer):
    from django.core.management import call_command

    code = enrol(client, officer)[0]
    call_command("mfa_reset", officer.username)
    client.post(reverse("accounts:logout"))
    password_login(client, officer)

    assert b"not right" in client.post(reverse("accounts:mfa_recover"), {"code": code}).content
