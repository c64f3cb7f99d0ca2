"""Reads scoped to a user: out-of-scope rows are simply not in the queryset (views 404)."""

from django.db.models import Q, QuerySet

from portal.reference.models import MilitarySpecialty, Skill, SpecialtyOccupation
from veterans.models import Consent, Enrolment, Resume, TrainingProgramme, VeteranProfile

# Enterprise staff reach a veteran only through an application to one of their posts.
APPLIED_TO_MY_ENTERPRISE = "applications__post__branch__enterprise__members__user"


def profile_of(user) -> VeteranProfile | None:
    if not user.is_authenticated:
        return None
    return VeteranProfile.objects.filter(user=user).first()


def profiles_visible_to(user) -> QuerySet[VeteranProfile]:
    profiles = VeteranProfile.objects.select_related("home_region")
    if not user.is_authenticated:
        return profiles.none()
    if user.is_ministry:
        return profiles.all()
    if user.is_bureau:
        return profiles.filter(home_region__code__startswith=user.region.scope_prefix)
    if user.is_enterprise_staff:
        return profiles.filter(**{APPLIED_TO_MY_ENTERPRISE: user}).distinct()
    return profiles.filter(user=user)


def resumes_visible_to(user) -> QuerySet[Resume]:
    """The owner's resumes, and for enterprise staff those attached to applications to their
    posts. Bureaus and the ministry have no reason to read resumes."""
    if not user.is_authenticated:
        return Resume.objects.none()
    if user.is_enterprise_staff:
        return Resume.objects.filter(**{APPLIED_TO_MY_ENTERPRISE: user}).distinct()
    return Resume.objects.filter(veteran__user=user)


def programmes_visible_to(user) -> QuerySet[TrainingProgramme]:
    """Training offers are public; a bureau works on the ones in its region."""
    programmes = TrainingProgramme.objects.select_related("institution", "region")
    if user.is_authenticated and user.is_bureau:
        return programmes.filter(region__code__startswith=user.region.scope_prefix)
    return programmes.all()


def enrolments_visible_to(user) -> QuerySet[Enrolment]:
    enrolments = Enrolment.objects.select_related("programme", "veteran")
    if not user.is_authenticated:
        return enrolments.none()
    if user.is_ministry:
        return enrolments.all()
    if user.is_bureau:
        return enrolments.filter(programme__region__code__startswith=user.region.scope_prefix)
    return enrolments.filter(veteran__user=user)


def has_consent(user, purpose: str) -> bool:
    if not user.is_authenticated:
        return False
    return Consent.objects.filter(user=user, purpose=purpose, withdrawn_at__isnull=True).exists()


def specialty_skill_suggestions(specialty: MilitarySpecialty | None) -> QuerySet[Skill]:
    """Skills to offer a veteran of this specialty: its own, and those of the civilian
    occupations the crosswalk names as its primary fit."""
    if specialty is None:
        return Skill.objects.none()
    primary = SpecialtyOccupation.objects.filter(
        specialty=specialty, fit=SpecialtyOccupation.Fit.PRIMARY
    ).values("occupation")
    return Skill.objects.filter(Q(specialties=specialty) | Q(occupations__in=primary)).distinct()
