import datetime

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.accounts.models import (
    AuditAction,
    AuditEvent,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    User,
)
from portal.accounts.notifications import kinds_for, notify_after_commit
from portal.workflow import Conflict, DomainError, NotAllowed


def audit_event_record(*, actor, action: AuditAction, target, note: str = "", **data) -> AuditEvent:
    """One row of the trail; ``action`` must be declared in AuditAction (ValueError if not),
    so the trail never holds a name that nothing reads."""
    return AuditEvent.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        action=AuditAction(action),
        content_type=ContentType.objects.get_for_model(target),
        object_id=str(target.pk),
        note=note,
        data=data,
    )


# --- sign-up and e-mail verification ------------------------------------------------------

EMAIL_VERIFY_SALT = "portal.accounts.email-verify"
EMAIL_VERIFY_MAX_AGE = datetime.timedelta(days=3)


def email_verification_token(user: User) -> str:
    """A signed link token; it names the address too, so changing it voids older links."""
    return signing.dumps({"user": user.pk, "email": user.email}, salt=EMAIL_VERIFY_SALT)


def _awaiting_verification(user: User) -> bool:
    # An account an administrator switched off is inactive too; a link must not revive it.
    verified = AuditEvent.objects.for_object(user).filter(action=AuditAction.ACCOUNT_EMAIL_VERIFIED)
    return not user.is_active and not verified.exists()


def verification_email_send(*, user: User) -> None:
    notify_after_commit(
        to=[user.email],
        event="account_verify",
        context={"username": user.username, "token": email_verification_token(user)},
    )


def veteran_signup(
    *, username: str, email: str, password: str, language: str = settings.LANGUAGE_CODE
) -> User:
    """A veteran's account, inactive until the link e-mailed to ``email`` (in the language
    of the sign-up page) is opened."""
    if language not in dict(settings.LANGUAGES):
        language = settings.LANGUAGE_CODE
    user = User(
        username=username, email=email, role=User.Role.VETERAN, is_active=False, language=language
    )
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
            audit_event_record(actor=None, action=AuditAction.ACCOUNT_SIGNED_UP, target=user)
            verification_email_send(user=user)
    except IntegrityError as exc:
        # Another sign-up took the name between the form's check and this insert.
        raise Conflict(_("This username was just taken; please choose another.")) from exc
    return user


def verification_email_resend(*, email: str) -> None:
    """Send a new link to every account at this address still awaiting verification.

    Says nothing about whether such an account exists, so the page cannot be used to
    find out who is registered.
    """
    for user in User.objects.filter(email__iexact=email.strip(), is_active=False):
        if _awaiting_verification(user):
            verification_email_send(user=user)


def email_verify(*, token: str) -> User:
    try:
        claim = signing.loads(
            token, salt=EMAIL_VERIFY_SALT, max_age=EMAIL_VERIFY_MAX_AGE.total_seconds()
        )
    except signing.SignatureExpired as exc:
        raise DomainError(_("This verification link has expired.")) from exc
    except signing.BadSignature as exc:
        raise DomainError(_("This verification link is not valid.")) from exc
    with transaction.atomic():
        user = User.objects.select_for_update().filter(pk=claim.get("user")).first()
        if user is None or user.email != claim.get("email"):
            raise DomainError(_("This verification link is not valid."))
        if not _awaiting_verification(user):
            raise Conflict(_("This account is already verified; please log in."))
        user.is_active = True
        user.save(update_fields=["is_active"])
        audit_event_record(actor=None, action=AuditAction.ACCOUNT_EMAIL_VERIFIED, target=user)
    return user


def unverified_signups_purge(*, now: datetime.datetime) -> int:
    """Delete veteran sign-ups whose e-mail was never verified and whose link expired more
    than RETENTION_UNVERIFIED_SIGNUP_DAYS ago. Their audit rows stay (the trail is kept)
    and one more says the account was purged. Returns how many accounts went."""
    cutoff = (
        now
        - EMAIL_VERIFY_MAX_AGE
        - datetime.timedelta(days=settings.RETENTION_UNVERIFIED_SIGNUP_DAYS)
    )
    verified = AuditEvent.objects.filter(
        content_type=ContentType.objects.get_for_model(User),
        object_id=Cast(OuterRef("pk"), CharField()),
        action=AuditAction.ACCOUNT_EMAIL_VERIFIED,
    )
    expired = User.objects.filter(
        role=User.Role.VETERAN, is_active=False, last_login__isnull=True, date_joined__lt=cutoff
    ).exclude(Exists(verified))
    with transaction.atomic():
        users = list(expired.select_for_update(skip_locked=True))
        for user in users:
            audit_event_record(
                actor=None, action=AuditAction.ACCOUNT_PURGED, target=user, reason="unverified"
            )
        User.objects.filter(pk__in=[user.pk for user in users]).delete()
    return len(users)


def sent_emails_purge(*, now: datetime.datetime) -> int:
    """The outbox keeps addresses and message texts only while it needs them: a sent
    e-mail goes RETENTION_SENT_EMAIL_DAYS after sending; unsent ones stay to be retried."""
    cutoff = now - datetime.timedelta(days=settings.RETENTION_SENT_EMAIL_DAYS)
    deleted, _ = OutgoingEmail.objects.filter(sent_at__lt=cutoff).delete()
    return deleted


# --- the inbox ------------------------------------------------------------------------------


def notification_mark_read(*, notification: Notification, user: User) -> bool:
    """Mark one of the user's own entries read; whether it was unread. A conditional
    UPDATE, so two tabs marking it at once count it once."""
    if notification.user_id != user.pk:
        raise NotAllowed(_("This notification is not yours."))
    unread = Notification.objects.filter(pk=notification.pk, read_at__isnull=True)
    return bool(unread.update(read_at=timezone.now()))


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread entry of the user read; how many there were."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    return unread.update(read_at=timezone.now())


def notification_settings_set(*, user: User, language: str, emailed_kinds: set[str]) -> User:
    """The user's language, and which kinds of event also come by e-mail (the others only
    to the inbox)."""
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    if emailed_kinds - set(kinds_for(user)):
        raise ValidationError({"emailed_kinds": _("Choose among the kinds of notice offered.")})
    with transaction.atomic():
        user.language = language
        user.save(update_fields=["language"])
        for kind in kinds_for(user):
            NotificationPreference.objects.update_or_create(
                user=user, kind=kind, defaults={"email": kind in emailed_kinds}
            )
    return user


def user_language_set(*, user: User, language: str) -> None:
    """The language menu: what the user reads the site in, their messages follow."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)
