"""Writes for enterprises, their staff, branches and cooperation agreements.

Each transition follows STYLE.md rule 4: lock the row, check the actor, call the model's
transition method, save, record one AuditEvent and e-mail the enterprise after commit.
"""

import datetime
from collections.abc import Iterable

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from enterprises.policies import (
    admin_of,
    may_act_on_agreement,
    may_add_branch,
    may_deactivate_member,
    may_renew_agreement,
    may_review_branch,
    may_review_enterprise,
    staff_of,
)
from enterprises.signals import agreement_ended
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import account_deactivate, audit_event_record, audit_events_record
from portal.reference.models import Industry, Region
from portal.workflow import Conflict, InvalidTransition, NotAllowed


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
    return enterprise_member_account_create(
        enterprise=enterprise,
        inviter=inviter,
        email=email,
        username=username,
        first_name=first_name,
        last_name=last_name,
        role=role,
    )


def enterprise_member_account_create(
    *,
    enterprise: Enterprise,
    inviter: User,
    email: str,
    username: str,
    first_name: str = "",
    last_name: str = "",
    role: str = EnterpriseMember.Role.RECRUITER,
) -> EnterpriseMember:
    """The account and its invitation, once the caller's rule let ``inviter`` in: an
    enterprise's admin (above) or a confirmed start-up's founder (startups.services)."""
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


def enterprise_member_deactivate(*, member: EnterpriseMember, manager: User) -> User:
    """A colleague's staff account closed by the enterprise's administrator: it signs in no
    more; the posts and decisions it made stay the enterprise's."""
    may_deactivate_member.require(manager, member)
    return account_deactivate(account=member.user, manager=manager)


DECISION_FIELDS = ["decision_reason", "reviewed_by", "reviewed_at"]


def _transition(obj, *, actor: User, rule, move, fields, action, event: str, note: str = ""):
    """One transition of an enterprise, a branch or an agreement (STYLE.md rule 4): lock the
    row, check the rule, move, save, one AuditEvent, the enterprise's staff told after
    commit (the e-mail's context names the object, its enterprise and the reason)."""
    model = type(obj)
    related = () if model is Enterprise else ("enterprise",)
    with transaction.atomic():
        locked = model.objects.select_for_update(of=("self",)).select_related(*related)
        obj = locked.get(pk=obj.pk)
        if rule is not None:  # None: the system's own move (an agreement's term ending)
            rule.require(actor, obj)
        move(obj)
        obj.save(update_fields=["status", *fields])
        audit_event_record(actor=actor, action=action, target=obj, note=note, to_status=obj.status)
        enterprise = obj if model is Enterprise else obj.enterprise
        context = {model._meta.model_name: obj, "enterprise": enterprise, "reason": note}
        notify_after_commit(
            to=_member_emails(enterprise),
            event=event,
            context=context,
            link=reverse("enterprises:my_enterprise"),
        )
    return obj


def enterprise_approve(*, enterprise: Enterprise, reviewer: User, note: str = "") -> Enterprise:
    return _transition(
        enterprise,
        actor=reviewer,
        rule=may_review_enterprise,
        move=lambda e: e.approve(reviewer=reviewer),
        fields=DECISION_FIELDS,
        action=AuditAction.ENTERPRISE_APPROVED,
        event="enterprise_approved",
        note=note,
    )


def enterprise_reject(*, enterprise: Enterprise, reviewer: User, reason: str) -> Enterprise:
    reason = _require_reason(reason)
    return _transition(
        enterprise,
        actor=reviewer,
        rule=may_review_enterprise,
        move=lambda e: e.reject(reviewer=reviewer, reason=reason),
        fields=DECISION_FIELDS,
        action=AuditAction.ENTERPRISE_REJECTED,
        event="enterprise_rejected",
        note=reason,
    )


# JobPost's statuses and model, reached through the relation: jobs sits above this app.
POST_PUBLISHED, POST_HELD, POST_EXPIRED = "published", "suspended", "expired"


def _posts_of(enterprise: Enterprise):
    post_model = Branch._meta.get_field("posts").related_model
    return post_model, post_model.objects.filter(branch__enterprise=enterprise)


def _hold_posts(enterprise: Enterprise, *, actor: User, note: str) -> None:
    """A suspended enterprise's published posts leave search, recommendations and candidate
    lists and take no applications (JobPost's status "suspended")."""
    post_model, posts = _posts_of(enterprise)
    held = posts.filter(status=POST_PUBLISHED).order_by("pk")
    pks = list(held.select_for_update().values_list("pk", flat=True))
    post_model.objects.filter(pk__in=pks).update(status=POST_HELD, updated_at=timezone.now())
    audit_events_record(
        actor=actor, action=AuditAction.JOB_POST_HELD, model=post_model, pks=pks, note=note
    )


def _release_posts(enterprise: Enterprise, *, actor: User) -> None:
    """On reinstatement the held posts come back, those past their deadline as expired."""
    post_model, posts = _posts_of(enterprise)
    today, now = timezone.localdate(), timezone.now()
    held = posts.filter(status=POST_HELD).order_by("pk")
    rows = list(held.select_for_update().values_list("pk", "deadline"))
    for status, action, chosen in (
        (POST_PUBLISHED, AuditAction.JOB_POST_RELEASED, [pk for pk, d in rows if d >= today]),
        (POST_EXPIRED, AuditAction.JOB_POST_EXPIRED, [pk for pk, d in rows if d < today]),
    ):
        post_model.objects.filter(pk__in=chosen).update(status=status, updated_at=now)
        audit_events_record(actor=actor, action=action, model=post_model, pks=chosen)


def enterprise_suspend(*, enterprise: Enterprise, reviewer: User, reason: str) -> Enterprise:
    reason = _require_reason(reason)

    def move(locked: Enterprise) -> None:
        locked.suspend(reviewer=reviewer, reason=reason)
        _hold_posts(locked, actor=reviewer, note=reason)

    return _transition(
        enterprise,
        actor=reviewer,
        rule=may_review_enterprise,
        move=move,
        fields=DECISION_FIELDS,
        action=AuditAction.ENTERPRISE_SUSPENDED,
        event="enterprise_suspended",
        note=reason,
    )


def enterprise_reinstate(*, enterprise: Enterprise, reviewer: User, note: str = "") -> Enterprise:
    def move(locked: Enterprise) -> None:
        locked.reinstate(reviewer=reviewer)
        _release_posts(locked, actor=reviewer)

    return _transition(
        enterprise,
        actor=reviewer,
        rule=may_review_enterprise,
        move=move,
        fields=DECISION_FIELDS,
        action=AuditAction.ENTERPRISE_REINSTATED,
        event="enterprise_reinstated",
        note=note,
    )


ENTERPRISE_DETAILS = (
    "name", "credit_code", "ownership", "industry", "hq_region", "description", "website",
)  # fmt: skip
BRANCH_DETAILS = ("name", "region", "address", "contact_name", "contact_phone")


def _resubmit(obj, *, actor: User, details: tuple, changes: dict, action: AuditAction):
    """A rejected enterprise or branch, its details corrected, back in its reviewer's queue.
    The object stays the same row, so its earlier decisions stay in its trail."""
    unknown = set(changes) - set(details)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    model = type(obj)
    with transaction.atomic():
        obj = model.objects.select_for_update().get(pk=obj.pk)
        enterprise_id = obj.pk if model is Enterprise else obj.enterprise_id
        staff_of.require(actor, enterprise_id)
        obj.resubmit()
        changed = [name for name, value in changes.items() if getattr(obj, name) != value]
        for name in changed:
            setattr(obj, name, changes[name])
        obj.full_clean(validate_unique=False, validate_constraints=False)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:
            raise Conflict(
                _("An enterprise with this credit code is already registered.")
                if model is Enterprise
                else _("The enterprise already has a branch of this name here.")
            ) from None
        audit_event_record(actor=actor, action=action, target=obj, fields=changed)
    return obj


def enterprise_resubmit(*, enterprise: Enterprise, actor: User, **changes) -> Enterprise:
    """The registration, corrected after a rejection, goes back to the same reviewer."""
    if "credit_code" in changes:
        changes["credit_code"] = uscc.compact(changes["credit_code"] or "")
    return _resubmit(
        enterprise,
        actor=actor,
        details=ENTERPRISE_DETAILS,
        changes=changes,
        action=AuditAction.ENTERPRISE_RESUBMITTED,
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
        may_add_branch.require(enterprise)
        try:
            with transaction.atomic():
                branch.save()
        except IntegrityError:
            raise Conflict(_("The enterprise already has a branch of this name here.")) from None
        audit_event_record(actor=creator, action=AuditAction.BRANCH_CREATED, target=branch)
    return branch


def branch_approve(*, branch: Branch, reviewer: User, note: str = "") -> Branch:
    return _transition(
        branch,
        actor=reviewer,
        rule=may_review_branch,
        move=lambda b: b.approve(reviewer=reviewer),
        fields=DECISION_FIELDS,
        action=AuditAction.BRANCH_APPROVED,
        event="branch_approved",
        note=note,
    )


def branch_resubmit(*, branch: Branch, actor: User, **changes) -> Branch:
    return _resubmit(
        branch,
        actor=actor,
        details=BRANCH_DETAILS,
        changes=changes,
        action=AuditAction.BRANCH_RESUBMITTED,
    )


def branch_reject(*, branch: Branch, reviewer: User, reason: str) -> Branch:
    reason = _require_reason(reason)
    return _transition(
        branch,
        actor=reviewer,
        rule=may_review_branch,
        move=lambda b: b.reject(reviewer=reviewer, reason=reason),
        fields=DECISION_FIELDS,
        action=AuditAction.BRANCH_REJECTED,
        event="branch_rejected",
        note=reason,
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
    target_provinces: Iterable[Region | str] = (),
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
        target_provinces=_target_provinces(cooperation_mode, target_provinces),
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


def _target_provinces(mode: str, provinces: Iterable[Region | str]) -> list[str]:
    """The province codes a regional agreement aims its posts at, checked: provinces of
    the reference data only, and only for regional cooperation."""
    codes = sorted({getattr(province, "code", province) for province in provinces or ()})
    if not codes:
        return []
    if mode != Agreement.CooperationMode.REGIONAL:
        raise ValidationError(
            {"target_provinces": _("Only a regional cooperation agreement targets provinces.")}
        )
    known = set(Region.objects.provinces().filter(code__in=codes).values_list("code", flat=True))
    if unknown := [code for code in codes if code not in known]:
        raise ValidationError(
            {"target_provinces": _("Not a province: %(codes)s.") % {"codes": ", ".join(unknown)}}
        )
    return codes


def agreement_set_target_provinces(
    *, agreement: Agreement, actor: User, target_provinces: Iterable[Region | str]
) -> Agreement:
    """The provinces a regional agreement's posts are aimed at, changed by whoever may act
    on the agreement while it is not over; an empty list aims them at every veteran."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        may_act_on_agreement.require(actor, agreement)
        if agreement.status in (Agreement.Status.EXPIRED, Agreement.Status.TERMINATED):
            raise Conflict(_("The agreement is over; its target provinces stay as they were."))
        codes = _target_provinces(agreement.cooperation_mode, target_provinces)
        agreement.target_provinces = codes
        agreement.save(update_fields=["target_provinces"])
        audit_event_record(
            actor=actor,
            action=AuditAction.AGREEMENT_TARGETS_SET,
            target=agreement,
            provinces=",".join(codes),
        )
    return agreement


def agreement_sign(
    *, agreement: Agreement, actor: User, signed_on: datetime.date | None = None
) -> Agreement:
    signed_on = signed_on or timezone.localdate()
    return _transition(
        agreement,
        actor=actor,
        rule=may_act_on_agreement,
        action=AuditAction.AGREEMENT_SIGNED,
        event="agreement_signed",
        fields=["signed_on"],
        move=lambda a: a.sign(signed_on=signed_on),
    )


def agreement_activate(*, agreement: Agreement, actor: User) -> Agreement:
    return _transition(
        agreement,
        actor=actor,
        rule=may_act_on_agreement,
        action=AuditAction.AGREEMENT_ACTIVATED,
        event="agreement_activated",
        fields=[],
        move=lambda a: a.activate(),
    )


def _end(agreement: Agreement, *, actor: User | None, **transition) -> Agreement:
    """An agreement's end (expiry or termination): the transition, and in the same
    transaction the apps above told (signals.agreement_ended), so what they undo (an owed
    interview guarantee lapsing) commits or rolls back with it."""
    with transaction.atomic():
        agreement = _transition(agreement, actor=actor, **transition)
        agreement_ended.send(sender=Agreement, agreement=agreement, actor=actor)
    return agreement


def agreement_expire(*, agreement: Agreement, actor: User) -> Agreement:
    return _end(
        agreement,
        actor=actor,
        rule=may_act_on_agreement,
        action=AuditAction.AGREEMENT_EXPIRED,
        event="agreement_expired",
        fields=[],
        move=lambda a: a.expire(),
    )


def agreement_expire_at_term_end(*, agreement: Agreement) -> Agreement:
    """The daily task's move: an agreement in force whose term has ended expires."""
    return _end(
        agreement,
        actor=None,
        rule=None,
        action=AuditAction.AGREEMENT_EXPIRED,
        event="agreement_expired",
        fields=[],
        move=lambda a: a.expire(),
    )


def expire_agreements_past_term(*, today: datetime.date | None = None) -> int:
    """Expire every agreement in force whose term ended before ``today``; safe to run twice
    (an agreement expired or terminated in the meantime is passed over)."""
    expired = 0
    for agreement in Agreement.objects.past_term(today or timezone.localdate()).only("pk"):
        try:
            agreement_expire_at_term_end(agreement=agreement)
        except InvalidTransition:
            continue
        expired += 1
    return expired


def agreement_renew(
    *,
    agreement: Agreement,
    actor: User,
    starts_on: datetime.date,
    ends_on: datetime.date,
    pledged_posts: int,
) -> Agreement:
    """A new term for an expired agreement: a draft with the same batch, enterprise,
    signatory and mode, linked to the old one, then signed and put into force as usual."""
    with transaction.atomic():
        agreement = Agreement.objects.select_for_update().get(pk=agreement.pk)
        may_act_on_agreement.require(actor, agreement)
        may_renew_agreement.require(agreement)
        if starts_on <= agreement.ends_on:
            raise ValidationError(
                {"starts_on": _("The new term starts after the old one ended (%(date)s).")
                 % {"date": agreement.ends_on.isoformat()}}
            )  # fmt: skip
        renewal = Agreement(
            batch=agreement.batch,
            enterprise=agreement.enterprise,
            signatory_level=agreement.signatory_level,
            region=agreement.region,
            cooperation_mode=agreement.cooperation_mode,
            target_provinces=agreement.target_provinces,
            pledged_posts=pledged_posts,
            starts_on=starts_on,
            ends_on=ends_on,
            renewed_from=agreement,
        )
        renewal.full_clean(validate_unique=False, validate_constraints=False)
        if ends_on <= starts_on or pledged_posts < 1:
            raise ValidationError(
                {"ends_on": _("The term must end after it starts.")}
                if ends_on <= starts_on
                else {"pledged_posts": _("Pledge at least one post.")}
            )
        try:
            with transaction.atomic():
                renewal.save()
        except IntegrityError:
            raise Conflict(
                _("This enterprise already has such an agreement in the batch.")
            ) from None
        audit_event_record(
            actor=actor, action=AuditAction.AGREEMENT_RENEWED, target=agreement, renewal=renewal.pk
        )
        audit_event_record(
            actor=actor,
            action=AuditAction.AGREEMENT_CREATED,
            target=renewal,
            renewal_of=agreement.pk,
        )
    return renewal


def agreement_terminate(*, agreement: Agreement, actor: User, reason: str) -> Agreement:
    reason = _require_reason(reason)
    return _end(
        agreement,
        actor=actor,
        rule=may_act_on_agreement,
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
    released_on: datetime.date | None = None,
    description: str = "",
) -> CooperationBatch:
    """A published batch of agreements; only the ministry publishes batches. From
    ``released_on`` on, the public pages show it (none: not yet announced)."""
    if not creator.is_ministry:
        raise NotAllowed(_("Only the ministry may publish a cooperation batch."))
    batch = CooperationBatch(
        number=number,
        name=name,
        published_on=published_on,
        released_on=released_on,
        description=description,
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
