"""The mobile number and text messages through the API, refused as the pages refuse."""

import pytest

from portal.accounts import sms
from portal.accounts.models import NotificationPreference
from tests.api.conftest import field_errors

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


@pytest.fixture
def api_texting(api, django_capture_on_commit_callbacks):
    """The API client of a persona; its requests' text messages reach sms.outbox."""

    def make(persona):
        client = api(persona)
        post = client.post

        def post_and_send(*args, **kwargs):
            with django_capture_on_commit_callbacks(execute=True):
                return post(*args, **kwargs)

        client.post = post_and_send
        return client

    return make


def test_sms_api_verifies_a_number_and_turns_text_messages_on(api_texting, veteran):
    client = api_texting(veteran)

    assert (
        client.post(
            "/api/v1/me/phone/verification/", {"phone": "13800138000"}, format="json"
        ).status_code
        == 201
    )
    answer = client.post(
        "/api/v1/me/phone/verification/confirm/",
        {"code": sms.outbox[-1].params["code"]},
        format="json",
    )
    assert answer.json()["phone"] == "138****8000"

    settings = {"language": "zh-hans", "emailed_kinds": [], "texted_kinds": ["application_hired"]}
    answer = client.post("/api/v1/me/notification-settings/update/", settings, format="json")
    assert answer.json()["texted_kinds"] == ["application_hired"]
    assert NotificationPreference.objects.get(user=veteran.user, kind="application_hired").sms


def test_sms_api_refuses_text_messages_without_a_verified_number_as_the_page_does(
    api_texting, veteran
):
    data = {"language": "zh-hans", "emailed_kinds": [], "texted_kinds": ["application_hired"]}

    answer = api_texting(veteran).post(
        "/api/v1/me/notification-settings/update/", data, format="json"
    )

    assert answer.status_code == 400
    assert field_errors(answer) == {
        "texted_kinds": ["Verify your mobile number first to get text messages."]
    }
    assert not NotificationPreference.objects.exists()


def test_sms_api_refuses_a_wrong_code_with_400(api_texting, veteran):
    client = api_texting(veteran)
    client.post("/api/v1/me/phone/verification/", {"phone": "13800138000"}, format="json")

    answer = client.post(
        "/api/v1/me/phone/verification/confirm/", {"code": "abcdef"}, format="json"
    )

    assert answer.status_code == 400
    assert answer.json()["detail"] == "This code is not right; please check it and try again."


def test_sms_api_throttles_codes_with_409(api_texting, veteran, settings):
    settings.SMS_CODES_PER_HOUR = 1
    client = api_texting(veteran)
    client.post("/api/v1/me/phone/verification/", {"phone": "13800138000"}, format="json")

    answer = client.post("/api/v1/me/phone/verification/", {"phone": "13800138000"}, format="json")

    assert answer.status_code == 409 and "Too many codes" in answer.json()["detail"]
