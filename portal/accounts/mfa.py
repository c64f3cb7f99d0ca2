"""One-time passwords (TOTP, django-otp) for bureau staff and ministry admins (#8).

Enrolment shows a QR code drawn on the server (no outside service sees the secret); the
device counts only once a code from it was entered. Losing the phone: an administrator
deletes the device (Django admin, "TOTP devices", or ``manage.py mfa_reset <username>``)
and the officer enrols again at the next login.
"""

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import DEVICE_ID_SESSION_KEY, match_token
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record


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
        TOTPDevice.objects.filter(user=device.user, confirmed=False).delete()
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
    """Remove every device of ``user`` (lost phone); they enrol again at the next login."""
    with transaction.atomic():
        deleted, _ = TOTPDevice.objects.filter(user=user).delete()
        audit_event_record(actor=actor, action=AuditAction.ACCOUNT_MFA_RESET, target=user)
    return deleted
