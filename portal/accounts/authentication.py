"""API tokens: the lasting token of a veteran or enterprise user, and the short-lived token
of bureau and ministry staff, issued only against a one-time password.

A lasting token is a bearer secret that no one-time password protects, so staff never hold
one (one made in the admin or a shell is refused). Their token is signed by the portal
(``staff_token_issue``): it names the user, carries the time it was issued, and holds the
hash the session of a password also holds, so it ends after STAFF_TOKEN_MINUTES, at a change
of password, or when the device that issued it is removed. Nothing is stored.

Either token is sent as ``Authorization: Bearer <token>``; ``Token <token>`` (DRF's own
keyword) is accepted too.
"""

import datetime
import functools

from django.conf import settings
from django.core import signing
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.middleware import is_verified
from django_otp.models import Device
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from portal.accounts.middleware import is_staff_user
from portal.accounts.models import User

KEYWORDS = (b"bearer", b"token")
STAFF_TOKEN_SALT = "portal.accounts.staff-api-token"
STAFF_TOKEN_REFUSED = _(
    "Staff accounts use the API with a short-lived token obtained with a one-time password "
    "(auth/staff-token/), not a token."
)
EXPIRED = _("This token has expired or is no longer valid; obtain a new one.")


def staff_token_lifetime() -> datetime.timedelta:
    return datetime.timedelta(minutes=settings.STAFF_TOKEN_MINUTES)


def staff_token_issue(user: User, device: Device) -> tuple[str, datetime.datetime]:
    """A signed token for ``user`` who just presented a code of ``device``, and its end."""
    payload = {"u": user.pk, "d": device.persistent_id, "h": user.get_session_auth_hash()}
    token = signing.TimestampSigner(salt=STAFF_TOKEN_SALT).sign_object(payload)
    return token, timezone.now() + staff_token_lifetime()


def _staff_token_user(token: str) -> User:
    signer = signing.TimestampSigner(salt=STAFF_TOKEN_SALT)
    try:
        payload = signer.unsign_object(token, max_age=staff_token_lifetime())
        user = User.objects.get(pk=payload["u"], is_active=True)
    except (signing.BadSignature, User.DoesNotExist, KeyError, TypeError):
        raise exceptions.AuthenticationFailed(EXPIRED, code="token_expired") from None
    device = Device.from_persistent_id(payload.get("d", ""))
    fresh = payload.get("h") == user.get_session_auth_hash()
    if not (fresh and device is not None and device.user_id == user.pk and device.confirmed):
        raise exceptions.AuthenticationFailed(EXPIRED, code="token_expired")
    # As django-otp's middleware marks a verified session's user.
    user.otp_device = device
    user.is_verified = functools.partial(is_verified, user)
    return user


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if len(words) != 2 or words[0].lower() not in KEYWORDS:
            return None
        try:
            key = words[1].decode()
        except UnicodeError:
            raise exceptions.AuthenticationFailed(EXPIRED, code="token_expired") from None
        if ":" in key:  # signed: a staff token
            user = _staff_token_user(key)
            return user, None
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_staff_user(user):
            raise exceptions.AuthenticationFailed(STAFF_TOKEN_REFUSED, code="staff_token_refused")
        return user, token


def _scheme(target_class: str, name: str, definition: dict) -> type:
    """A drf-spectacular extension: how the schema describes an authentication class."""
    attributes = {
        "target_class": target_class,
        "name": name,
        "priority": 1,  # above drf-spectacular's own description of the class
        "get_security_definition": lambda self, auto_schema: definition,
    }
    return type(f"{name}Scheme", (OpenApiAuthenticationExtension,), attributes)


# HTTP bearer: what client generators and Swagger UI send as it is.
TokenScheme = _scheme(
    "portal.accounts.authentication.TokenAuthentication",
    "tokenAuth",
    {
        "type": "http",
        "scheme": "bearer",
        "description": "The token from auth_token_create (veterans, enterprise staff) or "
        "auth_staff_token_create (bureau and ministry staff, with a one-time password; it "
        "ends after expires_at), sent as `Authorization: Bearer <token>`. `Token <token>` "
        "is accepted too.",
    },
)
SessionScheme = _scheme(
    "rest_framework.authentication.SessionAuthentication",
    "cookieAuth",
    {
        "type": "apiKey",
        "in": "cookie",
        "name": settings.SESSION_COOKIE_NAME,
        "description": "The session of a browser signed in on the site's login page (staff: "
        "also past the one-time password). POST, PUT, PATCH and DELETE also send the "
        f"`{settings.CSRF_COOKIE_NAME}` cookie's value in the `X-CSRFToken` header.",
    },
)
