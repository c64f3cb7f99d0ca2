"""One-time passwords (TOTP, django-otp) for bureau staff and ministry admins (#8).

Enrolment shows a QR code drawn on the server (no outside service sees the secret); the
device counts only once a code from it was entered. Enrolment also hands out one-time
recovery codes (django-otp's static tokens, shown once): with one, an officer who lost the
phone gets in and sets up a new one. Without one, an administrator deletes the devices
(Django admin, or ``manage.py mfa_reset <username>``) and the officer enrols again at the
next login.
"""

import datetime

import qrcode
import qrcode.image.svg
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from django_otp import DEVICE_ID_SESSION_KEY, devices_for_user, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.authentication import staff_token_issue
from portal.accounts.middleware import is_staff_user
from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record
from portal.workflow import NotAllowed


def confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


def pending_device(user: User) -> TOTPDevice:
    """The device being enrolled: one unconfirmed TOTP device per user, made on first view."""
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "authenticator"}
    )
    return device


def qr_code_svg(device: TOTPDevice) -> str:
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    return image.to_string(encoding="unicode")


def mfa_enrol(*, request, device: TOTPDevice, token: str) -> bool:
    """Confirm ``device`` with a code read off it; the session counts as verified."""
    if not device.verify_token(token):
        return False
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        # A new phone replaces the old one (after a recovery code let the officer in).
        TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
        audit_event_record(
            actor=device.user, action=AuditAction.ACCOUNT_MFA_ENROLLED, target=device.user
        )
    otp_login(request, device)
    return True


def mfa_verify(*, request, token: str) -> bool:
    device = match_token(request.user, token)
    if device is None or not device.confirmed:
        return False
    otp_login(request, device)
    return True


def session_mark_verified(session, user: User) -> None:
    """Mark a session made without the login form (tests, benchmarks, the load test) as past
    the one-time password step, with the user's confirmed device (made if there is none)."""
    device = confirmed_device(user) or TOTPDevice.objects.create(
        user=user, confirmed=True, name="authenticator"
    )
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()


def mfa_reset(*, user: User, actor: User | None) -> int:
    """Remove every device of ``user`` (lost phone, recovery codes included); they enrol
    again at the next login."""
    with transaction.atomic():
        deleted = 0
        for device in devices_for_user(user, confirmed=None):
            device.delete()
            deleted += 1
        audit_event_record(actor=actor, action=AuditAction.ACCOUNT_MFA_RESET, target=user)
    return deleted


RECOVERY_CODE_COUNT = 10


def recovery_codes_issue(*, user: User) -> list[str]:
    """Ten new one-time codes, replacing any left: returned once, to be shown once. django-otp
    keeps them as they are (its static tokens), like the TOTP key: the database is the
    secret's home either way."""
    with transaction.atomic():
        device, _ = StaticDevice.objects.get_or_create(
            user=user, defaults={"name": "recovery codes", "confirmed": True}
        )
        device.token_set.all().delete()
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
        audit_event_record(
            actor=user, action=AuditAction.ACCOUNT_RECOVERY_CODES_ISSUED, target=user
        )
    return [f"{code[:4]}-{code[4:]}" for code in codes]


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


def normalised_recovery_code(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def mfa_recover(*, request, code: str) -> bool:
    """Let the officer in with a recovery code instead of the phone; the code is used up.
    django-otp throttles wrong codes as it does wrong one-time passwords."""
    device = StaticDevice.objects.filter(user=request.user, confirmed=True).first()
    if device is None or not device.verify_token(normalised_recovery_code(code)):
        return False
    audit_event_record(
        actor=request.user,
        action=AuditAction.ACCOUNT_RECOVERY_CODE_USED,
        target=request.user,
        left=recovery_codes_left(request.user),
    )
    otp_login(request, device)
    return True


def staff_api_token_issue(*, user: User, otp: str) -> tuple[str, datetime.datetime]:
    """A short-lived API token for a staff member who presents a code of their enrolled
    authenticator (the same check, and the same wait after failures, as the site's)."""
    if not is_staff_user(user):
        raise NotAllowed(_("Only bureau and ministry staff obtain a token this way."))
    device = confirmed_device(user)
    if device is None:
        raise NotAllowed(
            _("Set up your authenticator first: log in on the site and follow the steps.")
        )
    if not device.verify_token(otp):
        message = _("The one-time password is wrong or has expired; wait for the next one.")
        raise ValidationError({"otp": ValidationError(message, code="wrong_otp")})
    audit_event_record(actor=user, action=AuditAction.ACCOUNT_API_TOKEN_ISSUED, target=user)
    return staff_token_issue(user, device)
