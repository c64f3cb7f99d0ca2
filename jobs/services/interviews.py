"""Interviews: proposed by the employer with slots, answered by the applicant, reminded the
day before; the application's status follows (to "interview" when one is proposed)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import override

from enterprises.policies import staff_of
from jobs.ics import interview_calendar
from jobs.models import SLOTS_MAX, Application, Interview, InterviewSlot
from jobs.policies import may_answer_interview, may_propose_interview
from jobs.services.common import _enterprise_emails, _locked, _post_context
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from veterans.models import VeteranProfile

ANSWER_FIELDS = ["status", "chosen_slot", "answer_note", "answered_at"]


def _context(interview: Interview, application: Application) -> dict:
    slot = interview.chosen_slot
    return {
        **_post_context(application.post),
        "full_name": application.veteran.full_name,
        "slots": [timezone.localtime(s.starts_at) for s in interview.slots.all()],
        "starts_at": timezone.localtime(slot.starts_at) if slot else None,
        "mode": interview.get_mode_display(),
        "where": interview.where,
        "contact_name": interview.contact_name,
        "contact_phone": interview.contact_phone,
        "note": interview.note,
        "answer_note": interview.answer_note,
    }


def _tell_veteran(interview, application, event: str, attachments=None) -> None:
    notify_after_commit(
        to=[application.veteran.user.email],
        event=event,
        context=_context(interview, application),
        link=reverse("jobs:application_detail", args=[application.pk]),
        attachments=attachments,
    )


def _tell_enterprise(interview, application, event: str) -> None:
    notify_after_commit(
        to=_enterprise_emails(application.post.branch.enterprise_id),
        event=event,
        context=_context(interview, application),
        link=reverse("jobs:applicant_detail", args=[application.pk]),
    )


def _check_slots(starts: list[datetime.datetime]) -> list[datetime.datetime]:
    starts = sorted(set(starts))
    if not starts:
        raise ValidationError({"slots": _("Propose at least one date and time.")})
    if len(starts) > SLOTS_MAX:
        raise ValidationError(
            {"slots": _("Propose at most %(count)d dates and times.") % {"count": SLOTS_MAX}}
        )
    if starts[0] <= timezone.now():
        raise ValidationError({"slots": _("The proposed times must be in the future.")})
    return starts


def _to_interview(application: Application, actor: User) -> None:
    """Walk the application along its status map up to "interview", one audited step at a
    time (submitted > viewed > shortlisted > interview), as the pipeline's buttons would."""
    order = list(Application.OPEN)
    while application.status != Application.Status.INTERVIEW:
        step = order[order.index(application.status) + 1]
        application.move_to(step)
        audit_event_record(actor=actor, action=Application.STATUS_ACTIONS[step], target=application)
    application.save(update_fields=["status", "updated_at"])


def interview_propose(
    *,
    application: Application,
    actor: User,
    slots: list[datetime.datetime],
    mode: str,
    contact_name: str,
    contact_phone: str,
    place: str = "",
    video_link: str = "",
    note: str = "",
    minutes: int = 60,
) -> Interview:
    """Offer the applicant one or more dates and times; the application moves on to
    "interview" and the applicant is told."""
    starts = _check_slots(list(slots))
    interview = Interview(
        application=application, mode=mode, place=place, video_link=video_link,
        contact_name=contact_name, contact_phone=contact_phone, note=note, proposed_by=actor,
    )  # fmt: skip
    if mode == Interview.Mode.VIDEO and not video_link:
        raise ValidationError({"video_link": _("Give the link of the video call.")})
    if mode == Interview.Mode.ON_SITE and not place.strip():
        raise ValidationError({"place": _("Give the address of the interview.")})
    interview.full_clean(exclude=["application", "proposed_by"], validate_constraints=False)
    try:
        with transaction.atomic():
            application = _locked(Application, application.pk)
            staff_of.require(actor, application.post.branch.enterprise_id)
            may_propose_interview.require(application)
            interview.application = application
            interview.save()
            InterviewSlot.objects.bulk_create(
                InterviewSlot(interview=interview, starts_at=start, minutes=minutes)
                for start in starts
            )
            _to_interview(application, actor)
            audit_event_record(
                actor=actor, action=AuditAction.INTERVIEW_PROPOSED, target=interview, note=note
            )
            _tell_veteran(interview, application, "interview_proposed")
    except IntegrityError as exc:
        if "one_open_interview_per_application" not in str(exc):
            raise
        may_propose_interview.refuse("already_open")
    return interview


def _answering(interview: Interview, veteran: VeteranProfile) -> Interview:
    interview = _locked(Interview, interview.pk)
    may_answer_interview.require(interview, veteran)
    return interview


def interview_accept(
    *, interview: Interview, veteran: VeteranProfile, slot: InterviewSlot, note: str = ""
) -> Interview:
    """The applicant takes one of the slots: both sides are told, the applicant's e-mail
    carries the calendar entry (.ics)."""
    with transaction.atomic():
        interview = _answering(interview, veteran)
        if slot.interview_id != interview.pk:
            raise ValidationError({"slot": _("Choose one of the proposed times.")})
        if slot.starts_at <= timezone.now():
            raise ValidationError({"slot": _("This time has already passed.")})
        interview.accept(slot, note)
        interview.save(update_fields=ANSWER_FIELDS)
        audit_event_record(
            actor=veteran.user, action=AuditAction.INTERVIEW_ACCEPTED, target=interview, note=note
        )
        application = interview.application
        _tell_veteran(
            interview, application, "interview_confirmed", [_calendar(interview, veteran.user)]
        )
        _tell_enterprise(interview, application, "interview_accepted")
    return interview


def _calendar(interview: Interview, user: User) -> dict:
    """The .ics attachment, written in the applicant's language."""
    post = interview.application.post
    with override(user.language):
        summary = _("Interview: %(post)s (%(enterprise)s)") % {
            "post": post.title,
            "enterprise": post.branch.enterprise.name,
        }
        description = _("Contact person: %(name)s, %(phone)s") % {
            "name": interview.contact_name,
            "phone": interview.contact_phone,
        }
    if interview.note:
        description += "\n" + interview.note
    content = interview_calendar(interview, summary=summary, description=description)
    return {"filename": "interview.ics", "content": content, "mimetype": "text/calendar"}


def interview_decline(
    *, interview: Interview, veteran: VeteranProfile, note: str = ""
) -> Interview:
    with transaction.atomic():
        interview = _answering(interview, veteran)
        interview.decline(note)
        interview.save(update_fields=ANSWER_FIELDS)
        audit_event_record(
            actor=veteran.user, action=AuditAction.INTERVIEW_DECLINED, target=interview, note=note
        )
        _tell_enterprise(interview, interview.application, "interview_declined")
    return interview


def interview_ask_another_time(
    *, interview: Interview, veteran: VeteranProfile, note: str
) -> Interview:
    """None of the times suits the applicant: the proposal ends and the employer, told
    what the applicant wrote, proposes again."""
    if not (note or "").strip():
        raise ValidationError({"note": _("Say which days or times would suit you.")})
    with transaction.atomic():
        interview = _answering(interview, veteran)
        interview.ask_another_time(note)
        interview.save(update_fields=ANSWER_FIELDS)
        audit_event_record(
            actor=veteran.user,
            action=AuditAction.INTERVIEW_RESCHEDULE_ASKED,
            target=interview,
            note=note,
        )
        _tell_enterprise(interview, interview.application, "interview_reschedule_asked")
    return interview


def interview_cancel(*, interview: Interview, actor: User, note: str = "") -> Interview:
    with transaction.atomic():
        interview = _locked(Interview, interview.pk)
        application = interview.application
        staff_of.require(actor, application.post.branch.enterprise_id)
        interview.cancel(note)
        interview.save(update_fields=["status", "answer_note"])
        audit_event_record(
            actor=actor, action=AuditAction.INTERVIEW_CANCELLED, target=interview, note=note
        )
        _tell_veteran(interview, application, "interview_cancelled")
    return interview


def interview_remind(*, interview: Interview) -> bool:
    """Remind both sides of an accepted interview once; False if already reminded."""
    with transaction.atomic():
        interview = _locked(Interview, interview.pk)
        if interview.status != Interview.Status.ACCEPTED or interview.reminded_at is not None:
            return False
        interview.reminded_at = timezone.now()
        interview.save(update_fields=["reminded_at"])
        audit_event_record(actor=None, action=AuditAction.INTERVIEW_REMINDED, target=interview)
        _tell_veteran(interview, interview.application, "interview_reminder")
        _tell_enterprise(interview, interview.application, "interview_reminder")
    return True


def interviews_remind(*, today: datetime.date | None = None) -> int:
    """Daily: remind both sides of every accepted interview of tomorrow. Safe to run twice
    (a reminded interview is not reminded again)."""
    tomorrow = (today or timezone.localdate()) + datetime.timedelta(days=1)
    due = Interview.objects.filter(
        status=Interview.Status.ACCEPTED,
        reminded_at__isnull=True,
        chosen_slot__starts_at__date=tomorrow,
    )
    return sum(interview_remind(interview=each) for each in due.only("pk"))
