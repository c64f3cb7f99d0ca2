"""Writes of the training catalogue: the institutions and programmes a bureau manages in its
region subtree. The enrolment transitions (enrol, withdraw, start, complete, drop) live with
the other veteran writes in veterans/services.py.

Each service checks the writer's role and scope, validates the row, writes it in one
transaction with one AuditEvent.
"""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record
from portal.reference.models import Region, Skill
from portal.workflow import Conflict, NotAllowed
from veterans.models import Enrolment, TrainingInstitution, TrainingProgramme

INSTITUTION_FIELDS = frozenset({"name", "region", "address", "contact_name", "contact_phone"})
PROGRAMME_FIELDS = frozenset(
    {"institution", "title", "region", "starts_on", "ends_on", "seats", "place", "cost"}
)


def _check_bureau(user: User, region: Region | None) -> None:
    # The ministry reads the catalogue; the bureaus that commission training write it.
    if not (user.is_authenticated and user.is_bureau and region and user.governs(region)):
        raise NotAllowed(_("Only the bureau of the region can manage its training."))


def _check_fields(fields: dict, allowed: frozenset) -> None:
    unknown = set(fields) - allowed
    if unknown:
        raise TypeError(f"Unknown fields: {', '.join(sorted(unknown))}")


def training_institution_create(*, bureau_user: User, **fields) -> TrainingInstitution:
    _check_fields(fields, INSTITUTION_FIELDS)
    institution = TrainingInstitution(**fields)
    _check_bureau(bureau_user, fields.get("region"))
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
        _check_bureau(bureau_user, institution.region)
        for name, value in fields.items():
            setattr(institution, name, value)
        _check_bureau(bureau_user, institution.region)
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
    _check_bureau(bureau_user, programme.region)
    _check_bureau(bureau_user, programme.institution.region)
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
        _check_bureau(bureau_user, programme.region)
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
