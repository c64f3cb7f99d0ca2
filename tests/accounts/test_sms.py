"""Text messages: the Alibaba Cloud (Dysms) adapter against a local server speaking its API,
the outbox, the daily limit per number, and the notices that go by text message."""

import datetime
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils import timezone

from portal.accounts import sms
from portal.accounts.models import NotificationPreference, OutgoingSms
from portal.accounts.notifications import notify_after_commit, sms_after_commit
from portal.accounts.tasks import send_pending_sms, send_sms

pytestmark = pytest.mark.django_db

# Alibaba Cloud's own example of a signed SendSms request (its SMS API documentation).
DOC_PARAMS = {
    "AccessKeyId": "testId",
    "Action": "SendSms",
    "Format": "XML",
    "OutId": "123",
    "PhoneNumbers": "15300000001",
    "RegionId": "cn-hangzhou",
    "SignName": "阿里云短信测试专用",
    "SignatureMethod": "HMAC-SHA1",
    "SignatureNonce": "45e25e9b-0a6f-4070-8c85-2956eda1b466",
    "SignatureVersion": "1.0",
    "TemplateCode": "SMS_71390007",
    "TemplateParam": '{"customer":"test"}',
    "Timestamp": "2017-07-12T02:42:19Z",
    "Version": "2017-05-25",
}
REQUIRED = {
    "AccessKeyId", "Action", "Format", "PhoneNumbers", "RegionId", "SignName", "Signature",
    "SignatureMethod", "SignatureNonce", "SignatureVersion", "TemplateCode", "TemplateParam",
    "Timestamp", "Version",
}  # fmt: skip
SECRET = "local-secret"


class Dysms(BaseHTTPRequestHandler):
    """SendSms as dysmsapi.aliyuncs.com answers it: checks the signature and the
    parameters, answers JSON with Code "OK" and a BizId, or the error code it was told to."""

    answer: dict = {}
    status = 200
    received: list = []

    def do_GET(self):
        params = dict(parse_qsl(urlsplit(self.path).query))
        self.received.append(params)
        if set(params) != REQUIRED:
            body, status = {"Code": "MissingParameter", "Message": "missing"}, 400
        elif params["Signature"] != sms.aliyun_signature(params, SECRET):
            body, status = {"Code": "SignatureDoesNotMatch", "Message": "bad signature"}, 400
        else:
            body, status = self.answer, self.status
        self.send_response(status)
        self.send_header("Content-Type", "application/json;charset=utf-8")
        self.end_headers()
        self.wfile.write(json.dumps(body).encode())

    def log_message(self, *args):
        pass


@pytest.fixture
def dysms(settings):
    server = HTTPServer(("127.0.0.1", 0), Dysms)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    port = server.server_address[1]
    settings.SMS_URL = (
        f"aliyun+http://LTAItest:{SECRET}@127.0.0.1:{port}/"
        "?sign_name=退役军人就业&notice_template=SMS_100&code_template=SMS_200"
    )
    Dysms.received, Dysms.status = [], 200
    Dysms.answer = {
        "Code": "OK",
        "Message": "OK",
        "BizId": "900619746936498440^0",
        "RequestId": "F655A8D5",
    }
    yield Dysms
    server.shutdown()


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    sms.outbox.clear()


def owed(**fields) -> OutgoingSms:
    fields = {
        "phone": "13800138000",
        "text": "您的申请状态已更新",
        "params": {"title": "状态更新"},
        **fields,
    }
    return OutgoingSms.objects.create(**fields)


def test_sms_signature_matches_the_example_in_alibaba_clouds_documentation():
    assert sms.aliyun_signature(DOC_PARAMS, "testSecret") == "zJDF+Lrzhj/ThnlvIToysFRq6t4="


def test_sms_aliyun_backend_sends_a_signed_request_and_keeps_the_biz_id(dysms):
    message = sms.SmsMessage(phone="13800138000", text="…", params={"title": "面试通知"})

    biz_id = sms.sms_backend().send(message)

    assert biz_id == "900619746936498440^0"
    (params,) = dysms.received
    assert (params["Action"], params["Version"], params["TemplateCode"]) == (
        "SendSms",
        "2017-05-25",
        "SMS_100",
    )
    assert (params["SignName"], json.loads(params["TemplateParam"])) == (
        "退役军人就业",
        {"title": "面试通知"},
    )


def test_sms_a_code_goes_as_the_code_template(dysms):
    sms.sms_backend().send(
        sms.SmsMessage(phone="13800138000", text="…", template="code", params={"code": "042917"})
    )

    assert dysms.received[0]["TemplateCode"] == "SMS_200"


def test_sms_a_refusal_of_the_provider_is_kept_and_never_retried(dysms):
    dysms.answer = {"Code": "isv.MOBILE_NUMBER_ILLEGAL", "Message": "非法手机号", "RequestId": "1"}
    message = owed(created_at=timezone.now())
    OutgoingSms.objects.filter(pk=message.pk).update(
        created_at=timezone.now() - datetime.timedelta(minutes=10)
    )

    assert send_sms(str(message.pk)) is False

    message.refresh_from_db()
    assert message.refused.startswith("isv.MOBILE_NUMBER_ILLEGAL") and message.sent_at is None
    assert send_pending_sms() == 0


def test_sms_a_server_error_of_the_provider_is_retried(dysms):
    dysms.status, dysms.answer = 503, {"Code": "ServiceUnavailable"}

    with pytest.raises(OSError):
        sms.sms_backend().send(sms.SmsMessage(phone="13800138000", text="…"))


def test_sms_a_task_delivered_twice_sends_once():
    message = owed()

    assert (send_sms(str(message.pk)), send_sms(str(message.pk))) == (True, False)
    assert len(sms.outbox) == 1


def test_sms_survives_a_broker_outage_through_the_sweep(
    django_capture_on_commit_callbacks, monkeypatch
):
    def broker_down(*args, **kwargs):
        raise ConnectionError("Redis is down")

    with monkeypatch.context() as patched:
        patched.setattr(send_sms, "delay", broker_down)
        with django_capture_on_commit_callbacks(execute=True):
            assert sms_after_commit(phone="13800138000", text="面试提醒", params={})
    message = OutgoingSms.objects.get()
    assert message.sent_at is None and sms.outbox == []
    OutgoingSms.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=10))

    assert send_pending_sms() == 1

    message.refresh_from_db()
    assert message.sent_at is not None and [m.text for m in sms.outbox] == ["面试提醒"]


def test_sms_at_most_the_daily_limit_goes_to_one_number(settings):
    settings.SMS_PER_NUMBER_PER_DAY = 2

    queued = [sms_after_commit(phone="13800138000", text=f"第{n}条", params={}) for n in range(3)]

    assert queued == [True, True, False]
    assert sms_after_commit(phone="13900139000", text="别的号码", params={})


def _verified(user, phone="13800138000"):
    user.phone, user.phone_verified_at = phone, timezone.now()
    user.save(update_fields=["phone", "phone_verified_at"])
    return user


def test_sms_a_notice_goes_by_text_to_a_verified_number_that_asked_for_it(
    veteran, other_veteran, django_capture_on_commit_callbacks
):
    _verified(veteran.user)
    unverified = other_veteran.user
    unverified.phone = "13900139000"
    unverified.save(update_fields=["phone"])
    for user in (veteran.user, unverified):
        NotificationPreference.objects.create(user=user, kind="job_post_taken_down", sms=True)

    with django_capture_on_commit_callbacks(execute=True):
        notify_after_commit(
            to=[veteran.user.email, unverified.email],
            event="job_post_taken_down",
            context={"post_title": "保安", "enterprise": "甲企业"},
        )

    assert [(m.phone, m.template) for m in sms.outbox] == [("13800138000", "notice")]
    assert "保安" in sms.outbox[0].params["title"]


def test_sms_no_text_for_a_kind_not_asked_for(veteran, django_capture_on_commit_callbacks):
    _verified(veteran.user)

    with django_capture_on_commit_callbacks(execute=True):
        notify_after_commit(to=[veteran.user.email], event="job_post_taken_down", context={})

    assert sms.outbox == [] and not OutgoingSms.objects.exists()
