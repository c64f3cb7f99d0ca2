"""Writes for enterprises, their staff, branches and cooperation agreements.

Each transition follows STYLE.md rule 4: lock the row, check the actor, call the model's
transition method, save, record one AuditEvent and e-mail the enterprise after commit.
"""

import datetime
from collections.abc import Callable

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from enterprises.policies import (
    admin_of,
    may_act_on_agreement,
    may_review_branch,
    may_review_enterprise,
    staff_of,
)
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.reference.models import Industry, Region
from portal.workflow import Conflict, NotAllowed


def _member_emails(enterprise: Enterprise) -> list[str]:
    members = enterprise.members.filter(user__is_active=True)
    return list(members.values_list("user__email", flat=True))


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError(_("Give a reason for this decision."), code="reason_required")
    return reason.strip()


# Enterprises ---------------------------------------------------------------------------


def enterprise_register(
    *,
    user: User,
    name: str,
    credit_code: str,
    ownership: str,
    industry: Industry,
    hq_region: Region,
    description: str = "",
    website: str = "",
) -> Enterprise:
    """The registering user becomes the enterprise's admin member and enterprise staff."""
    # A new sign-up is a veteran by default; a veteran with a profile keeps that role.
    newcomer_or_staff = user.role in (User.Role.VETERAN, User.Role.ENTERPRISE)
    if not newcomer_or_staff or hasattr(user, "veteran_profile"):
        raise NotAllowed(_("Only a staff account of the enterprise may register it."))
    enterprise = Enterprise(
        name=name,
        credit_code=uscc.compact(credit_code or ""),
        ownership=ownership,
        industry=industry,
        hq_region=hq_region,
        description=description,
        website=website,
    )
    enterprise.full_clean(validate_unique=False)
    with transaction.atomic():
        # The user's row lock makes two racing registrations by one user come out as one.
        user = User.objects.select_for_update().get(pk=user.pk)
        if EnterpriseMember.objects.filter(user=user).exists():
            raise Conflict(_("This account already belongs to an enterprise."))
        try:
            with transaction.atomic():
                enterprise.save()
        except IntegrityError:
            raise Conflict(
                _("An enterprise with this credit code is already registered.")
            ) from None
        EnterpriseMember.objects.create(
            enterprise=enterprise, user=user, role=EnterpriseMember.Role.ADMIN
        )
        user.role = User.Role.ENTERPRISE
        user.save(update_fields=["role"])
        audit_event_record(actor=user, action=AuditAction.ENTERPRISE_REGISTERED, target=enterprise)
    return enterprise


def enterprise_member_invite(
    *,
    enterprise: Enterprise,
    inviter: User,
    email: str,
    username: str,
    first_name: str = "",
    last_name: str = "",
    role: str = EnterpriseMember.Role.RECRUITER,
) -> EnterpriseMember:
    """A colleague's staff account without a password; the e-mail carries the set-password link."""
    admin_of.require(inviter, enterprise)
    validate_email(email)
    user = User(
        username=username,
        email=User.objects.normalize_email(email),
        role=User.Role.ENTERPRISE,
        first_name=first_name,
        last_name=last_name,
    )
    user.set_unusable_password()
    user.full_clean(validate_unique=False)
    if User.objects.filter(Q(username=username) | Q(email__iexact=user.email)).exists():
        raise Conflict(_("An account with this user name or e-mail address already exists."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:
            raise Conflict(_("An account with this user name already exists.")) from None
        member = EnterpriseMember.objects.create(enterprise=enterprise, user=user, role=role)
        audit_event_record(
            actor=inviter,
            action=AuditAction.ENTERPRISE_MEMBER_INVITED,
            target=enterprise,
            username=username,
        )
        notify_after_commit(
            to=[user.email],
            event="enterprise_member_invited",
            context={
                "enterprise": enterprise,
                "inviter": inviter,
                "user": user,
                "uid": urlsafe_base64_encode(force_bytes(user.pk)),
                "token": default_token_generator.make_token(user),
            },
        )
    return member


def _enterprise_decide(
    *,
    enterprise: Enterprise,
    reviewer: User,
    action: str,
    event: str,
    reason: str,
    move: Callable[[Enterprise], None],
) -> Enterprise:
    with transaction.atomic():
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        may_review_enterprise.require(reviewer, enterprise)
        move(enterprise)
        enterprise.save(update_fields=["status", "decision_reason", "reviewed_by", "reviewed_at"])
        audit_event_record(
            actor=reviewer,
            action=action,
            target=enterprise,
            note=reason,
            to_status=enterprise.status,
        )
        notify_after_commit(
            to=_member_emails(enterprise),
            event=event,
            context={"enterprise": enterprise, "reason": reason},
        )
    return enterprise


def enterprise_approve(*, enterprise: Enterprise, reviewer: User, note: str = "") -> Enterprise:
    return _enterprise_decide(
        enterprise=enterprise,
        reviewer=reviewer,
        action=AuditAction.ENTERPRISE_APPROVED,
        event="enterprise_approved",
        reason=note,
        move=lambda e: e.approve(reviewer=reviewer),
    )


def enterprise_reject(*, enterprise: Enterprise, reviewer: User, reason: str) -> Enterprise:
    reason = _require_reason(reason)
    return _enterprise_decide(
        enterprise=enterprise,
        reviewer=reviewer,
        action=AuditAction.ENTERPRISE_REJECTED,
        event="enterprise_rejected",
        reason=reason,
        move=lambda e: e.reject(reviewer=reviewer, reason=reason),
    )


def enterprise_suspend(*, enterprise: Enterprise, reviewer: User, reason: str) -> Enterprise:
    reason = _require_reason(reason)
    return _enterprise_decide(
        enterprise=enterprise,
        reviewer=reviewer,
        action=AuditAction.ENTERPRISE_SUSPENDED,
        event="enterprise_suspended",
        reason=reason,
        move=lambda e: e.suspend(reviewer=reviewer, reason=reason),
    )


def enterprise_reinstate(*, enterprise: Enterprise, reviewer: User, note: str = "") -> Enterprise:
    return _enterprise_decide(
        enterprise=enterprise,
        reviewer=reviewer,
        action=AuditAction.ENTERPRISE_REINSTATED,
        event="enterprise_reinstated",
        reason=note,
        move=lambda e: e.reinstate(reviewer=reviewer),
    )


# Branches ------------------------------------------------------------------------------


def branch_create(
    *,
    enterprise: Enterprise,
    creator: User,
    name: str,
    region: Region,
    address: str,
    contact_name: str,
    contact_phone: str,
) -> Branch:
    staff_of.require(creator, enterprise.pk)
    branch = Branch(
        enterprise=enterprise,
        name=name,
        region=region,
        address=address,
        contact_name=contact_name,
        contact_phone=contact_phone,
    )
    branch.full_clean(validate_unique=False, validate_constraints=False)
    with transaction.atomic():
        # Locked so a suspension cannot slip in between the check and the insert.
        enterprise = Enterprise.objects.select_for_update().get(pk=enterprise.pk)
        if enterprise.status != Enterprise.Status.APPROVED:
            raise Conflict(_("Only an approved enterprise may add branches."))
        try:
            with transaction.atomic():
                branch.save()
        except IntegrityError:
            raise Conflict(_("The enterprise already has a branch of this name here.")) from None
        audit_event_record(actor=creator, action=AuditAction.BRANCH_CREATED, target=branch)
    return branch


def _branch_decide(
    *,
    branch: Branch,
    reviewer: User,
    action: str,
    event: str,
    reason: str,
    move: Callable[[Branch], None],
) -> Branch:
    with transaction.atomic():
        branch = (
            Branch.objects.select_for_update(of=("self",))
            .select_related("enterprise")
            .get(pk=branch.pk)
        )
        may_review_branch.require(reviewer, branch)
        move(branch)
        branch.save(update_fields=["status", "decision_reason", "reviewed_by", "reviewed_at"])
        audit_event_record(
            actor=reviewer,
            action=action,
            target=branch,
            note=reason,
            to_status=branch.status,
        )
        notify_after_commit(
            to=_member_emails(branch.enterprise),
            event=event,
            context={"branch": branch, "enterprise": branch.enterprise, "reason": reason},
        )
    return branch


def branch_approve(*, branch: Branch, reviewer: User, note: str = "") -> Branch:
    return _branch_decide(
        branch=branch,
        reviewer=reviewer,
        action=AuditAction.BRANCH_APPROVED,
        event="branch_approved",
        reason=note,
        move=lambda b: b.approve(reviewer=reviewer),
    )


def branch_reject(*, branch: Branch, reviewer: User, reason: str) -> Branch:
    reason = _require_reason(reason)
    return _branch_decide(
        branch=branch,
        reviewer=reviewer,
        action=AuditAction.BRANCH_REJECTED,
        event="branch_rejected",
        reason=reason,
        move=lambda b: b.reject(reviewer=reviewer, reason=reason),
    )


# Agreements ----------------------------------------------------------------------------


def agreement_create(
    *,
    creator: User,
    batch: CooperationBatch,
    enterprise: Enterprise,
    cooperation_mode: str,
    pledged_posts: int,
    starts_on: datetime.date,
    ends_on: datetime.date,
    signatory_level: str = Agreement.SignatoryLevel.MINISTRY,
    region: Region | None = None,
) -> Agreement:
    agreement = Agreement(
        batch=batch,
        enterprise=enterprise,
        cooperation_mode=cooperation_mode,
        pledged_posts=pledged_posts,
        starts_on=starts_on,
        ends_on=ends_on,
        signatory_level=signatory_level,
        region=region,
    )
    may_act_on_agreement.require(creator, agreement)
    if region is not None and region.level != signatory_level:
        raise ValidationError(_("The region must be of the signatory's level."), code="level")
    agreement.full_clean()
    if enterprise.status != Enterprise.Status.APPROVED:
        raise Conflict(_("Agreements are signed with approved enterprises only."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                agreement.save()
        except IntegrityError:
            raise Conflict(
                _("This enterprise already has such an agreement in the batch.")
            ) from None
        audit_event_record(actor=creator, action=AuditAction.AGREEMENT_CREATED, target=agreement)
    return agreement


def _agreement_move(
    *,
    agreement: Agreement,
    actor: User,
    action: str,
    event: str,
    fields: list[str],
    note: str = "",
    move: Callable[[Agreement], None],
) -> Agreement:
    with transaction.atomic():
        agreement = (
            Agreement.objects.select_for_update(of=("self",))
            .select_related("enterprise")
            .get(pk=agreement.pk)
        )
        may_act_on_agreement.require(actor, agreement)
        move(agreement)
        agreement.save(update_fields=["status", *fields])
        audit_event_record(
            actor=actor,
            action=action,
            target=agreement,
            note=note,
            to_status=agreement.status,
        )
        notify_after_commit(
            to=_member_emails(agreement.enterprise),
            event=event,
            context={"agreement": agreement, "enterprise": agreement.enterprise, "reason": note},
        )
    return agreement


def agreement_sign(
    *, agreement: Agreement, actor: User, signed_on: datetime.date | None = None
) -> Agreement:
    signed_on = signed_on or timezone.localdate()
    return _agreement_move(
        agreement=agreement,
        actor=actor,
        action=AuditAction.AGREEMENT_SIGNED,
        event="agreement_signed",
        fields=["signed_on"],
        move=lambda a: a.sign(signed_on=signed_on),
    )


def agreement_activate(*, agreement: Agreement, actor: User) -> Agreement:
    return _agreement_move(
        agreement=agreement,
        actor=actor,
        action=AuditAction.AGREEMENT_ACTIVATED,
        event="agreement_activated",
        fields=[],
        move=lambda a: a.activate(),
    )


def agreement_expire(*, agreement: Agreement, actor: User) -> Agreement:
    return _agreement_move(
        agreement=agreement,
        actor=actor,
        action=AuditAction.AGREEMENT_EXPIRED,
        event="agreement_expired",
        fields=[],
        move=lambda a: a.expire(),
    )


def agreement_terminate(*, agreement: Agreement, actor: User, reason: str) -> Agreement:
    reason = _require_reason(reason)
    return _agreement_move(
        agreement=agreement,
        actor=actor,
        action=AuditAction.AGREEMENT_TERMINATED,
        event="agreement_terminated",
        fields=["termination_reason"],
        note=reason,
        move=lambda a: a.terminate(reason=reason),
    )


# Batches -------------------------------------------------------------------------------


def batch_create(
    *,
    creator: User,
    number: int,
    name: str,
    published_on: datetime.date,
    description: str = "",
) -> CooperationBatch:
    """A published batch of agreements; only the ministry publishes batches."""
    if not creator.is_ministry:
        raise NotAllowed(_("Only the ministry may publish a cooperation batch."))
    batch = CooperationBatch(
        number=number, name=name, published_on=published_on, description=description
    )
    batch.full_clean(validate_unique=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                batch.save()
        except IntegrityError:
            raise Conflict(_("A batch with this number already exists.")) from None
        audit_event_record(actor=creator, action=AuditAction.BATCH_CREATED, target=batch)
    return batch
