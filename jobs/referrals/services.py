"""Writes of referrals: the bureau refers, the enterprise takes up or declines, the daily
task marks the unanswered ones overdue."""

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from jobs.models import Application, JobPost, Referral, add_working_days
from jobs.referrals.policies import may_answer_referral, may_be_referred, may_refer
from jobs.services.common import _enterprise_emails, _locked, _post_context
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.privacy import mask_name
from portal.accounts.services import audit_event_record
from portal.workflow import InvalidTransition
from veterans.models import VeteranProfile
from veterans.policies import consent_given


def _context(referral: Referral) -> dict:
    return {
        **_post_context(referral.post),
        "veteran": mask_name(referral.veteran.full_name),
        "due_on": referral.answer_due_on,
        "bureau": referral.bureau_region.name,
    }


def _link(referral: Referral) -> str:
    return reverse("jobs:referral_detail", args=[referral.pk])


def referral_make(
    *, officer: User, veteran: VeteranProfile, post: JobPost, note: str = ""
) -> Referral:
    """Refer a consenting veteran of the officer's region to a post of it; the enterprise
    is asked to answer within REFERRAL_ANSWER_WORKING_DAYS working days."""
    post = JobPost.objects.select_related("branch__enterprise", "region").get(pk=post.pk)
    may_refer.require(officer, veteran, post)
    may_be_referred.require(veteran, post)
    due_on = add_working_days(timezone.localdate(), settings.REFERRAL_ANSWER_WORKING_DAYS)
    referral = Referral(
        veteran=veteran,
        post=post,
        bureau_region=officer.region,
        referred_by=officer,
        note=note,
        answer_due_on=due_on,
    )
    referral.full_clean(exclude=["veteran", "post", "bureau_region", "referred_by"])
    try:
        with transaction.atomic():
            referral.save()
            audit_event_record(
                actor=officer, action=AuditAction.REFERRAL_MADE, target=referral, note=note
            )
            notify_after_commit(
                to=_enterprise_emails(post.branch.enterprise_id),
                event="referral_received",
                context={**_context(referral), "note": note},
                link=_link(referral),
            )
    except IntegrityError as exc:
        if "one_referral_per_post" not in str(exc):
            raise
        may_be_referred.refuse("already_referred")
    return referral


def referral_take_up(*, referral: Referral, actor: User) -> Referral:
    """Take the referred veteran into the pipeline: an application linked to the referral,
    as if the veteran had applied (they are told, and may withdraw it like any other)."""
    with transaction.atomic():
        referral = _locked(Referral, referral.pk)
        may_answer_referral.require(actor, referral)
        if not referral.can_move_to(Referral.Status.TAKEN_UP):
            raise InvalidTransition(referral, Referral.Status.TAKEN_UP)
        post = JobPost.objects.select_related("branch__enterprise").get(pk=referral.post_id)
        veteran = referral.veteran
        consent_given.require(veteran.user)
        # The veteran must still consent and look for work, and the post be open; the
        # referral itself is the one expected.
        refusal = may_be_referred.refusal(veteran, post)
        if refusal not in (None, "already_referred"):
            may_be_referred.refuse(refusal)
        application = Application.objects.create(post=post, veteran=veteran)
        referral.take_up(application=application, by=actor)
        referral.save(update_fields=["status", "application", "answered_by", "answered_at"])
        audit_event_record(actor=actor, action=AuditAction.REFERRAL_TAKEN_UP, target=referral)
        audit_event_record(
            actor=actor,
            action=AuditAction.APPLICATION_SUBMITTED,
            target=application,
            referral=referral.pk,
        )
        notify_after_commit(
            to=[veteran.user.email],
            event="referral_taken_up",
            context={**_context(referral), "full_name": veteran.full_name},
            link=reverse("jobs:application_detail", args=[application.pk]),
        )
        _tell_officer(referral)
    return referral


def referral_decline(*, referral: Referral, actor: User, reason: str) -> Referral:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Please give a reason.")}, code="reason_required")
    with transaction.atomic():
        referral = _locked(Referral, referral.pk)
        may_answer_referral.require(actor, referral)
        referral.decline(reason=reason.strip(), by=actor)
        referral.full_clean(exclude=["veteran", "post", "bureau_region", "referred_by"])
        referral.save(update_fields=["status", "decline_reason", "answered_by", "answered_at"])
        audit_event_record(
            actor=actor, action=AuditAction.REFERRAL_DECLINED, target=referral, reason=reason
        )
        _tell_officer(referral)
    return referral


def _tell_officer(referral: Referral) -> None:
    officer = referral.referred_by
    if officer is None:
        return
    notify_after_commit(
        to=[officer.email],
        event="referral_answered",
        context={
            **_context(referral),
            "status": referral.get_status_display(),
            "reason": referral.decline_reason,
        },
        link=_link(referral),
    )


def referral_mark_overdue(*, referral: Referral, today: datetime.date) -> bool:
    """An open referral past its answer date comes back to the officer; False if not."""
    with transaction.atomic():
        referral = _locked(Referral, referral.pk)
        if referral.status != Referral.Status.OPEN or referral.answer_due_on >= today:
            return False
        referral.mark_overdue()
        referral.save(update_fields=["status"])
        audit_event_record(actor=None, action=AuditAction.REFERRAL_CAME_OVERDUE, target=referral)
    return True


def referrals_mark_overdue(*, today: datetime.date | None = None) -> int:
    """Mark every open referral past its answer date overdue and tell each officer once
    how many of theirs are waiting. Safe to run twice: the second run marks nothing and
    tells nobody."""
    today = today or timezone.localdate()
    due = Referral.objects.filter(status=Referral.Status.OPEN, answer_due_on__lt=today)
    marked = [r.pk for r in due.only("pk") if referral_mark_overdue(referral=r, today=today)]
    officers = (
        User.objects.filter(pk__in=Referral.objects.filter(pk__in=marked).values("referred_by"))
        .filter(is_active=True)
        .order_by("pk")
    )
    for officer in officers:
        waiting = Referral.objects.filter(referred_by=officer, status=Referral.Status.OVERDUE)
        with transaction.atomic():
            notify_after_commit(
                to=[officer.email],
                event="referrals_overdue",
                context={"count": waiting.count()},
                link=reverse("jobs:referral_list") + "?status=overdue",
            )
    return len(marked)
