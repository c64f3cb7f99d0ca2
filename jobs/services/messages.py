"""Messages of an application's thread, and the reports on them the bureau decides."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.policies import staff_of
from jobs.models import MESSAGE_MAX, Application, Message, MessageReport
from jobs.policies import (
    MESSAGE_RATE_SCOPE,
    may_handle_message_report,
    may_report_message,
    may_send_message,
)
from jobs.services.common import (
    HANDLED_FIELDS,
    _enterprise_emails,
    _locked,
    _post_context,
    _require_reason,
)
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.security import rate_limit_count
from portal.accounts.services import audit_event_record
from portal.text import visible
from portal.workflow import NotAllowed


def message_side(application: Application, user: User) -> str:
    """Which side of the thread ``user`` writes for; refused for anyone else."""
    if user.is_authenticated and application.veteran.user_id == user.pk:
        return Message.Side.VETERAN
    if staff_of.allows(user, application.post.branch.enterprise_id):
        return Message.Side.ENTERPRISE
    raise NotAllowed(_("Only the applicant and the enterprise's staff write in this thread."))


def _clean_body(body: str) -> str:
    body = visible(body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write a message first.")})
    if len(body) > MESSAGE_MAX:
        raise ValidationError(
            {"body": _("A message has at most %(limit)d characters.") % {"limit": MESSAGE_MAX}}
        )
    return body


def _thread_link(application: Application) -> str:
    return reverse("jobs:message_thread", args=[application.pk])


def message_send(*, application: Application, sender: User, body: str) -> Message:
    """Write in the thread; the other side is told. Text only (kept as typed, shown
    escaped), at most MESSAGE_MAX characters and MESSAGES_PER_HOUR messages an hour."""
    body = _clean_body(body)
    side = message_side(application, sender)
    with transaction.atomic():
        application = _locked(Application, application.pk)
        may_send_message.require(application, sender)
        message = Message.objects.create(
            application=application, sender=sender, side=side, body=body
        )
        # Counted once sent (a refused attempt is not): the rule reads this counter.
        rate_limit_count(scope=MESSAGE_RATE_SCOPE, key=str(sender.pk), seconds=3600)
        audit_event_record(actor=sender, action=AuditAction.MESSAGE_SENT, target=message)
        if side == Message.Side.VETERAN:
            to = _enterprise_emails(application.post.branch.enterprise_id)
        else:
            to = [application.veteran.user.email]
        notify_after_commit(
            to=to,
            event="message_received",
            context={**_post_context(application.post), "body": body},
            link=_thread_link(application),
        )
    return message


def message_report_create(
    *, message: Message, reporter: User, reason: str, detail: str = ""
) -> MessageReport:
    """Either side reports a message of its thread; the bureau over the post's region
    finds it in its queue."""
    message_side(message.application, reporter)
    may_report_message.require(message, reporter)
    report = MessageReport(message=message, reporter=reporter, reason=reason, detail=detail)
    report.full_clean(exclude=["message", "reporter"], validate_constraints=False)
    try:
        with transaction.atomic():
            report.save()
            audit_event_record(
                actor=reporter, action=AuditAction.MESSAGE_REPORT_CREATED, target=report
            )
    except IntegrityError as exc:
        if "one_open_report_per_message_reporter" not in str(exc):
            raise
        raise ValidationError(
            _("You have already reported this message; the bureau is looking into it.")
        ) from exc
    return report


def _tell_reporter(report: MessageReport, note: str) -> None:
    application = report.message.application
    notify_after_commit(
        to=[report.reporter.email],
        event="message_report_decided",
        context={
            **_post_context(application.post),
            "status": report.get_status_display(),
            "note": note,
        },
        link=_thread_link(application),
    )


def message_report_uphold(*, report: MessageReport, handler: User, note: str) -> MessageReport:
    """The message is removed from the thread (kept for the record, shown as removed)."""
    _require_reason(note)
    with transaction.atomic():
        report = _locked(MessageReport, report.pk)
        may_handle_message_report.require(handler, report)
        report.uphold(handler=handler, note=note)
        report.save(update_fields=HANDLED_FIELDS)
        audit_event_record(
            actor=handler, action=AuditAction.MESSAGE_REPORT_UPHELD, target=report, note=note
        )
        message = _locked(Message, report.message_id)
        if message.hidden_at is None:
            message.hidden_at = timezone.now()
            message.save(update_fields=["hidden_at"])
            audit_event_record(
                actor=handler, action=AuditAction.MESSAGE_REMOVED, target=message, note=note
            )
        _tell_reporter(report, note)
    return report


def message_report_dismiss(*, report: MessageReport, handler: User, note: str) -> MessageReport:
    _require_reason(note)
    with transaction.atomic():
        report = _locked(MessageReport, report.pk)
        may_handle_message_report.require(handler, report)
        report.dismiss(handler=handler, note=note)
        report.save(update_fields=HANDLED_FIELDS)
        audit_event_record(
            actor=handler, action=AuditAction.MESSAGE_REPORT_DISMISSED, target=report, note=note
        )
        _tell_reporter(report, note)
    return report
