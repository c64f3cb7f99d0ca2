"""Inviting enterprises to register (issue 19): one by hand or a list uploaded as XLSX or
CSV, the e-mail with the registration link, reminders, resending, and the invitee's answer
through the link (register, which pre-fills the registration, or decline).

The link is a random token stored on the invitation (a token model rather than a signed
value: resending replaces it, so the old link stops working, and the reminder repeats the
same link without extending it). It works until ``expires_at``, to the second
(enterprises.policies.may_use_invitation_link).
"""

import csv
import datetime
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from stdnum.cn import uscc

from enterprises import services
from enterprises.models import Enterprise, EnterpriseInvitation, InvitationUpload, Prospect
from enterprises.policies import (
    authority_of,
    may_invite,
    may_manage_invitation,
    may_resend_invitation,
    may_use_invitation_link,
)
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict

ERRORS_KEPT = 200
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _expiry(now: datetime.datetime) -> datetime.datetime:
    return now + datetime.timedelta(days=settings.ENTERPRISE_INVITATION_DAYS)


def invitation_link(invitation: EnterpriseInvitation) -> str:
    return reverse("enterprises:invitation_open", args=[invitation.token])


def _tell_invitee(invitation: EnterpriseInvitation, event: str) -> None:
    """The invitee has no account yet: the e-mail goes to the address, in Chinese."""
    notify_after_commit(
        to=[invitation.email],
        event=event,
        context={"invitation": invitation, "link": invitation_link(invitation)},
    )


# --- one invitation ------------------------------------------------------------------------


def _new_invitation(*, inviter: User, name: str, credit_code: str, contact_name: str, email: str):
    level, region = authority_of(inviter)
    now = timezone.now()
    invitation = EnterpriseInvitation(
        name=(name or "").strip(),
        credit_code=uscc.compact(credit_code or ""),
        contact_name=(contact_name or "").strip(),
        email=User.objects.normalize_email((email or "").strip()),
        signatory_level=level,
        region=region,
        invited_by=inviter,
        sent_at=now,
        expires_at=_expiry(now),
    )
    invitation.full_clean(validate_unique=False, validate_constraints=False)
    return invitation


def _save_invitation(invitation: EnterpriseInvitation) -> EnterpriseInvitation:
    try:
        with transaction.atomic():
            invitation.save()
    except IntegrityError:
        raise Conflict(
            _("An open invitation to the enterprise with this credit code was already sent.")
        ) from None
    audit_event_record(
        actor=invitation.invited_by, action=AuditAction.ENTERPRISE_INVITED, target=invitation
    )
    _tell_invitee(invitation, "enterprise_invited")
    return invitation


def enterprise_invitation_create(
    *, inviter: User, name: str, credit_code: str, contact_name: str, email: str
) -> EnterpriseInvitation:
    """One enterprise invited by hand: the e-mail with its registration link goes after
    commit. The ministry invites for its own agreements, a provincial or city bureau for
    agreements signed at its level."""
    may_invite.require(inviter)
    invitation = _new_invitation(
        inviter=inviter, name=name, credit_code=credit_code, contact_name=contact_name, email=email
    )
    if Enterprise.objects.filter(credit_code=invitation.credit_code).exists():
        raise ValidationError({"credit_code": _already_registered()})
    with transaction.atomic():
        return _save_invitation(invitation)


def _already_registered() -> str:
    return _(
        "An enterprise with this credit code is already registered: "
        "add it to screening instead of inviting it."
    )


def _locked(invitation: EnterpriseInvitation) -> EnterpriseInvitation:
    return EnterpriseInvitation.objects.select_for_update().get(pk=invitation.pk)


def enterprise_invitation_resend(
    *, invitation: EnterpriseInvitation, actor: User
) -> EnterpriseInvitation:
    """A new link, valid for a full term again, e-mailed anew (an expired invitation is
    sent again); the earlier link stops working."""
    with transaction.atomic():
        invitation = _locked(invitation)
        may_manage_invitation.require(actor, invitation)
        may_resend_invitation.require(invitation)
        invitation.resend(expires_at=_expiry(timezone.now()))
        try:
            with transaction.atomic():
                invitation.save()
        except IntegrityError:
            raise Conflict(
                _("An open invitation to the enterprise with this credit code was already sent.")
            ) from None
        audit_event_record(
            actor=actor,
            action=AuditAction.ENTERPRISE_INVITATION_RESENT,
            target=invitation,
            sends=invitation.sends,
        )
        _tell_invitee(invitation, "enterprise_invited")
    return invitation


def enterprise_invitation_decline(
    *, invitation: EnterpriseInvitation, reason: str = ""
) -> EnterpriseInvitation:
    """The invitee declines through the link (no account needed: the token is the key)."""
    with transaction.atomic():
        invitation = _locked(invitation)
        may_use_invitation_link.require(invitation)
        invitation.decline(reason=(reason or "").strip())
        invitation.save(update_fields=["status", "decline_reason", "answered_at"])
        audit_event_record(
            actor=None,
            action=AuditAction.ENTERPRISE_INVITATION_DECLINED,
            target=invitation,
            note=invitation.decline_reason,
        )
    return invitation


def enterprise_register_from_invitation(
    *, invitation: EnterpriseInvitation, user: User, **details
) -> Enterprise:
    """Registration through the link: the enterprise is registered as any other
    (services.enterprise_register), the invitation marked registered and linked to it, and
    the enterprise becomes a prospect of the authority that invited it. The credit code is
    the invitation's: the link was sent to that enterprise."""
    with transaction.atomic():
        invitation = _locked(invitation)
        may_use_invitation_link.require(invitation)
        if uscc.compact(details.get("credit_code") or "") != invitation.credit_code:
            raise ValidationError(
                {"credit_code": _("This invitation is for the enterprise with credit code "
                                  "%(code)s.") % {"code": invitation.credit_code}}
            )  # fmt: skip
        enterprise = services.enterprise_register(user=user, **details)
        invitation.register(enterprise=enterprise)
        invitation.save(update_fields=["status", "enterprise", "answered_at"])
        audit_event_record(
            actor=user, action=AuditAction.ENTERPRISE_INVITATION_REGISTERED, target=invitation
        )
        prospect = Prospect.objects.create(
            enterprise=enterprise,
            invitation=invitation,
            signatory_level=invitation.signatory_level,
            region=invitation.region,
        )
        audit_event_record(
            actor=user,
            action=AuditAction.PROSPECT_OPENED,
            target=prospect,
            invitation=invitation.pk,
        )
    return enterprise


# --- the daily task ------------------------------------------------------------------------


def _expire(invitation: EnterpriseInvitation, now) -> bool:
    with transaction.atomic():
        invitation = _locked(invitation)
        if invitation.status != EnterpriseInvitation.Status.SENT or invitation.link_works(now):
            return False  # answered or resent in the meantime
        invitation.expire()
        invitation.save(update_fields=["status"])
        audit_event_record(
            actor=None, action=AuditAction.ENTERPRISE_INVITATION_EXPIRED, target=invitation
        )
    return True


def _remind(invitation: EnterpriseInvitation, now, before) -> bool:
    with transaction.atomic():
        invitation = _locked(invitation)
        due = EnterpriseInvitation.objects.due_reminder(now, before).filter(pk=invitation.pk)
        if not due.exists():
            return False
        invitation.reminded_at = now
        invitation.save(update_fields=["reminded_at"])
        audit_event_record(
            actor=None, action=AuditAction.ENTERPRISE_INVITATION_REMINDED, target=invitation
        )
        _tell_invitee(invitation, "enterprise_invitation_reminder")
    return True


def remind_and_expire_invitations(*, now: datetime.datetime | None = None) -> dict:
    """Invitations whose link has run out become expired; those whose link runs out within
    ENTERPRISE_INVITATION_REMIND_DAYS get one reminder (reminded_at set in the same
    transaction as its e-mail: a second run the same day sends none)."""
    now = now or timezone.now()
    before = datetime.timedelta(days=settings.ENTERPRISE_INVITATION_REMIND_DAYS)
    invitations = EnterpriseInvitation.objects.only("pk")
    expired = sum(_expire(i, now) for i in invitations.past_expiry(now).order_by("pk"))
    reminded = sum(_remind(i, now, before) for i in invitations.due_reminder(now, before))
    return {"expired": expired, "reminded": reminded}


# --- a list of enterprises uploaded --------------------------------------------------------


@dataclass(frozen=True)
class Column:
    field: str
    hint: str

    def header(self) -> str:
        return capfirst(str(EnterpriseInvitation._meta.get_field(self.field).verbose_name))


COLUMNS = [
    Column("name", gettext_lazy("Write the enterprise's registered name, at most 128 characters.")),
    Column(
        "credit_code",
        gettext_lazy("Write the 18-character code printed on the business licence."),
    ),
    Column("contact_name", gettext_lazy("Write the name of the person the e-mail is for.")),
    Column("email", gettext_lazy("Write one e-mail address, such as hr@example.cn.")),
]


class FileUnreadable(Exception):
    """Not an XLSX or CSV file with the template's header row."""


def template_headers(language: str) -> list[str]:
    with translation.override(language):
        return [column.header() for column in COLUMNS]


def _known_headers() -> dict[str, Column]:
    known = {}
    for language in ("zh-hans", "en"):
        with translation.override(language):
            for column in COLUMNS:
                known["".join(column.header().split()).lower()] = column
                known[column.field] = column
    return known


def _cells(filename: str, content: bytes) -> list[tuple]:
    name = (filename or "").lower()
    if name.endswith(".csv"):
        for encoding in ("utf-8-sig", "gb18030"):
            try:
                return [tuple(row) for row in csv.reader(io.StringIO(content.decode(encoding)))]
            except UnicodeDecodeError:
                continue
        raise FileUnreadable(_("The CSV file must be saved as UTF-8."))
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
            return [tuple(row) for row in sheet.iter_rows(values_only=True)]
        except Exception as error:  # zipfile, XML and openpyxl's own errors alike
            raise FileUnreadable(_("The file could not be read as an XLSX workbook.")) from error
    raise FileUnreadable(_("Upload the list as an XLSX or CSV file."))


def read_rows(filename: str, content: bytes) -> list[tuple[int, dict]]:
    """(row number in the file, {field: text}) of each row that is not blank."""
    cells = _cells(filename, content)
    if not cells:
        raise FileUnreadable(_("The file is empty."))
    known = _known_headers()
    columns = [known.get("".join(str(c or "").split()).lower().rstrip("*＊")) for c in cells[0]]
    missing = [str(c.header()) for c in COLUMNS if c not in columns]
    if missing:
        raise FileUnreadable(
            _("The header row lacks these columns: %(columns)s.") % {"columns": "、".join(missing)}
        )
    rows = []
    for number, row in enumerate(cells[1:], start=2):
        values = {
            c.field: str(v if v is not None else "").strip() for c, v in zip(columns, row) if c
        }
        if any(values.values()):
            rows.append((number, values))
    if len(rows) > settings.ENTERPRISE_INVITATION_MAX_ROWS:
        raise FileUnreadable(
            _("The list has more than %(limit)s enterprises: split it into several files.")
            % {"limit": settings.ENTERPRISE_INVITATION_MAX_ROWS}
        )
    return rows


def _checked_row(number: int, values: dict, inviter: User, seen: dict):
    """(the errors of one row, each naming its column, with the column's hint; the
    invitation it describes, None if it has errors)."""
    by_field = {column.field: column for column in COLUMNS}
    errors = []

    def add(field: str, message: str) -> None:
        column = by_field[field]
        errors.append(
            {
                "row": number,
                "column": column.header(),
                "message": str(message),
                "hint": str(column.hint),
            }
        )

    for field in ("name", "credit_code", "contact_name", "email"):
        if not values.get(field):
            add(field, _("This cell is empty."))
    try:
        invitation = _new_invitation(inviter=inviter, **values)
    except ValidationError as error:
        for field, messages in error.message_dict.items():
            if values.get(field) and field in by_field:
                add(field, messages[0])
        return errors, None
    code = invitation.credit_code
    if code in seen:
        add("credit_code", _("The same credit code is in row %(row)s.") % {"row": seen[code]})
    seen.setdefault(code, number)
    return errors, None if errors else invitation


def _conflicts(valid: list[tuple[int, EnterpriseInvitation]]) -> list[dict]:
    """Rows whose enterprise is already registered, or already has an open invitation of
    this authority: two queries for the whole file."""
    codes = [invitation.credit_code for _number, invitation in valid]
    registered = set(
        Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", flat=True)
    )
    if valid:
        first = valid[0][1]
        invited = set(
            EnterpriseInvitation.objects.open()
            .filter(
                credit_code__in=codes, signatory_level=first.signatory_level, region=first.region
            )
            .values_list("credit_code", flat=True)
        )
    else:
        invited = set()
    column = COLUMNS[1]
    errors = []
    for number, invitation in valid:
        if invitation.credit_code in registered:
            message = _already_registered()
        elif invitation.credit_code in invited:
            message = _("An open invitation to this enterprise was already sent.")
        else:
            continue
        errors.append(
            {"row": number, "column": column.header(), "message": message, "hint": str(column.hint)}
        )
    return errors


def invitation_list_upload(*, inviter: User, filename: str, content: bytes) -> InvitationUpload:
    """Every row checked (cells, credit code checksum, e-mail, duplicates in the file,
    enterprises registered or invited already); only a file without errors sends its
    invitations, all in one transaction. The upload's row keeps the report."""
    may_invite.require(inviter)
    level, region = authority_of(inviter)
    upload = InvitationUpload(
        filename=filename[:255], signatory_level=level, region=region, created_by=inviter
    )
    try:
        rows = read_rows(filename, content)
    except FileUnreadable as error:
        rows, errors = [], [{"row": 1, "column": "", "message": str(error), "hint": ""}]
    else:
        errors, seen, valid = [], {}, []
        for number, values in rows:
            found, invitation = _checked_row(number, values, inviter, seen)
            errors.extend(found)
            if invitation is not None:
                valid.append((number, invitation))
        errors.extend(_conflicts(valid))
        if not rows:
            errors.append(
                {"row": 2, "column": "", "message": _("The list has no enterprise."), "hint": ""}
            )
    errors.sort(key=lambda error: error["row"])
    upload.rows_total, upload.error_count, upload.errors = (
        len(rows),
        len(errors),
        errors[:ERRORS_KEPT],
    )
    with transaction.atomic():
        if errors:
            upload.status = InvitationUpload.Status.INVALID
        else:
            for _number, invitation in valid:
                _save_invitation(invitation)
            upload.status, upload.invitations_sent = InvitationUpload.Status.DONE, len(valid)
        upload.save()
    return upload


def template_csv(language: str) -> bytes:
    """The empty list to fill: the header row, UTF-8 with a BOM so Excel reads it right."""
    out = io.StringIO()
    csv.writer(out).writerow(template_headers(language))
    return ("\ufeff" + out.getvalue()).encode("utf-8")
