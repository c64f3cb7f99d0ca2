"""Telling people about the events they wait for: the one place the portal's e-mails and
inbox entries are written.

Services call ``notify_after_commit``. Each recipient who has an account gets an entry in
the inbox (``Notification``) and, unless they turned that kind off, the e-mail; both are
written in the recipient's language (``User.language``), in the transaction of the change
they announce, so a rolled-back transition tells nobody. The e-mail is a row
(OutgoingEmail) handed to Celery only after commit, so a task lost or delivered twice
neither loses nor doubles it (portal/accounts/tasks.py), and a slow mail server never slows
a page.

Every event names a ``Kind`` in ``KINDS``: what the notification settings page calls it,
which roles receive it, and whether it is essential (an account's own links: always
e-mailed, never in an inbox, no setting).
"""

import logging
from collections import defaultdict
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.db.models.functions import Greatest
from django.template import Context
from django.template.loader import get_template
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import (
    Notification,
    NotificationPreference,
    OutgoingEmail,
    OutgoingSms,
    User,
)
from portal.accounts.privacy import mask_phone

logger = logging.getLogger(__name__)

VETERAN, ENTERPRISE, BUREAU = User.Role.VETERAN, User.Role.ENTERPRISE, User.Role.BUREAU
MINISTRY = User.Role.MINISTRY
INSTITUTION = User.Role.INSTITUTION


@dataclass(frozen=True)
class Kind:
    label: str
    roles: tuple[str, ...] = ()
    essential: bool = False
    # A kind that only comes by e-mail when the user turns it on (a digest, not news).
    email_by_default: bool = True


KINDS = {
    "account_verify": Kind(_("Confirm your e-mail address"), essential=True),
    "enterprise_member_invited": Kind(_("Invitation to join an enterprise"), essential=True),
    # To an enterprise that has no account yet: the address on the ministry's or bureau's list.
    "enterprise_invited": Kind(_("Invitation to register an enterprise"), essential=True),
    "enterprise_invitation_reminder": Kind(
        _("Reminder of an invitation to register an enterprise"), essential=True
    ),
    "training_institution_staff_invited": Kind(
        _("Invitation to keep a training institution's programmes"), essential=True
    ),
    "officer_account_created": Kind(_("Your officer account"), essential=True),
    "training_programme_approved": Kind(_("A training programme was approved"), (INSTITUTION,)),
    "training_programme_rejected": Kind(_("A training programme was rejected"), (INSTITUTION,)),
    "application_submitted": Kind(_("Your application was sent"), (VETERAN,)),
    "application_withdrawn": Kind(_("Your application was withdrawn"), (VETERAN,)),
    "application_status_changed": Kind(_("Your application moved on"), (VETERAN,)),
    "application_hired": Kind(_("You were hired"), (VETERAN,)),
    "job_post_taken_down": Kind(_("A post you applied to was taken down"), (VETERAN,)),
    "post_report_confirmed": Kind(_("Your report of a post was confirmed"), (VETERAN,)),
    "post_report_dismissed": Kind(_("Your report of a post was dismissed"), (VETERAN,)),
    "job_alert": Kind(_("New posts for a saved search"), (VETERAN,)),
    "enrolment_created": Kind(_("You enrolled in training"), (VETERAN,)),
    "enrolment_completed": Kind(_("You completed training"), (VETERAN,)),
    "interview_guarantee_given": Kind(
        _("An interview guaranteed by your training was arranged"), (VETERAN,)
    ),
    "interview_guarantee_owed_veteran": Kind(
        _("An interview guaranteed by your training is waiting for a post"), (VETERAN,)
    ),
    "interview_guarantee_lapsed": Kind(
        _("An interview guaranteed by your training lapsed with its agreement"), (VETERAN,)
    ),
    "interview_guarantee_to_schedule": Kind(
        _("Propose times for an interview guaranteed to a trained veteran"), (ENTERPRISE,)
    ),
    "interview_guarantee_owed": Kind(
        _("An interview is owed to a trained veteran and no post is open"), (ENTERPRISE,)
    ),
    "interview_guarantee_owed_authority": Kind(
        _("An enterprise owes a trained veteran an interview"), (BUREAU, MINISTRY)
    ),
    "job_post_approved": Kind(_("A post was approved"), (ENTERPRISE,)),
    "job_post_rejected": Kind(_("A post was rejected"), (ENTERPRISE,)),
    "job_post_not_genuine": Kind(_("A post was found not genuine"), (ENTERPRISE,)),
    "enterprise_approved": Kind(_("The enterprise was approved"), (ENTERPRISE,)),
    "enterprise_rejected": Kind(_("The enterprise was rejected"), (ENTERPRISE,)),
    "enterprise_suspended": Kind(_("The enterprise was suspended"), (ENTERPRISE,)),
    "enterprise_reinstated": Kind(_("The enterprise was reinstated"), (ENTERPRISE,)),
    "branch_approved": Kind(_("A branch was approved"), (ENTERPRISE,)),
    "branch_rejected": Kind(_("A branch was rejected"), (ENTERPRISE,)),
    "agreement_signed": Kind(_("An agreement was signed"), (ENTERPRISE,)),
    "agreement_activated": Kind(_("An agreement came into effect"), (ENTERPRISE,)),
    "agreement_expired": Kind(_("An agreement expired"), (ENTERPRISE,)),
    "agreement_terminated": Kind(_("An agreement was terminated"), (ENTERPRISE,)),
    "follow_ups_due": Kind(_("Follow-ups are due"), (BUREAU,)),
    "applications_received": Kind(_("New applications to a post"), (ENTERPRISE,)),
    "offline_hire_to_confirm": Kind(_("A hire to confirm"), (VETERAN,)),
    "offline_hire_invited": Kind(_("Invitation to confirm a hire"), essential=True),
    "offline_hire_decided": Kind(_("A veteran answered a recorded hire"), (ENTERPRISE, BUREAU)),
    "interview_proposed": Kind(_("An interview was proposed"), (VETERAN,)),
    "interview_confirmed": Kind(_("Your interview is confirmed"), (VETERAN,)),
    "interview_accepted": Kind(_("An applicant accepted an interview"), (ENTERPRISE,)),
    "interview_declined": Kind(_("An applicant declined an interview"), (ENTERPRISE,)),
    "interview_reschedule_asked": Kind(_("An applicant asked for another time"), (ENTERPRISE,)),
    "interview_cancelled": Kind(_("An interview was cancelled"), (VETERAN,)),
    "interview_reminder": Kind(_("Interview tomorrow"), (VETERAN, ENTERPRISE)),
    "message_received": Kind(_("A new message about an application"), (VETERAN, ENTERPRISE)),
    "message_report_decided": Kind(
        _("Your report of a message was decided"), (VETERAN, ENTERPRISE)
    ),
    "invitation_received": Kind(_("An enterprise invites you to apply"), (VETERAN,)),
    "invitation_answered": Kind(_("A veteran answered an invitation to apply"), (ENTERPRISE,)),
    "referral_received": Kind(_("The bureau referred a veteran to your post"), (ENTERPRISE,)),
    "referral_taken_up": Kind(_("An enterprise took you up on a referral"), (VETERAN,)),
    "referral_answered": Kind(_("An enterprise answered your referral"), (BUREAU,)),
    "referrals_overdue": Kind(_("Referrals were not answered in time"), (BUREAU,)),
    "recommendation_digest": Kind(
        _("Weekly digest of new recommendations"), (VETERAN,), email_by_default=False
    ),
    "startup_confirmed": Kind(_("Your start-up was confirmed"), (VETERAN,)),
    "startup_rejected": Kind(_("Your start-up was not confirmed"), (VETERAN,)),
    "mentor_paired": Kind(_("You were paired with a mentor or a mentee"), (VETERAN,)),
    "entrepreneur_follow_ups_due": Kind(_("Entrepreneurs' follow-ups are due"), (BUREAU,)),
    "quarterly_notice": Kind(
        _("Where you stand after a quarterly report"), (ENTERPRISE, BUREAU, MINISTRY)
    ),
    "action_item_assigned": Kind(
        _("An action item of a quarterly meeting is yours"), (ENTERPRISE, BUREAU, MINISTRY)
    ),
    "feedback_requested": Kind(_("Questions about a job, a training or an event"), (VETERAN,)),
}


def kinds_for(user: User) -> dict[str, Kind]:
    """The kinds a user of this role may receive and so may choose how to receive."""
    return {name: kind for name, kind in KINDS.items() if user.role in kind.roles}


def render_email(event: str, context: dict, language: str | None = None) -> tuple[str, str]:
    """templates/emails/<event>_subject.txt and _body.txt, rendered in ``language``."""
    context = {"portal_url": settings.PORTAL_URL.rstrip("/"), **context}
    with translation.override(language or settings.LANGUAGE_CODE):
        subject = _render_plain(f"emails/{event}_subject.txt", context)
        body = _render_plain(f"emails/{event}_body.txt", context)
    return " ".join(subject.split()), body


def _render_plain(name: str, context: dict) -> str:
    """Plain text: no HTML escaping, so a title like "A&B" reaches the reader as written."""
    return get_template(name).template.render(Context(context, autoescape=False))


def notify_after_commit(
    *, to: list[str], event: str, context: dict, link: str = "", attachments: list | None = None
) -> None:
    """Tell the owners of the addresses ``to`` about ``event``: an inbox entry linking to
    ``link`` (a path of the portal) for each account, the e-mail unless they turned this
    kind off, and a text message to a verified mobile number if they turned it on.
    Addresses without an account get the e-mail; ``attachments`` go with it (a list of
    ``{"filename", "content", "mimetype"}``, text content)."""
    from portal.accounts.tasks import send_email

    addresses = sorted({address for address in to if address})
    if not addresses:
        return
    kind = KINDS[event]
    by_address = {user.email: user for user in _accounts(addresses)}
    chosen = {} if kind.essential else _preferences(list(by_address.values()), event)
    default = DEFAULT if kind.email_by_default else NotificationPreference(email=False)
    for language, group in _by_language(addresses, by_address).items():
        subject, body = render_email(event, context, language)
        users = [user for address in group if (user := by_address.get(address))]
        inbox = [user for user in users if user.is_active and not kind.essential]
        Notification.objects.bulk_create(
            Notification(user=user, kind=event, title=subject, body=body, link=link)
            for user in inbox
        )
        unread_counters_add([user.pk for user in inbox], 1)
        opted_out = {user.email for user in users if not chosen.get(user.pk, default).email}
        recipients = [address for address in group if address not in opted_out]
        if recipients:
            email = OutgoingEmail.objects.create(
                subject=subject, body=body, recipients=recipients, attachments=attachments or []
            )
            transaction.on_commit(lambda key=email.pk: _enqueue(send_email, key))
        for user in inbox:
            if chosen.get(user.pk, default).sms and user.phone_verified_at:
                sms_after_commit(phone=user.phone, text=subject, params={"title": subject[:35]})


def unread_counters_add(user_ids: list[int], change: int) -> None:
    """Move the bell's counters (User.unread_notifications) in the transaction that adds or
    reads the entries: an UPDATE relative to the row's value, so concurrent changes add up."""
    if user_ids and change:
        User.objects.filter(pk__in=user_ids).update(
            unread_notifications=Greatest(F("unread_notifications") + change, 0)
        )


DEFAULT = NotificationPreference()  # a kind without a row: e-mail on, text messages off


def sms_after_commit(*, phone: str, text: str, template: str = "notice", params: dict) -> bool:
    """Queue a text message (the outbox, as for e-mails), at most SMS_PER_NUMBER_PER_DAY a
    number: past that, the inbox and the e-mail still tell them. Whether it was queued."""
    from portal.accounts.security import rate_limit_hit
    from portal.accounts.tasks import send_sms

    limit = settings.SMS_PER_NUMBER_PER_DAY
    if rate_limit_hit(scope="sms:day", key=phone, limit=limit, seconds=24 * 3600):
        logger.warning("text message to %s left out: %d today already", mask_phone(phone), limit)
        return False
    sms = OutgoingSms.objects.create(phone=phone, text=text, template=template, params=params)
    transaction.on_commit(lambda: _enqueue(send_sms, sms.pk))
    return True


def _accounts(addresses: list[str]) -> list[User]:
    """The accounts of these addresses, inactive ones too: a sign-up's link goes out in
    the language the visitor signed up in."""
    accounts = User.objects.filter(email__in=addresses).order_by("-is_active", "pk")
    fields = ("email", "language", "is_active", "phone", "phone_verified_at")
    return list(reversed(accounts.only(*fields)))


def _preferences(users: list[User], event: str) -> dict[int, NotificationPreference]:
    if not users:
        return {}
    rows = NotificationPreference.objects.filter(user__in=users, kind=event)
    return {row.user_id: row for row in rows}


def _by_language(addresses: list[str], by_address: dict[str, User]) -> dict[str, list[str]]:
    groups = defaultdict(list)
    for address in addresses:
        user = by_address.get(address)
        groups[user.language if user else settings.LANGUAGE_CODE].append(address)
    return groups


def _enqueue(task, key) -> None:
    """The change is committed and the message's row with it: if Redis cannot take the
    task now, the sweep (send_pending_emails, send_pending_sms) sends it later, so the page
    still succeeds."""
    try:
        task.delay(str(key))
    except Exception:  # kombu raises its own wrappers of the connection errors
        logger.warning("message %s not enqueued; the sweep will send it", key, exc_info=True)
