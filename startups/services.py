"""Writes for veterans' start-ups: declaration, the bureau's confirmation or refusal, a
corrected declaration, and the founder registering staff (STYLE.md rule 4)."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from stdnum.cn import uscc

from enterprises.models import Branch, Enterprise, EnterpriseMember
from enterprises.services import enterprise_member_account_create
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict, InvalidTransition
from startups.models import Mentor, MentorPair, MentorRequest, MentorSession, StartUp
from startups.policies import (
    may_confirm_startup,
    may_correct_startup,
    may_pair_mentor,
    may_record_session,
    may_register_staff,
)
from veterans.policies import profile_required

DETAILS = (
    "name",
    "co_founded",
    "credit_code",
    "founded_on",
    "industry",
    "region",
    "address",
    "stage",
    "employees",
    "veteran_employees",
    "description",
)
DECISION_FIELDS = ["status", "decision_reason", "reviewed_by", "reviewed_at"]
TAKEN = _("A start-up with this credit code is already declared.")


def _checked(startup: StartUp) -> StartUp:
    startup.credit_code = uscc.compact(startup.credit_code or "")
    startup.full_clean(validate_unique=False, validate_constraints=False)
    return startup


def _save_new_code(startup: StartUp, **save) -> None:
    """Saves, turning the unique index's refusal into the field's error."""
    try:
        with transaction.atomic():
            startup.save(**save)
    except IntegrityError:
        raise ValidationError({"credit_code": TAKEN}) from None


def startup_declare(*, user: User, **details) -> StartUp:
    """A veteran with a profile declares a business they founded or co-founded."""
    profile = profile_required(user)
    startup = _checked(StartUp(founder=profile, **details))
    with transaction.atomic():
        _save_new_code(startup)
        audit_event_record(actor=user, action=AuditAction.STARTUP_DECLARED, target=startup)
    return startup


def startup_resubmit(*, startup: StartUp, user: User, **details) -> StartUp:
    """A declaration the bureau did not confirm, corrected and sent again."""
    with transaction.atomic():
        startup = StartUp.objects.select_for_update().select_related("founder").get(pk=startup.pk)
        may_correct_startup.require(user, startup)
        for field, value in details.items():
            setattr(startup, field, value)
        _checked(startup).resubmit()
        _save_new_code(startup)
        audit_event_record(actor=user, action=AuditAction.STARTUP_RESUBMITTED, target=startup)
    return startup


def _founder_email(startup: StartUp) -> list[str]:
    return [startup.founder.user.email]


def _enterprise_for(startup: StartUp, reviewer: User) -> Enterprise:
    """The enterprise a confirmed start-up posts jobs through: approved by the confirming
    bureau, with one approved branch where it is registered, and no agreement."""
    if Enterprise.objects.filter(credit_code=startup.credit_code).exists():
        raise Conflict(_("An enterprise with this credit code is already registered."))
    now = timezone.now()
    enterprise = Enterprise.objects.create(
        name=startup.name,
        credit_code=startup.credit_code,
        ownership=Enterprise.Ownership.PRIVATE,
        industry=startup.industry,
        hq_region=startup.region,
        description=startup.description,
        status=Enterprise.Status.APPROVED,
        reviewed_by=reviewer,
        reviewed_at=now,
    )
    branch = Branch.objects.create(
        enterprise=enterprise,
        name=startup.name,
        region=startup.region,
        address=startup.address,
        contact_name=startup.founder.full_name,
        contact_phone=startup.founder.phone or "-",
        status=Branch.Status.APPROVED,
        reviewed_by=reviewer,
        reviewed_at=now,
    )
    audit_event_record(actor=reviewer, action=AuditAction.ENTERPRISE_APPROVED, target=enterprise)
    audit_event_record(actor=reviewer, action=AuditAction.BRANCH_APPROVED, target=branch)
    return enterprise


def _decide(startup: StartUp, *, reviewer: User, move, action, event: str, note: str = ""):
    with transaction.atomic():
        locked = StartUp.objects.select_for_update(of=("self",))
        startup = locked.select_related("founder__user", "founder__home_region").get(pk=startup.pk)
        may_confirm_startup.require(reviewer, startup)
        move(startup)
        startup.save(update_fields=[*DECISION_FIELDS, "enterprise"])
        audit_event_record(actor=reviewer, action=action, target=startup, note=note)
        notify_after_commit(
            to=_founder_email(startup),
            event=event,
            context={"startup": startup, "reason": note},
            link=reverse("startups:detail", args=[startup.pk]),
        )
    return startup


def startup_confirm(*, startup: StartUp, reviewer: User, note: str = "") -> StartUp:
    """The bureau has found the code real and the founder its veteran: the start-up gets
    its badge, its place in the directory and an enterprise to post jobs through."""

    def move(locked: StartUp) -> None:
        if not locked.can_move_to(StartUp.Status.CONFIRMED):
            raise InvalidTransition(locked, StartUp.Status.CONFIRMED)
        locked.confirm(reviewer=reviewer, enterprise=_enterprise_for(locked, reviewer))

    return _decide(
        startup,
        reviewer=reviewer,
        move=move,
        action=AuditAction.STARTUP_CONFIRMED,
        event="startup_confirmed",
        note=note,
    )


def startup_reject(*, startup: StartUp, reviewer: User, reason: str) -> StartUp:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for this decision."), code="reason_required")
    return _decide(
        startup,
        reviewer=reviewer,
        move=lambda locked: locked.reject(reviewer=reviewer, reason=reason),
        action=AuditAction.STARTUP_REJECTED,
        event="startup_rejected",
        note=reason,
    )


def startup_staff_register(
    *, startup: StartUp, founder: User, email: str, username: str, **names
) -> EnterpriseMember:
    """The founder opens a staff account of the start-up (its first is its administrator,
    who may invite colleagues as any enterprise's administrator does)."""
    may_register_staff.require(founder, startup)
    has_admin = startup.enterprise.members.filter(role=EnterpriseMember.Role.ADMIN).exists()
    role = EnterpriseMember.Role.RECRUITER if has_admin else EnterpriseMember.Role.ADMIN
    with transaction.atomic():
        member = enterprise_member_account_create(
            enterprise=startup.enterprise,
            inviter=founder,
            email=email,
            username=username,
            role=role,
            **names,
        )
        audit_event_record(
            actor=founder,
            action=AuditAction.STARTUP_STAFF_REGISTERED,
            target=startup,
            username=username,
        )
    return member


# Mentors ----------------------------------------------------------------------------------


def mentor_volunteer(*, user: User, **details) -> Mentor:
    """A veteran volunteers as a mentor, or changes what they offer."""
    profile = profile_required(user)
    mentor = Mentor.objects.filter(profile=profile).first() or Mentor(profile=profile)
    for field, value in details.items():
        setattr(mentor, field, value)
    mentor.full_clean(validate_constraints=False)
    with transaction.atomic():
        mentor.save()
        audit_event_record(actor=user, action=AuditAction.MENTOR_VOLUNTEERED, target=mentor)
    return mentor


def mentor_request_create(*, user: User, **details) -> MentorRequest:
    profile = profile_required(user)
    request = MentorRequest(veteran=profile, **details)
    request.full_clean(validate_constraints=False)
    with transaction.atomic():
        try:
            with transaction.atomic():
                request.save()
        except IntegrityError:
            raise Conflict(_("You already have a request waiting for a mentor.")) from None
        audit_event_record(actor=user, action=AuditAction.MENTOR_REQUESTED, target=request)
    return request


def mentor_pair(*, request: MentorRequest, mentor: Mentor, officer: User) -> MentorPair:
    """The bureau pairs a veteran's request with a mentor who has room; both are told."""
    with transaction.atomic():
        mentor = (
            Mentor.objects.select_for_update().select_related("profile__user").get(pk=mentor.pk)
        )
        request = (
            MentorRequest.objects.select_for_update()
            .select_related("veteran__user", "region")
            .get(pk=request.pk)
        )
        may_pair_mentor.require(officer, request, mentor)
        request.mark_paired()
        request.save(update_fields=["status"])
        pair = MentorPair.objects.create(request=request, mentor=mentor, paired_by=officer)
        audit_event_record(actor=officer, action=AuditAction.MENTOR_PAIRED, target=pair)
        notify_after_commit(
            to=[mentor.profile.user.email, request.veteran.user.email],
            event="mentor_paired",
            context={"mentor": mentor.profile.full_name, "mentee": request.veteran.full_name},
            link=reverse("startups:mentoring"),
        )
    return pair


def mentor_session_record(*, pair: MentorPair, user: User, held_on, note: str) -> MentorSession:
    may_record_session.require(user, pair)
    session = MentorSession(pair=pair, held_on=held_on, note=note, recorded_by=user)
    session.full_clean()
    with transaction.atomic():
        session.save()
        audit_event_record(actor=user, action=AuditAction.MENTOR_SESSION_RECORDED, target=pair)
    return session
