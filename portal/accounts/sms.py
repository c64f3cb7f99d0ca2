"""Text messages: a small backend interface, chosen by ``SMS_URL``.

- ``console://``: prints each message (development; the default).
- ``locmem://``: keeps them in ``outbox`` (tests).
- ``aliyun://<AccessKeyId>:<AccessKeySecret>@dysmsapi.aliyuncs.com/?sign_name=<签名>
  &notice_template=SMS_...&code_template=SMS_...``: Alibaba Cloud SMS (Dysms), API version
  2017-05-25, action SendSms, signed with HMAC-SHA1 (signature version 1.0) as its
  documentation describes. A provider sends only pre-approved templates: a notice goes as
  the "notice" template with its title as ``${title}``, a verification code as the "code"
  template with ``${code}``. ``aliyun+http://`` talks plain http (a local test server).

A backend raises ``SmsRefused`` when the provider will not take the message (a bad number,
its own limits): sending again would not help. Connection faults and 5xx answers raise
OSError, which the task retries (portal/accounts/tasks.py).
"""

import base64
import datetime
import hashlib
import hmac
import json
import logging
import urllib.error
import urllib.request
import uuid
from dataclasses import dataclass, field
from urllib.parse import parse_qs, quote, urlencode, urlsplit

from django.conf import settings

logger = logging.getLogger(__name__)

outbox: list["SmsMessage"] = []  # the locmem backend's


class SmsRefused(Exception):
    """The provider refused the message for good (its code and message)."""


@dataclass(frozen=True)
class SmsMessage:
    phone: str
    text: str  # the whole message, as the console shows it
    template: str = "notice"  # "notice" or "code"
    params: dict = field(default_factory=dict)  # the template's variables


class ConsoleBackend:
    def send(self, message: SmsMessage) -> str:
        logger.info("SMS to %s: %s", message.phone, message.text)
        return "console"


class LocmemBackend:
    def send(self, message: SmsMessage) -> str:
        outbox.append(message)
        return f"locmem-{len(outbox)}"


def percent_encode(value: str) -> str:
    """RFC 3986 encoding as Alibaba Cloud's signature wants it (space as %20, ~ kept)."""
    return quote(value, safe="~")


def aliyun_signature(params: dict, secret: str, method: str = "GET") -> str:
    """Signature version 1.0: HMAC-SHA1 over METHOD&%2F&<the sorted, encoded query>, keyed
    with the AccessKeySecret and "&", in base64."""
    query = "&".join(
        f"{percent_encode(key)}={percent_encode(str(params[key]))}"
        for key in sorted(params)
        if key != "Signature"
    )
    to_sign = f"{method}&{percent_encode('/')}&{percent_encode(query)}"
    digest = hmac.new(f"{secret}&".encode(), to_sign.encode(), hashlib.sha1).digest()
    return base64.b64encode(digest).decode()


class AliyunBackend:
    VERSION = "2017-05-25"

    def __init__(self, url: str):
        parts = urlsplit(url)
        options = {key: values[0] for key, values in parse_qs(parts.query).items()}
        scheme = "http" if parts.scheme.endswith("+http") else "https"
        self.endpoint = f"{scheme}://{parts.hostname}" + (f":{parts.port}" if parts.port else "")
        self.key_id, self.secret = parts.username or "", parts.password or ""
        self.sign_name = options.get("sign_name", "")
        self.region = options.get("region", "cn-hangzhou")
        self.templates = {
            "notice": options.get("notice_template", ""),
            "code": options.get("code_template", ""),
        }

    def params(self, message: SmsMessage, *, nonce: str, timestamp: str) -> dict:
        params = {
            "AccessKeyId": self.key_id,
            "Action": "SendSms",
            "Format": "JSON",
            "PhoneNumbers": message.phone,
            "RegionId": self.region,
            "SignName": self.sign_name,
            "SignatureMethod": "HMAC-SHA1",
            "SignatureNonce": nonce,
            "SignatureVersion": "1.0",
            "TemplateCode": self.templates[message.template],
            "TemplateParam": json.dumps(message.params, ensure_ascii=False),
            "Timestamp": timestamp,
            "Version": self.VERSION,
        }
        params["Signature"] = aliyun_signature(params, self.secret)
        return params

    def send(self, message: SmsMessage) -> str:
        now = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        params = self.params(message, nonce=uuid.uuid4().hex, timestamp=now)
        url = f"{self.endpoint}/?{urlencode(params, quote_via=quote)}"
        try:
            with urllib.request.urlopen(url, timeout=settings.SMS_TIMEOUT) as response:
                answer = json.load(response)
        except urllib.error.HTTPError as error:
            if error.code >= 500:
                raise OSError(f"Dysms answered {error.code}") from error
            answer = json.load(error)  # 4xx come with the same JSON body
        if answer.get("Code") != "OK":
            raise SmsRefused(f"{answer.get('Code')}: {answer.get('Message')}")
        return answer.get("BizId", "")


BACKENDS = {
    "console": ConsoleBackend,
    "locmem": LocmemBackend,
    "aliyun": AliyunBackend,
    "aliyun+http": AliyunBackend,
}


def sms_backend():
    scheme = urlsplit(settings.SMS_URL).scheme
    backend = BACKENDS[scheme]
    return backend(settings.SMS_URL) if backend is AliyunBackend else backend()
