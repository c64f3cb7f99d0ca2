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
from jobs.training.policies import (
    may_manage_training,
    may_record_enrolment,
    may_withdraw_enrolment,
)
from portal.accounts.models import AuditAction, User
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from portal.reference.models import Skill
from portal.workflow import Conflict
from veterans.models import (
    Enrolment,
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


# --- enrolments ----------------------------------------------------------------------------


def _lock(enrolment: Enrolment) -> Enrolment:
    return (
        Enrolment.objects.select_for_update()
        .select_related("programme", "veteran__user")
        .get(pk=enrolment.pk)
    )


def enrolment_create(*, programme: TrainingProgramme, veteran: VeteranProfile) -> Enrolment:
    with transaction.atomic():
        # The programme row lock serialises enrolments, so the seat count below stays true.
        programme = TrainingProgramme.objects.select_for_update().get(pk=programme.pk)
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
    """Completion makes the programme's skills the veteran's, verified by the training."""
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
    return enrolment


def enrolment_drop(*, enrolment: Enrolment, recorder: User) -> Enrolment:
    with transaction.atomic():
        enrolment = _lock(enrolment)
        may_record_enrolment.require(recorder, enrolment.programme)
        enrolment.drop()
        enrolment.save(update_fields=["status"])
        audit_event_record(actor=recorder, action=AuditAction.ENROLMENT_DROPPED, target=enrolment)
    return enrolment
