"""Reads scoped to a user: out-of-scope rows are simply not in the queryset (views 404)."""

from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.reference.models import MilitarySpecialty, Skill, SpecialtyOccupation
from veterans.models import (
    Consent,
    Enrolment,
    Resume,
    TrainingProgramme,
    VeteranProfile,
    VeteranSkill,
)

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


def profiles_confirmable_by(user) -> QuerySet[VeteranProfile]:
    """The veterans whose status this user may confirm: those of a bureau officer's region
    and the regions below it; nobody for any other role (pages and the API answer 404)."""
    if not (user.is_authenticated and user.is_bureau):
        return VeteranProfile.objects.none()
    return VeteranProfile.objects.filter(
        home_region__code__startswith=user.region.scope_prefix
    ).select_related("home_region", "status_confirmation")


def profiles_awaiting_confirmation(user) -> QuerySet[VeteranProfile]:
    """The bureau's queue: its veterans not yet confirmed, those waiting longest first."""
    return (
        profiles_confirmable_by(user)
        .filter(status_confirmation__isnull=True)
        .order_by("created_at", "pk")
    )


def resumes_visible_to(user) -> QuerySet[Resume]:
    """The owner's resumes, and for enterprise staff those attached to applications to their
    posts. Bureaus and the ministry have no reason to read resumes."""
    if not user.is_authenticated:
        return Resume.objects.none()
    if user.is_enterprise_staff:
        return Resume.objects.filter(**{APPLIED_TO_MY_ENTERPRISE: user}).distinct()
    return Resume.objects.filter(veteran__user=user)


def matched_q(prefix: str = "") -> Q:
    """The veterans the matching is for (Q on VeteranProfile, or on a relation through
    `prefix`, e.g. "veteran__"): an active account, looking for work, and a live consent to
    the processing of sensitive data, whose text names matching as a purpose. Read by the
    nightly run and, at every page, by the current run's readers (jobs.matching.selectors),
    so a withdrawal, a closed account or reported employment takes the veteran out at once."""
    consent = Consent.objects.filter(
        user_id=OuterRef(f"{prefix}user_id"),
        purpose=Consent.Purpose.SENSITIVE_DATA,
        withdrawn_at__isnull=True,
    )
    return Q(
        Exists(consent),
        **{
            f"{prefix}user__is_active": True,
            f"{prefix}seeking_status": VeteranProfile.SeekingStatus.SEEKING,
        },
    )


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


# The skills a veteran holds, by the matching engine's rule (jobs/matching/features.py,
# _veteran_skills): the profile's skill links, the skills of every completed programme
# (also when a link is missing) and the skills of the veteran's military specialty.
# Columns: veteran_id, skill_id; `{veterans}` is a subquery of profile ids.
HELD_SKILLS_SQL = f"""
    SELECT vs.veteran_id, vs.skill_id FROM {VeteranSkill._meta.db_table} vs
    WHERE vs.veteran_id IN ({{veterans}})
    UNION
    SELECT e.veteran_id, ps.skill_id FROM {Enrolment._meta.db_table} e
    JOIN {TrainingProgramme.skills.through._meta.db_table} ps
      ON ps.trainingprogramme_id = e.programme_id
    WHERE e.status = '{Enrolment.Status.COMPLETED}' AND e.veteran_id IN ({{veterans}})
    UNION
    SELECT v.id, ms.skill_id FROM {VeteranProfile._meta.db_table} v
    JOIN {MilitarySpecialty.skills.through._meta.db_table} ms
      ON ms.militaryspecialty_id = v.military_specialty_id
    WHERE v.id IN ({{veterans}})
"""


def skills_held_by(profile: VeteranProfile) -> QuerySet[Skill]:
    """The skills the matching engine counts for this veteran (HELD_SKILLS_SQL, for one)."""
    completed = TrainingProgramme.skills.through.objects.filter(
        trainingprogramme__enrolments__veteran=profile,
        trainingprogramme__enrolments__status=Enrolment.Status.COMPLETED,
    )
    from_specialty = MilitarySpecialty.skills.through.objects.filter(
        militaryspecialty_id=profile.military_specialty_id
    )
    return Skill.objects.filter(
        Q(pk__in=VeteranSkill.objects.filter(veteran=profile).values("skill_id"))
        | Q(pk__in=completed.values("skill_id"))
        | Q(pk__in=from_specialty.values("skill_id"))
    )


def near_regions_q(profile: VeteranProfile, field: str = "region") -> Q:
    """Places near the veteran: the city of the home region, and every preferred region
    (a preferred province counts whole)."""
    home = profile.home_region
    prefixes = {home.code[:4] if home.level != "province" else home.code[:2]}
    prefixes |= {region.scope_prefix for region in profile.preferred_regions.all()}
    near = Q()
    for prefix in sorted(prefixes):
        near |= Q(**{f"{field}__code__startswith": prefix})
    return near
