"""Hires made at a recruitment event or directly (DESIGN.md §4, Placement): recorded by the
enterprise or the bureau, confirmed by the veteran, then placed and followed up like a hire
through an application; and attendance at events, which such hires come from."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext as _

from jobs.feedback.services import feedback_ask_after_event
from jobs.models import EventRegistration, JobPost, OfflineHire, Placement, RecruitmentEvent
from jobs.policies import may_answer_offline_hire, may_oversee_attendance, may_record_offline_hire
from jobs.services.applications import place_veteran
from jobs.services.common import _locked, _post_context
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict
from veterans.models import VeteranProfile
from veterans.policies import profile_required
from veterans.resident_id import normalise_resident_id, validate_resident_id


def _open_for_hire(post: JobPost) -> None:
    if post.status != JobPost.Status.PUBLISHED or post.openings_left <= 0:
        raise Conflict(_("This post has no openings left."))


def _find_veteran(resident_id: str, email: str) -> VeteranProfile | None:
    """The veteran by resident ID (its keyed digest: the field looks up by digest, never
    by decrypting), else the veteran account of the e-mail address."""
    if resident_id:
        try:
            validate_resident_id(resident_id)
        except ValidationError as error:
            raise ValidationError({"resident_id": error.messages}) from None
        found = VeteranProfile.objects.filter(resident_id=normalise_resident_id(resident_id))
        if found.exists():
            return found.select_related("user").get()
    if email:
        return VeteranProfile.objects.filter(user__email__iexact=email).first()
    if resident_id:
        raise ValidationError(
            {
                "email": _(
                    "No veteran has a profile with this resident ID number: give their e-mail address to invite them."
                )
            }
        )
    raise ValidationError(
        {"resident_id": _("Give the veteran's resident ID number or e-mail address.")}
    )


def _check_event(channel: str, event: RecruitmentEvent | None) -> None:
    if channel == Placement.Channel.EVENT and event is None:
        raise ValidationError({"event": _("Choose the recruitment event the hire was made at.")})
    if channel == Placement.Channel.DIRECT and event is not None:
        raise ValidationError({"event": _("A direct hire is not made at an event.")})


def offline_hire_record(
    *,
    post: JobPost,
    recorder: User,
    channel: str,
    started_on: datetime.date,
    event: RecruitmentEvent | None = None,
    resident_id: str = "",
    email: str = "",
    note: str = "",
) -> OfflineHire:
    """Record a hire made at an event or directly. The veteran is asked to confirm it (in
    the inbox, or by an e-mail invitation when they have no profile yet); nothing counts
    until they do."""
    if channel not in dict(OfflineHire.CHANNELS):
        raise ValidationError({"channel": _("Choose where the hire was made.")})
    _check_event(channel, event)
    email = (email or "").strip()
    veteran = _find_veteran((resident_id or "").strip(), email)
    with transaction.atomic():
        post = _locked(JobPost, post.pk)
        may_record_offline_hire.require(recorder, post)
        _open_for_hire(post)
        hire = OfflineHire(
            post=post, channel=channel, event=event, veteran=veteran,
            invited_email="" if veteran else email, started_on=started_on, note=note,
            recorded_by=recorder,
        )  # fmt: skip
        hire.full_clean(exclude=["token"])
        hire.save()
        audit_event_record(
            actor=recorder, action=AuditAction.OFFLINE_HIRE_RECORDED, target=hire, channel=channel
        )
        _ask_the_veteran(hire)
    return hire


def _ask_the_veteran(hire: OfflineHire) -> None:
    link = reverse("jobs:offline_hire_answer", args=[hire.token])
    context = {
        **_post_context(hire.post),
        "started_on": hire.started_on,
        "days": settings.OFFLINE_HIRE_CONFIRM_DAYS,
    }
    if hire.veteran_id:
        notify_after_commit(
            to=[hire.veteran.user.email], event="offline_hire_to_confirm", context=context,
            link=link,
        )  # fmt: skip
    else:
        notify_after_commit(
            to=[hire.invited_email],
            event="offline_hire_invited",
            context={**context, "link": settings.PORTAL_URL.rstrip("/") + link},
        )


def _answerable(hire: OfflineHire, user: User) -> OfflineHire:
    # An invited veteran signs up, then fills in the profile before answering.
    if user.is_authenticated and user.is_veteran:
        profile_required(user)
    may_answer_offline_hire.require(user, hire)
    if hire.status == OfflineHire.Status.PENDING and _overdue(hire):
        raise Conflict(
            _("This hire was not confirmed in time; ask the employer to record it again.")
        )
    return hire


def _overdue(hire: OfflineHire, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    due = timezone.localdate(hire.created_at) + datetime.timedelta(
        days=settings.OFFLINE_HIRE_CONFIRM_DAYS
    )
    return today > due


def offline_hire_confirm(*, hire: OfflineHire, user: User) -> Placement:
    """The veteran confirms: the hire is counted on the post (never past its openings),
    the placement and its follow-ups are made, an event registration is marked attended."""
    with transaction.atomic():
        post = _locked(JobPost, hire.post_id)  # the post first, as every hire locks it
        hire = _answerable(_locked(OfflineHire, hire.pk), user)
        profile = user.veteran_profile
        post.record_hire()
        post.save(update_fields=["filled_count", "status", "updated_at"])
        placement = place_veteran(
            post_id=post.pk, veteran_id=profile.pk, started_on=hire.started_on,
            channel=hire.channel, event=hire.event,
        )  # fmt: skip
        hire.veteran = profile
        hire.confirm(placement=placement)
        hire.save(update_fields=["veteran", "status", "placement", "decided_at"])
        audit_event_record(
            actor=user, action=AuditAction.OFFLINE_HIRE_CONFIRMED, target=hire,
            placement=placement.pk,
        )  # fmt: skip
        if post.status == JobPost.Status.FILLED:
            audit_event_record(actor=user, action=AuditAction.JOB_POST_FILLED, target=post)
        if hire.event_id:
            _mark_attended(hire.event_id, profile, actor=user)
        _tell_the_recorder(hire)
    return placement


def offline_hire_decline(*, hire: OfflineHire, user: User) -> OfflineHire:
    with transaction.atomic():
        hire = _answerable(_locked(OfflineHire, hire.pk), user)
        hire.decline()
        hire.save(update_fields=["status", "decided_at"])
        audit_event_record(actor=user, action=AuditAction.OFFLINE_HIRE_DECLINED, target=hire)
        _tell_the_recorder(hire)
    return hire


def _tell_the_recorder(hire: OfflineHire) -> None:
    notify_after_commit(
        to=[hire.recorded_by.email],
        event="offline_hire_decided",
        # Lazy, so each recipient reads it in their own language.
        context={**_post_context(hire.post), "status": lazy(hire.get_status_display, str)()},
    )


def offline_hires_expire(*, today: datetime.date | None = None) -> int:
    """Daily: pending hires past OFFLINE_HIRE_CONFIRM_DAYS expire (safe to run twice)."""
    expired = 0
    for pk in OfflineHire.objects.filter(status=OfflineHire.Status.PENDING).values_list(
        "pk", flat=True
    ):
        with transaction.atomic():
            hire = _locked(OfflineHire, pk)
            if hire.status == OfflineHire.Status.PENDING and _overdue(hire, today):
                hire.expire()
                hire.save(update_fields=["status", "decided_at"])
                expired += 1
    return expired


# --- attendance at events --------------------------------------------------------------


def _mark_attended(event_id: int, veteran: VeteranProfile, *, actor: User) -> None:
    registration = EventRegistration.objects.filter(event_id=event_id, veteran=veteran).first()
    if registration is not None and not registration.attended:
        registration.attended = True
        registration.save(update_fields=["attended"])
        audit_event_record(
            actor=actor, action=AuditAction.EVENT_ATTENDANCE_RECORDED, target=registration
        )
        feedback_ask_after_event(registration)


def event_attendance_record(
    *, registration: EventRegistration, recorder: User, attended: bool = True
) -> EventRegistration:
    """The bureau over the event's region records who came (or corrects it)."""
    with transaction.atomic():
        registration = _locked(EventRegistration, registration.pk)
        may_oversee_attendance.require(recorder, registration.event)
        if registration.event.starts_at > timezone.now():
            raise Conflict(_("Attendance is recorded once the event has started."))
        registration.attended = attended
        registration.save(update_fields=["attended"])
        audit_event_record(
            actor=recorder,
            action=AuditAction.EVENT_ATTENDANCE_RECORDED,
            target=registration,
            attended=attended,
        )
        if attended:
            feedback_ask_after_event(registration)
    return registration
