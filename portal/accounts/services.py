import datetime
import hmac
import json
import re
import secrets

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.core import signing
from django.core.exceptions import ValidationError
from django.core.serializers.json import DjangoJSONEncoder
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import CharField, Exists, OuterRef, Q
from django.db.models.functions import Cast
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from rest_framework.authtoken.models import Token

from portal.accounts import personal_data
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
from portal.accounts.policies import (
    may_deactivate_officer,
    may_delete_account,
    may_manage_officers,
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


# --- staff accounts: created by a manager, deactivated by a manager --------------------------


def user_activation(user: User) -> dict:
    """The context of an invitation e-mail's set-password link (Django's password reset)."""
    return {
        "user": user,
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": default_token_generator.make_token(user),
    }


def staff_account_create(
    *, role: str, email: str, username: str, first_name="", last_name="", region=None, **flags
) -> User:
    """A staff account without a password (the invitation's link sets it); the caller
    checks its own rule, records its event and sends the invitation in its transaction."""
    validate_email(email)
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        role=role,
        first_name=first_name,
        last_name=last_name,
        region=region,
        **flags,
    )
    user.set_unusable_password()
    user.full_clean(validate_unique=False)
    if User.objects.filter(Q(username=username) | Q(email__iexact=user.email)).exists():
        raise Conflict(_("An account with this user name or e-mail address already exists."))
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError:
        raise Conflict(_("An account with this user name already exists.")) from None
    return user


def account_deactivate(*, account: User, manager: User) -> User:
    """Close a staff account for good: no sign-in, no token, no session; its rows stay
    (what it reviewed and recorded is other people's record). The caller checked its rule."""
    with transaction.atomic():
        account = User.objects.select_for_update().get(pk=account.pk)
        if not account.is_active:
            raise Conflict(_("This account is already deactivated."))
        account.is_active = False
        account.save(update_fields=["is_active"])
        Token.objects.filter(user=account).delete()
        audit_event_record(actor=manager, action=AuditAction.ACCOUNT_DEACTIVATED, target=account)
    # Its open sessions end at their next request: Django's ModelBackend finds no user for an
    # inactive account (and staff tokens name active users only).
    return account


def officer_account_create(
    *, manager: User, email: str, username: str, region, first_name="", last_name=""
) -> User:
    """An officer of the manager's region subtree, invited to set a password."""
    may_manage_officers.require(manager, region)
    with transaction.atomic():
        officer = staff_account_create(
            role=User.Role.BUREAU,
            email=email,
            username=username,
            first_name=first_name,
            last_name=last_name,
            region=region,
        )
        audit_event_record(
            actor=manager, action=AuditAction.OFFICER_ACCOUNT_CREATED, target=officer
        )
        notify_after_commit(
            to=[officer.email],
            event="officer_account_created",
            context={"manager": manager, "region": region, **user_activation(officer)},
        )
    return officer


def officer_account_deactivate(*, officer: User, manager: User) -> User:
    may_deactivate_officer.require(manager, officer)
    return account_deactivate(account=officer, manager=manager)


# --- a person's own data (PIPL): the download and the deletion ------------------------------


def personal_data_export(*, user: User) -> dict:
    """Everything the portal holds about ``user`` (portal/accounts/personal_data.py),
    recorded as an event: the download carries the full numbers."""
    data = personal_data.collect(user)
    audit_event_record(actor=user, action=AuditAction.ACCOUNT_DATA_EXPORTED, target=user)
    return data


def _words_of(user: User) -> set[str]:
    """What identifies the person in free text written for others: full names and numbers
    only (a family name alone would also strike other people's names)."""
    words = {user.email, user.phone, user.get_full_name()}
    profile = getattr(user, "veteran_profile", None)
    if profile is not None:
        words |= {profile.full_name, profile.phone, profile.resident_id, profile.resident_id_hash}
    words |= set(user.phone_verifications.values_list("phone", flat=True))
    return {word.strip() for word in words if word and word.strip()}


def account_delete(*, user: User, password: str) -> None:
    """The person's own account, erased at once: each declared holding deleted or blanked,
    their words replaced in text written for others, the account row kept anonymous (the
    applications, placements and enrolments it made still count in the figures, and other
    people's records that point at it stay whole). One event records it."""
    may_delete_account.require(user)
    if not user.check_password(password):
        raise ValidationError({"password": _("The password is not right.")}, code="password")
    with transaction.atomic():
        user = User.objects.select_for_update().get(pk=user.pk)
        words = _words_of(user)
        erased = personal_data.erase_holdings(user, words)
        personal_data.scrub_free_text(words)
        _anonymise(user)
        audit_event_record(
            actor=None,
            action=AuditAction.ACCOUNT_DELETED,
            target=user,
            rows={label: count for label, count in erased.items() if count},
        )
    # Other sessions of the account end at their next request: it is inactive, and its new
    # unusable password changed the hash every session carries.


def _anonymise(user: User) -> None:
    user.username = f"deleted-{user.pk}-{secrets.token_hex(4)}"
    user.email = user.first_name = user.last_name = user.phone = ""
    user.phone_verified_at = None
    user.is_active = False
    user.unread_notifications = 0
    user.set_unusable_password()
    user.save()
    Token.objects.filter(user=user).delete()
