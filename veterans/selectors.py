"""Reads scoped to a user: out-of-scope rows are simply not in the queryset (views 404)."""

from django.core.cache import cache
from django.db.models import Exists, OuterRef, Q, QuerySet

from portal.reference.models import MilitarySpecialty, Skill, SpecialtyOccupation
from veterans.models import (
    Consent,
    Enrolment,
    Resume,
    ServiceStation,
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
    prefixes = {home.city_scope_prefix}
    prefixes |= {region.scope_prefix for region in profile.preferred_regions.all()}
    near = Q()
    for prefix in sorted(prefixes):
        near |= Q(**{f"{field}__code__startswith": prefix})
    return near


def service_stations_listed(region=None) -> QuerySet[ServiceStation]:
    """The public directory: stations open now, of ``region`` and the regions below it."""
    stations = ServiceStation.objects.active().select_related("region__parent__parent")
    if region is not None:
        stations = stations.filter(region__code__startswith=region.scope_prefix)
    return stations.order_by("region_id", "kind", "name", "pk")


def service_stations_kept_by(user) -> QuerySet[ServiceStation]:
    """The stations a regulator keeps or reads, retired ones included: a bureau's of its
    region subtree, the ministry's all; nobody else's."""
    stations = ServiceStation.objects.select_related("region__parent__parent")
    if not user.is_authenticated:
        return stations.none()
    if user.is_ministry:
        return stations.all()
    if user.is_bureau:
        return stations.filter(region__code__startswith=user.region.scope_prefix)
    return stations.none()


def own_service_station(user) -> ServiceStation | None:
    """A veteran's own station: the nearest to their home region (None for anyone else)."""
    profile = (
        VeteranProfile.objects.filter(user_id=user.pk).select_related("home_region").first()
        if user.is_authenticated and user.is_veteran
        else None
    )
    return ServiceStation.objects.nearest_to(profile.home_region) if profile else None


# The footer shows a veteran's own station on every page: kept in the cache, so a page
# costs no query; a station's change bumps the version (every entry goes stale at once),
# a profile's change drops the veteran's entry (veterans.services).
STATION_CACHE_SECONDS = 600
STATION_VERSION_KEY = "service-stations:version"


def _own_station_key(user_id: int) -> str:
    return f"service-stations:own:{cache.get_or_set(STATION_VERSION_KEY, 1)}:{user_id}"


def own_service_station_contact(user) -> dict | None:
    """{"pk", "name", "phone"} of the veteran's own station, or None."""
    if not (user.is_authenticated and user.is_veteran):
        return None
    key = _own_station_key(user.pk)
    found = cache.get(key)
    if found is None:
        station = own_service_station(user)
        found = {"pk": station.pk, "name": station.name, "phone": station.phone} if station else {}
        cache.set(key, found, STATION_CACHE_SECONDS)
    return found or None


def own_service_station_forget(user_id: int | None = None) -> None:
    """After a change: one veteran's entry (a new home region), or every entry."""
    if user_id is not None:
        cache.delete(_own_station_key(user_id))
        return
    try:
        cache.incr(STATION_VERSION_KEY)
    except ValueError:  # not set yet: no entry to make stale
        pass
