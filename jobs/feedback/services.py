"""Writes of feedback: the questions are put to the veteran by the services of the moments
they follow (a placement's first recorded follow-up, a completed training, attendance at
an event), once each; the veteran answers or declines once."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from jobs.feedback.policies import may_answer_feedback
from jobs.models import EventRegistration, Feedback, FollowUp
from jobs.services.common import _locked
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from veterans.models import Enrolment


def _ask(**fields) -> Feedback | None:
    """Put the questions, unless they were put already (the unique constraints decide,
    also between two officers recording at once); the veteran is told in the inbox."""
    feedback = Feedback(**fields)
    try:
        with transaction.atomic():
            feedback.save()
    except IntegrityError as exc:
        if "one_feedback_per" not in str(exc):
            raise
        return None
    audit_event_record(actor=None, action=AuditAction.FEEDBACK_ASKED, target=feedback)
    notify_after_commit(
        to=[feedback.veteran.user.email],
        event="feedback_requested",
        context={"subject": feedback.get_subject_display(), "about": about(feedback)},
        link=reverse("jobs:feedback_answer", args=[feedback.pk]),
    )
    return feedback


def about(feedback: Feedback) -> str:
    """What the questions are about, in a few words (a post, a programme, an event)."""
    if feedback.subject == Feedback.Subject.PLACEMENT:
        post = feedback.placement.post
        return f"{post.title} · {feedback.enterprise.name}"
    if feedback.subject == Feedback.Subject.TRAINING:
        return f"{feedback.enrolment.programme.title} · {feedback.institution.name}"
    return feedback.event.title


def feedback_ask_after_follow_up(follow_up: FollowUp) -> Feedback | None:
    """After the placement's first recorded follow-up (the later ones ask nothing)."""
    placement = follow_up.placement
    if Feedback.objects.filter(placement=placement).exists():
        return None
    post = placement.post
    return _ask(
        veteran=placement.veteran,
        subject=Feedback.Subject.PLACEMENT,
        placement=placement,
        enterprise_id=post.branch.enterprise_id,
        region_id=post.region_id,
    )


def feedback_ask_after_training(enrolment: Enrolment) -> Feedback | None:
    institution = enrolment.programme.institution
    return _ask(
        veteran=enrolment.veteran,
        subject=Feedback.Subject.TRAINING,
        enrolment=enrolment,
        institution=institution,
        region_id=institution.region_id,
    )


def feedback_ask_after_event(registration: EventRegistration) -> Feedback | None:
    event = registration.event
    if Feedback.objects.filter(event=event, veteran=registration.veteran).exists():
        return None
    return _ask(
        veteran=registration.veteran,
        subject=Feedback.Subject.EVENT,
        event=event,
        region_id=event.region_id,
    )


def _score(value, field: str) -> int:
    if value in (None, "") or str(value) not in {"1", "2", "3", "4", "5"}:
        raise ValidationError({field: _("Choose a rating from 1 to 5.")}, code="score")
    return int(value)


def feedback_answer(
    *, feedback: Feedback, veteran_user: User, score_1, score_2, comment: str = ""
) -> Feedback:
    """The veteran's two ratings and an optional comment, once."""
    scores = {"score_1": _score(score_1, "score_1"), "score_2": _score(score_2, "score_2")}
    with transaction.atomic():
        feedback = _locked(Feedback, feedback.pk)
        may_answer_feedback.require(veteran_user, feedback)
        feedback.answer(**scores, comment=(comment or "").strip())
        feedback.full_clean(exclude=["veteran", "placement", "enrolment", "event", "region",
                                     "enterprise", "institution"])  # fmt: skip
        feedback.save(update_fields=["status", "score_1", "score_2", "comment", "answered_at"])
        # The trail says that the veteran answered, never what: the ratings stay unnamed.
        audit_event_record(
            actor=veteran_user, action=AuditAction.FEEDBACK_ANSWERED, target=feedback
        )
    return feedback


def feedback_decline(*, feedback: Feedback, veteran_user: User) -> Feedback:
    """The veteran would rather not answer: the questions are not put again."""
    with transaction.atomic():
        feedback = _locked(Feedback, feedback.pk)
        may_answer_feedback.require(veteran_user, feedback)
        feedback.decline()
        feedback.save(update_fields=["status", "answered_at"])
        audit_event_record(
            actor=veteran_user, action=AuditAction.FEEDBACK_DECLINED, target=feedback
        )
    return feedback
