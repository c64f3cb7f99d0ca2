"""Invitations to apply: from a post's candidates list to the veteran, who applies in one
click or declines."""

from django.db import IntegrityError, transaction
from django.urls import reverse

from enterprises.policies import staff_of
from jobs.models import Invitation, JobPost, PostCandidate
from jobs.models.invitations import FACTORS
from jobs.policies import may_answer_invitation, may_invite
from jobs.services.applications import application_submit
from jobs.services.common import _enterprise_emails, _locked, _post_context
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from veterans.models import Resume, VeteranProfile


def invitation_send(
    *, post: JobPost, candidate: PostCandidate, actor: User, note: str = ""
) -> Invitation:
    """Invite one of the post's candidates (a PostCandidate row of the current run) to
    apply. The post's row is locked while today's invitations are counted, so two at once
    cannot pass the daily limit; the unique (post, veteran) decides between two of one."""
    veteran = candidate.veteran
    try:
        with transaction.atomic():
            post = _locked(JobPost, post.pk)
            staff_of.require(actor, post.branch.enterprise_id)
            may_invite.require(post, veteran)
            invitation = Invitation.objects.create(
                post=post,
                veteran=veteran,
                invited_by=actor,
                note=note,
                **{name: getattr(candidate, name) for name in FACTORS},
            )
            audit_event_record(actor=actor, action=AuditAction.INVITATION_SENT, target=invitation)
            notify_after_commit(
                to=[veteran.user.email],
                event="invitation_received",
                context={**_post_context(post), "note": note},
                link=reverse("jobs:invitation_list"),
            )
    except IntegrityError as exc:
        if "one_invitation_per_post" not in str(exc):
            raise
        may_invite.refuse("already_invited")
    return invitation


def _tell_enterprise(invitation: Invitation, answer: str) -> None:
    post = invitation.post
    notify_after_commit(
        to=_enterprise_emails(post.branch.enterprise_id),
        event="invitation_answered",
        context={**_post_context(post), "answer": answer},
        link=reverse("jobs:enterprise_post_candidates", args=[post.pk]),
    )


def invitation_apply(
    *, invitation: Invitation, veteran: VeteranProfile, resume: Resume | None = None
) -> Invitation:
    """Apply in one click: the application is submitted as any other (the same rules:
    consent, a post still open), and the invitation is marked answered."""
    with transaction.atomic():
        invitation = _locked(Invitation, invitation.pk)
        may_answer_invitation.require(invitation, veteran)
        if not invitation.can_move_to(Invitation.Status.APPLIED):
            invitation.mark_applied(None)  # raises InvalidTransition
        application = application_submit(
            post=invitation.post,
            veteran=veteran,
            resume=resume,
        )
        invitation.mark_applied(application)
        invitation.save(update_fields=["status", "application", "answered_at"])
        audit_event_record(
            actor=veteran.user, action=AuditAction.INVITATION_ACCEPTED, target=invitation
        )
        _tell_enterprise(invitation, "applied")
    return invitation


def invitation_decline(*, invitation: Invitation, veteran: VeteranProfile) -> Invitation:
    with transaction.atomic():
        invitation = _locked(Invitation, invitation.pk)
        may_answer_invitation.require(invitation, veteran)
        invitation.decline()
        invitation.save(update_fields=["status", "answered_at"])
        audit_event_record(
            actor=veteran.user, action=AuditAction.INVITATION_DECLINED, target=invitation
        )
        _tell_enterprise(invitation, "declined")
    return invitation
