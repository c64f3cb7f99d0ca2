import datetime
import hmac
import json
import re
import secrets

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from portal.accounts.models import (
    AuditAction,
    AuditEvent,
    Notification,
    NotificationPreference,
    OutgoingEmail,
    PhoneVerification,
    User,
)
from portal.accounts.notifications import (
    kinds_for,
    notify_after_commit,
    sms_after_commit,
    unread_counters_add,
)
from portal.accounts.security import rate_limit_hit
from portal.copy import copy_line, copy_rows
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


def audit_events_record(*, actor, action: AuditAction, model, pks, note: str = "", **data) -> int:
    """One row of the trail for each object of ``model`` in ``pks``, written in one INSERT:
    a decision on many objects at once is still one event per object."""
    content_type = ContentType.objects.get_for_model(model)
    actor = actor if actor is not None and actor.is_authenticated else None
    events = [
        AuditEvent(
            actor=actor,
            action=AuditAction(action),
            content_type=content_type,
            object_id=str(pk),
            note=note,
            data=data,
        )
        for pk in pks
    ]
    return len(AuditEvent.objects.bulk_create(events, batch_size=2000))


def audit_events_copy(*, actor, action: AuditAction, model, pks, note: str = "", **data) -> int:
    """What audit_events_record writes, by COPY: for the trail of a bulk load of thousands
    of objects (jobs.services.bulk), where building an AuditEvent per object and binding its
    values took seconds. The same rows: one per object, the same time for all."""
    content_type = ContentType.objects.get_for_model(model)
    actor_id = actor.pk if actor is not None and actor.is_authenticated else None
    action = AuditAction(action).value
    # The constant part of every row, then the object's id.
    head = copy_line([actor_id, action, content_type.pk])[:-1]
    tail = copy_line([note, json.dumps(data, cls=DjangoJSONEncoder), timezone.now()])
    lines = [f"{head}\t{pk}\t{tail}" for pk in pks]
    columns = ["actor_id", "action", "content_type_id", "object_id", "note", "data", "created_at"]
    copy_rows(AuditEvent._meta.db_table, columns, lines)
    return len(lines)


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
    with transaction.atomic():
        marked = unread.update(read_at=timezone.now())
        unread_counters_add([user.pk], -marked)
    return bool(marked)


def notifications_mark_all_read(*, user: User) -> int:
    """Mark every unread entry of the user read; how many there were."""
    unread = Notification.objects.filter(user=user, read_at__isnull=True)
    with transaction.atomic():
        marked = unread.update(read_at=timezone.now())
        unread_counters_add([user.pk], -marked)
    return marked


def notification_settings_set(
    *, user: User, language: str, emailed_kinds: set[str], texted_kinds: frozenset = frozenset()
) -> User:
    """The user's language, and which kinds of event also come by e-mail and which by text
    message (the others only to the inbox). Text messages need a verified mobile number."""
    offered = set(kinds_for(user))
    if language not in dict(settings.LANGUAGES):
        raise ValidationError({"language": _("Choose one of the languages offered.")})
    for field, kinds in (("emailed_kinds", emailed_kinds), ("texted_kinds", texted_kinds)):
        if set(kinds) - offered:
            raise ValidationError({field: _("Choose among the kinds of notice offered.")})
    if texted_kinds and not user.phone_verified_at:
        raise ValidationError(
            {"texted_kinds": _("Verify your mobile number first to get text messages.")}
        )
    with transaction.atomic():
        user.language = language
        user.save(update_fields=["language"])
        for kind in offered:
            NotificationPreference.objects.update_or_create(
                user=user,
                kind=kind,
                defaults={"email": kind in emailed_kinds, "sms": kind in texted_kinds},
            )
    return user


def user_language_set(*, user: User, language: str) -> None:
    """The language menu: what the user reads the site in, their messages follow."""
    if language in dict(settings.LANGUAGES) and user.language != language:
        User.objects.filter(pk=user.pk).update(language=language)


# --- a mobile number for text messages -------------------------------------------------------

MOBILE = re.compile(r"1[3-9]\d{9}")


def _mobile(phone: str) -> str:
    """A mainland mobile number, written as people do (spaces, dashes, +86) or not."""
    digits = re.sub(r"[\s-]", "", phone or "").removeprefix("+86")
    if not MOBILE.fullmatch(digits):
        raise ValidationError({"phone": _("Enter an 11-digit mainland mobile number.")})
    return digits


def _code_hash(user: User, code: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{user.pk}:{code}".encode(), "sha256"
    ).hexdigest()


def phone_verification_start(*, user: User, phone: str) -> PhoneVerification:
    """Send a six-digit code to ``phone``; the number is the user's once the code comes back
    (phone_verify). At most SMS_CODES_PER_HOUR codes an hour per user and per number."""
    phone = _mobile(phone)
    limit = settings.SMS_CODES_PER_HOUR
    per_user = rate_limit_hit(scope="sms-code:user", key=str(user.pk), limit=limit)
    per_number = rate_limit_hit(scope="sms-code:phone", key=phone, limit=limit)
    if per_user or per_number:
        raise Conflict(_("Too many codes were sent; please try again in an hour."))
    code = f"{secrets.randbelow(10**6):06d}"
    minutes = settings.SMS_CODE_MINUTES
    with transaction.atomic():
        user.phone_verifications.filter(used_at__isnull=True).update(used_at=timezone.now())
        verification = PhoneVerification.objects.create(
            user=user,
            phone=phone,
            code_hash=_code_hash(user, code),
            expires_at=timezone.now() + datetime.timedelta(minutes=minutes),
        )
        with translation.override(user.language):
            text = _("Your verification code is %(code)s. It is valid for %(minutes)d minutes.")
        text %= {"code": code, "minutes": minutes}
        sms_after_commit(phone=phone, text=text, template="code", params={"code": code})
    return verification


PHONE_CODE_ATTEMPTS = 5


def phone_verify(*, user: User, code: str) -> User:
    """The code of the user's latest verification: right, unexpired and within
    PHONE_CODE_ATTEMPTS tries, it makes the number the user's verified mobile. A wrong
    code counts as a try (committed before the refusal)."""
    with transaction.atomic():
        verification = (
            user.phone_verifications.select_for_update()
            .filter(used_at__isnull=True)
            .order_by("-created_at")
            .first()
        )
        if verification is None or verification.expires_at < timezone.now():
            raise Conflict(_("This code has expired; please ask for a new one."))
        if verification.attempts >= PHONE_CODE_ATTEMPTS:
            raise Conflict(_("Too many wrong codes; please ask for a new one."))
        verification.attempts += 1
        right = hmac.compare_digest(verification.code_hash, _code_hash(user, code.strip()))
        if right:
            verification.used_at = timezone.now()
            user.phone, user.phone_verified_at = verification.phone, verification.used_at
            user.save(update_fields=["phone", "phone_verified_at"])
        verification.save(update_fields=["attempts", "used_at"])
    if not right:
        raise DomainError(_("This code is not right; please check it and try again."))
    return user
