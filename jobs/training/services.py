"""Writes of training: the institutions and programmes a bureau manages in its region
subtree, and the enrolment transitions (enrol, withdraw, start, complete, drop).

Each service checks the writer by the rules of jobs/training/policies.py, validates the
row, writes it in one transaction with one AuditEvent.
"""

import datetime
from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from jobs.feedback.services import feedback_ask_after_training
from jobs.training.cooperation import interview_guarantees_give
from jobs.training.policies import (
    may_manage_training,
    may_propose_programme,
    may_record_enrolment,
    may_review_programme,
    may_revise_programme,
    may_withdraw_enrolment,
)
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import (
    account_deactivate,
    audit_event_record,
    staff_account_create,
    user_activation,
)
from portal.reference.models import Skill
from portal.workflow import Conflict
from veterans.models import (
    Enrolment,
    InstitutionMember,
    TrainingInstitution,
    TrainingProgramme,
    VeteranProfile,
    VeteranSkill,
)

INSTITUTION_FIELDS = frozenset({"name", "region", "address", "contact_name", "contact_phone"})
PROGRAMME_FIELDS = frozenset(
    {"institution", "title", "kind", "region", "starts_on", "ends_on", "seats", "place", "cost"}
)


def _check_fields(fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def training_institution_create(*, bureau_user: User, **fields) -> TrainingInstitution:
    _check_fields(fields, INSTITUTION_FIELDS)
    institution = TrainingInstitution(**fields)
    may_manage_training.require(bureau_user, fields.get("region"))
    institution.full_clean()
    with transaction.atomic():
        institution.save()
        audit_event_record(
            actor=bureau_user, action=AuditAction.TRAINING_INSTITUTION_CREATED, target=institution
        )
    return institution


def training_institution_update(
    *, institution: TrainingInstitution, bureau_user: User, **fields
) -> TrainingInstitution:
    _check_fields(fields, INSTITUTION_FIELDS)
    with transaction.atomic():
        institution = TrainingInstitution.objects.select_for_update().get(pk=institution.pk)
        may_manage_training.require(bureau_user, institution.region)
        for name, value in fields.items():
            setattr(institution, name, value)
        may_manage_training.require(bureau_user, institution.region)
        institution.full_clean()
        institution.save()
        audit_event_record(
            actor=bureau_user,
            action=AuditAction.TRAINING_INSTITUTION_UPDATED,
            target=institution,
            fields=sorted(fields),
        )
    return institution


def _check_programme(programme: TrainingProgramme, bureau_user: User, skills: list) -> None:
    may_manage_training.require(bureau_user, programme.region)
    may_manage_training.require(bureau_user, programme.institution.region)
    if not skills:
        raise ValidationError(
            {"skills": _("Name at least one skill the programme teaches.")}, code="no_skills"
        )
    programme.full_clean()


def training_programme_create(
    *, bureau_user: User, skills: Iterable[Skill], **fields
) -> TrainingProgramme:
    _check_fields(fields, PROGRAMME_FIELDS)
    skills = list(skills)
    programme = TrainingProgramme(**fields)
    if programme.institution_id is None or programme.region_id is None:
        raise ValidationError(_("Choose the institution and the place of the programme."))
    _check_programme(programme, bureau_user, skills)
    with transaction.atomic():
        programme.save()
        programme.skills.set(skills)
        audit_event_record(
            actor=bureau_user,
            action=AuditAction.TRAINING_PROGRAMME_CREATED,
            target=programme,
            skills=sorted(skill.pk for skill in skills),
        )
    return programme


def training_programme_update(
    *, programme: TrainingProgramme, bureau_user: User, skills: Iterable[Skill], **fields
) -> TrainingProgramme:
    """Seats never drop below the places already taken (the row lock keeps enrolments out
    while this counts them)."""
    _check_fields(fields, PROGRAMME_FIELDS)
    skills = list(skills)
    with transaction.atomic():
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
        may_manage_training.require(bureau_user, programme.region)
        for name, value in fields.items():
            setattr(programme, name, value)
        _check_programme(programme, bureau_user, skills)
        taken = programme.enrolments.filter(status__in=Enrolment.SEATED).count()
        if programme.seats < taken:
            raise Conflict(
                _("%(taken)d seats are already taken; the programme cannot have fewer.")
                % {"taken": taken}
            )
        programme.save()
        programme.skills.set(skills)
        audit_event_record(
            actor=bureau_user,
            action=AuditAction.TRAINING_PROGRAMME_UPDATED,
            target=programme,
            fields=sorted([*fields, "skills"]),
        )
    return programme


# --- the institution's own proposals and the bureau's decision ----------------------------

PROPOSAL_FIELDS = PROGRAMME_FIELDS - {"institution"}


def _check_proposal(programme: TrainingProgramme, proposer: User, skills: list) -> None:
    may_propose_programme.require(proposer, programme.institution, programme.region)
    if not skills:
        raise ValidationError(
            {"skills": _("Name at least one skill the programme teaches.")}, code="no_skills"
        )
    programme.full_clean()


def training_programme_propose(
    *, proposer: User, skills: Iterable[Skill], **fields
) -> TrainingProgramme:
    """A programme of the proposer's institution, waiting for the bureau's approval: it is
    not listed to veterans and takes no enrolment until approved."""
    _check_fields(fields, PROPOSAL_FIELDS)
    membership = InstitutionMember.objects.filter(user=proposer).select_related("institution")
    membership = membership.first()
    if membership is None:
        may_propose_programme.refuse("outside")
    skills = list(skills)
    programme = TrainingProgramme(
        institution=membership.institution, status=TrainingProgramme.Status.PENDING, **fields
    )
    if programme.region_id is None:
        raise ValidationError(_("Choose the institution and the place of the programme."))
    _check_proposal(programme, proposer, skills)
    with transaction.atomic():
        programme.save()
        programme.skills.set(skills)
        audit_event_record(
            actor=proposer,
            action=AuditAction.TRAINING_PROGRAMME_PROPOSED,
            target=programme,
            skills=sorted(skill.pk for skill in skills),
        )
    return programme


def training_programme_revise(
    *, programme: TrainingProgramme, editor: User, skills: Iterable[Skill], **fields
) -> TrainingProgramme:
    """The institution corrects a proposal; a rejected one goes back to the bureau."""
    _check_fields(fields, PROPOSAL_FIELDS)
    skills = list(skills)
    with transaction.atomic():
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
        may_revise_programme.require(editor, programme)
        for name, value in fields.items():
            setattr(programme, name, value)
        _check_proposal(programme, editor, skills)
        if programme.status == TrainingProgramme.Status.REJECTED:
            programme.resubmit()
        programme.save()
        programme.skills.set(skills)
        audit_event_record(
            actor=editor,
            action=AuditAction.TRAINING_PROGRAMME_UPDATED,
            target=programme,
            fields=sorted([*fields, "skills"]),
            to_status=programme.status,
        )
    return programme


def _institution_emails(institution_id: int) -> list[str]:
    members = InstitutionMember.objects.filter(institution_id=institution_id, user__is_active=True)
    return list(members.values_list("user__email", flat=True))


def _decide(programme: TrainingProgramme, reviewer: User, move, action, event, reason=""):
    with transaction.atomic():
        programme = (
            TrainingProgramme.objects.select_for_update(of=("self",))
            .select_related("institution")
            .get(pk=programme.pk)
        )
        may_review_programme.require(reviewer, programme)
        move(programme)
        programme.save(update_fields=["status", "decision_reason", "reviewed_by", "reviewed_at"])
        audit_event_record(actor=reviewer, action=action, target=programme, note=reason)
        link = reverse("jobs:training_programme_detail", args=[programme.pk])
        notify_after_commit(
            to=_institution_emails(programme.institution_id),
            event=event,
            link=link,
            context={
                "programme": programme,
                "institution": programme.institution,
                "reason": reason,
                "link": link,
            },
        )
    return programme


def training_programme_approve(*, programme: TrainingProgramme, reviewer: User):
    return _decide(
        programme,
        reviewer,
        lambda p: p.approve(reviewer=reviewer),
        AuditAction.TRAINING_PROGRAMME_APPROVED,
        "training_programme_approved",
    )


def training_programme_reject(*, programme: TrainingProgramme, reviewer: User, reason: str):
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(_("Give a reason for this decision."), code="reason_required")
    return _decide(
        programme,
        reviewer,
        lambda p: p.reject(reviewer=reviewer, reason=reason),
        AuditAction.TRAINING_PROGRAMME_REJECTED,
        "training_programme_rejected",
        reason,
    )


# --- the institution's staff accounts ------------------------------------------------------


def training_institution_staff_invite(
    *,
    institution: TrainingInstitution,
    inviter: User,
    email: str,
    username: str,
    first_name: str = "",
    last_name: str = "",
) -> InstitutionMember:
    """A staff account of the institution without a password, invited by the bureau of its
    region; the e-mail carries the set-password link (as an enterprise's colleague's)."""
    may_manage_training.require(inviter, institution.region)
    with transaction.atomic():
        user = staff_account_create(
            role=User.Role.INSTITUTION,
            email=email,
            username=username,
            first_name=first_name,
            last_name=last_name,
        )
        member = InstitutionMember.objects.create(institution=institution, user=user)
        audit_event_record(
            actor=inviter,
            action=AuditAction.TRAINING_INSTITUTION_STAFF_INVITED,
            target=institution,
            username=username,
        )
        notify_after_commit(
            to=[user.email],
            event="training_institution_staff_invited",
            context={"institution": institution, "inviter": inviter, **user_activation(user)},
        )
    return member


def training_institution_staff_deactivate(*, member: InstitutionMember, manager: User) -> User:
    """The bureau over the institution closes a staff account (it is never deleted: the
    rolls it kept name it)."""
    may_manage_training.require(manager, member.institution.region)
    return account_deactivate(account=member.user, manager=manager)


# --- enrolments ----------------------------------------------------------------------------


def _lock(enrolment: Enrolment) -> Enrolment:
    """The enrolment's row only: locking the joined veteran too would make a veteran's own
    application, whose commit checks its foreign key to them, deadlock with a completion."""
    return (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("programme", "veteran__user")
        .get(pk=enrolment.pk)
    )


def enrolment_create(*, programme: TrainingProgramme, veteran: VeteranProfile) -> Enrolment:
    with transaction.atomic():
        # The programme row lock serialises enrolments, so the seat count below stays true.
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
        if programme.status != TrainingProgramme.Status.APPROVED:
            raise Conflict(_("This programme is not open for enrolment yet."))
        if programme.starts_on <= timezone.localdate():
            raise Conflict(_("This programme has already started; enrolment is closed."))
        earlier = programme.enrolments.filter(veteran=veteran).first()
        if earlier is not None and earlier.status == Enrolment.Status.WITHDRAWN:
            # One enrolment per veteran and programme (its history stays with the row).
            raise Conflict(_("You withdrew from this programme and cannot enrol in it again."))
        if earlier is not None:
            raise Conflict(_("You have already enrolled in this programme."))
        if programme.enrolments.filter(status__in=Enrolment.SEATED).count() >= programme.seats:
            raise Conflict(_("All seats of this programme are taken."))
        enrolment = Enrolment.objects.create(programme=programme, veteran=veteran)
        audit_event_record(
            actor=veteran.user, action=AuditAction.ENROLMENT_CREATED, target=enrolment
        )
        notify_after_commit(
            to=[veteran.user.email],
            event="enrolment_created",
            link=reverse("jobs:my_training"),
            context={
                "enrolment": enrolment,
                "programme": programme,
                "institution": programme.institution,
                "skills": list(programme.skills.all()),
            },
        )
    return enrolment


def enrolment_withdraw(*, enrolment: Enrolment, veteran: VeteranProfile) -> Enrolment:
    with transaction.atomic():
        enrolment = _lock(enrolment)
        may_withdraw_enrolment.require(enrolment, veteran)
        enrolment.withdraw()
        enrolment.save(update_fields=["status"])
        audit_event_record(
            actor=veteran.user, action=AuditAction.ENROLMENT_WITHDRAWN, target=enrolment
        )
    return enrolment


def enrolment_start(*, enrolment: Enrolment, recorder: User) -> Enrolment:
    with transaction.atomic():
        enrolment = _lock(enrolment)
        may_record_enrolment.require(recorder, enrolment.programme)
        enrolment.start()
        enrolment.save(update_fields=["status"])
        audit_event_record(actor=recorder, action=AuditAction.ENROLMENT_STARTED, target=enrolment)
    return enrolment


def enrolment_complete(*, enrolment: Enrolment, recorder: User, on: datetime.date) -> Enrolment:
    """Completion makes the programme's skills the veteran's, verified by the training, and
    gives the interviews guaranteed by the training-cooperation agreements the programme is
    linked to (jobs/training/cooperation.py), in the same transaction."""
    with transaction.atomic():
        enrolment = _lock(enrolment)
        may_record_enrolment.require(recorder, enrolment.programme)
        enrolment.complete(on=on)
        if not enrolment.programme.starts_on <= on <= timezone.localdate():
            raise ValidationError(
                _("The completion date must lie between the programme's start and today."),
                code="completion_date",
            )
        enrolment.save(update_fields=["status", "completed_on"])
        skills = list(enrolment.programme.skills.all())
        for skill in skills:
            VeteranSkill.objects.update_or_create(
                veteran=enrolment.veteran,
                skill=skill,
                defaults={"source": VeteranSkill.Source.TRAINING, "verified": True},
            )
        audit_event_record(actor=recorder, action=AuditAction.ENROLMENT_COMPLETED, target=enrolment)
        notify_after_commit(
            to=[enrolment.veteran.user.email],
            event="enrolment_completed",
            link=reverse("jobs:my_training"),
            context={"enrolment": enrolment, "programme": enrolment.programme, "skills": skills},
        )
        feedback_ask_after_training(enrolment)
        interview_guarantees_give(enrolment=enrolment, actor=recorder)
    return enrolment


def enrolment_drop(*, enrolment: Enrolment, recorder: User) -> Enrolment:
    with transaction.atomic():
        enrolment = _lock(enrolment)
        may_record_enrolment.require(recorder, enrolment.programme)
        enrolment.drop()
        enrolment.save(update_fields=["status"])
        audit_event_record(actor=recorder, action=AuditAction.ENROLMENT_DROPPED, target=enrolment)
    return enrolment
