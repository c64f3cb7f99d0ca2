"""A mobile number gets text messages only after the code sent to it comes back; codes are
throttled and expire. Pages and API alike."""

import datetime

import pytest
from django.utils import timezone

from portal.accounts import sms
from portal.accounts.models import PhoneVerification
from portal.accounts.services import phone_verification_start, phone_verify
from portal.workflow import Conflict, DomainError

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def started(veteran, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        phone_verification_start(user=veteran.user, phone="+86 138-0013-8000")
    return sms.outbox[-1]


def test_sms_code_is_texted_to_the_number_in_the_users_language(started):
    assert started.phone == "13800138000" and started.template == "code"
    assert started.params["code"] in started.text and "验证码" in started.text


def test_sms_the_right_code_makes_the_number_the_users_verified_mobile(veteran, started):
    phone_verify(user=veteran.user, code=started.params["code"])

    veteran.user.refresh_from_db()
    assert veteran.user.phone == "13800138000" and veteran.user.phone_verified_at is not None


def test_sms_a_wrong_code_is_refused_and_counted(veteran, started):
    with pytest.raises(DomainError, match="not right"):
        phone_verify(
            user=veteran.user, code="000000" if started.params["code"] != "000000" else "111111"
        )

    veteran.user.refresh_from_db()
    assert veteran.user.phone_verified_at is None
    assert PhoneVerification.objects.get().attempts == 1


def test_sms_after_five_wrong_codes_even_the_right_one_is_refused(veteran, started):
    PhoneVerification.objects.update(attempts=5)

    with pytest.raises(Conflict, match="Too many wrong codes"):
        phone_verify(user=veteran.user, code=started.params["code"])


def test_sms_an_expired_code_is_refused(veteran, started):
    PhoneVerification.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    with pytest.raises(Conflict, match="expired"):
        phone_verify(user=veteran.user, code=started.params["code"])


def test_sms_a_new_code_voids_the_previous_one(
    veteran, started, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        phone_verification_start(user=veteran.user, phone="13800138000")

    assert PhoneVerification.objects.filter(used_at__isnull=True).count() == 1


def test_sms_codes_are_throttled_per_user_and_per_number(veteran, other_veteran, settings):
    settings.SMS_CODES_PER_HOUR = 2
    for _n in range(2):
        phone_verification_start(user=veteran.user, phone="13800138000")

    with pytest.raises(Conflict, match="Too many codes"):
        phone_verification_start(user=veteran.user, phone="13900139000")
    with pytest.raises(Conflict, match="Too many codes"):
        phone_verification_start(user=other_veteran.user, phone="13800138000")


@pytest.mark.parametrize("phone", ["12345", "23800138000", "1380013800a", ""])
def test_sms_a_number_that_is_not_a_mainland_mobile_is_refused(veteran, phone):
    with pytest.raises(Exception, match="11-digit"):
        phone_verification_start(user=veteran.user, phone=phone)
    assert not PhoneVerification.objects.exists()


# --- the pages ------------------------------------------------------------------------------


def test_sms_pages_verify_a_number_then_offer_text_messages(
    client, veteran, django_capture_on_commit_callbacks
):
    client.force_login(veteran.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/accounts/phone/", {"phone": "13800138000"})
    assert response.url == "/accounts/phone/confirm/"
    code = sms.outbox[-1].params["code"]
    assert (
        client.post("/accounts/phone/confirm/", {"code": code}).url == "/accounts/inbox/settings/"
    )

    page = client.get("/accounts/inbox/settings/").content.decode()
    assert 'name="texted_kinds"' in page and "138****8000" in page


def test_sms_settings_page_offers_no_text_messages_before_a_number_is_verified(client, veteran):
    client.force_login(veteran.user)

    page = client.get("/accounts/inbox/settings/").content.decode()

    assert 'name="texted_kinds"' not in page and "/accounts/phone/" in page


def test_sms_the_confirm_page_shows_a_wrong_code_on_the_form(client, veteran):
    client.force_login(veteran.user)
    client.post("/accounts/phone/", {"phone": "13800138000"})

    response = client.post(
        "/accounts/phone/confirm/", {"code": "abcdef"}, HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    assert response.status_code == 200 and "验证码不正确" in response.content.decode()
