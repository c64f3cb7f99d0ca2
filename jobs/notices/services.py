"""Writes of notices: draft, edit, attach, publish, withdraw; each keeps the notice's
search document (jobs.search's lexemes) up to date."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Notice, NoticeAttachment
from jobs.notices.policies import may_edit_notice, may_manage_notice
from jobs.search import quoted_terms
from jobs.services.common import _locked
from jobs.services.evidence import display_name, evidence_kind
from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record
from portal.storage import private_storage
from portal.workflow import NotAllowed

EDITABLE_FIELDS = (
    "kind",
    "title",
    "document_number",
    "body",
    "tags",
    "effective_from",
    "effective_until",
)


def notice_index(notice: Notice) -> None:
    """The notice's lexemes, as jobs.search makes them for posts: the title's alone (titles
    that match come first) and those of everything a reader may search by."""
    title = quoted_terms(notice.title)
    rest = [quoted_terms(text) for text in (notice.document_number, notice.body, *notice.tags)]
    document = title.union(*rest)
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE jobs_notice SET search_title = %s::tsvector, search_document = %s::tsvector"
            " WHERE id = %s",
            [" ".join(title), " ".join(document), notice.pk],
        )


def check_attachments(files, *, already: int = 0) -> list[tuple]:
    """Each file with its kind by content (PDF, JPEG or PNG, judged as verification
    evidence is); the first bad file refuses them all."""
    limit = settings.NOTICE_ATTACHMENTS_MAX_FILES
    if already + len(files) > limit:
        raise ValidationError(
            {"attachments": _("A notice carries at most %(count)d files.") % {"count": limit}},
            code="too_many_files",
        )
    checked = []
    for uploaded in files:
        try:
            checked.append((uploaded, evidence_kind(uploaded)))
        except ValidationError as error:
            message = (
                _("An attachment must be a PDF file or a photo (JPEG or PNG).")
                if error.code == "evidence_kind"
                else " ".join(error.messages)
            )
            name = display_name(uploaded.name, "")[:-1]
            raise ValidationError({"attachments": f"{name}: {message}"}, code=error.code) from None
    return checked


def _attach(notice: Notice, checked: list[tuple], stored: list[str]) -> None:
    for uploaded, kind in checked:
        attachment = NoticeAttachment(
            notice=notice, kind=kind, original_name=display_name(uploaded.name, kind),
            size=uploaded.size,
        )  # fmt: skip
        attachment.file.save(attachment.original_name, uploaded, save=False)
        attachment.save()
        stored.append(attachment.file.name)


def _clean_tags(tags) -> list[str]:
    return list(dict.fromkeys(tag.strip() for tag in tags or () if tag.strip()))


def _saved_with_files(notice: Notice, files, write) -> Notice:
    """Run ``write`` (which saves the notice) and store the checked files with it; a
    refusal keeps neither the rows nor the files."""
    checked = check_attachments(list(files), already=notice.attachments.count() if notice.pk else 0)
    stored: list[str] = []
    try:
        with transaction.atomic():
            notice = write()
            _attach(notice, checked, stored)
            notice_index(notice)
    except BaseException:
        for name in stored:
            private_storage.delete(name)
        raise
    return notice


def notice_create(*, author: User, attachments=(), **fields) -> Notice:
    """A draft for the author's scope: national for the ministry, the bureau's own region
    for a bureau officer (never chosen: a bureau publishes for its region only)."""
    # The pages and the API let only these roles in; this guards the commands and the shell.
    if not (author.is_authenticated and (author.is_ministry or author.is_bureau)):
        raise NotAllowed(_("Only the ministry and the veterans-affairs bureaus publish notices."))
    fields["tags"] = _clean_tags(fields.get("tags"))
    notice = Notice(region=author_region(author), created_by=author, **_only_editable(fields))
    notice.full_clean(exclude=["created_by"])

    def write():
        notice.save()
        audit_event_record(actor=author, action=AuditAction.NOTICE_DRAFTED, target=notice)
        return notice

    return _saved_with_files(notice, attachments, write)


def author_region(author: User):
    return None if author.is_ministry else author.region


def _only_editable(fields: dict) -> dict:
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise TypeError(f"Not a notice's editable field: {sorted(unknown)}")
    return fields


def notice_update(*, notice: Notice, editor: User, attachments=(), **fields) -> Notice:
    """Change a draft or a withdrawn notice (a published one is withdrawn first)."""
    fields = _only_editable(fields)
    if "tags" in fields:
        fields["tags"] = _clean_tags(fields["tags"])

    def write():
        locked = _locked(Notice, notice.pk)
        may_manage_notice.require(editor, locked)
        may_edit_notice.require(locked)
        for name, value in fields.items():
            setattr(locked, name, value)
        locked.updated_at = timezone.now()
        locked.full_clean(exclude=["created_by", "region"])
        locked.save(update_fields=[*fields, "updated_at"])
        audit_event_record(actor=editor, action=AuditAction.NOTICE_EDITED, target=locked)
        return locked

    may_manage_notice.require(editor, notice)
    return _saved_with_files(notice, attachments, write)


def notice_attachment_delete(*, attachment: NoticeAttachment, editor: User) -> None:
    with transaction.atomic():
        notice = _locked(Notice, attachment.notice_id)
        may_manage_notice.require(editor, notice)
        may_edit_notice.require(notice)
        name = attachment.file.name
        audit_event_record(
            actor=editor,
            action=AuditAction.NOTICE_EDITED,
            target=notice,
            removed_attachment=attachment.original_name,
        )
        attachment.delete()
        transaction.on_commit(lambda: private_storage.delete(name))


def notice_publish(*, notice: Notice, actor: User) -> Notice:
    """Publish a draft, or a withdrawn notice again: public from now on."""
    with transaction.atomic():
        notice = _locked(Notice, notice.pk)
        may_manage_notice.require(actor, notice)
        notice.publish(by=actor)
        notice.save(update_fields=["status", "published_at", "published_by"])
        audit_event_record(actor=actor, action=AuditAction.NOTICE_PUBLISHED, target=notice)
    return notice


def notice_withdraw(*, notice: Notice, actor: User, reason: str = "") -> Notice:
    """Take a published notice off the public pages (its publisher still has it)."""
    with transaction.atomic():
        notice = _locked(Notice, notice.pk)
        may_manage_notice.require(actor, notice)
        notice.withdraw()
        notice.save(update_fields=["status"])
        audit_event_record(
            actor=actor, action=AuditAction.NOTICE_WITHDRAWN, target=notice, note=reason
        )
    return notice


def notice_attachment_open(*, attachment: NoticeAttachment):
    """The file of an attachment the caller found through attachments_visible_to."""
    return attachment.file.open("rb")
