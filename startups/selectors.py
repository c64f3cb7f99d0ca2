"""Reads of start-ups and the support catalogue, each scoped to the user."""

from django.db.models import Prefetch, Q, QuerySet

from portal.reference.models import Region
from startups.models import EligibilityRule, StartUp, SupportBase, SupportPolicy
from veterans.selectors import profile_of

RELATED = ("founder__home_region", "industry", "region__parent", "enterprise")


def startups_visible_to(user) -> QuerySet[StartUp]:
    """Confirmed start-ups for everyone; a founder also sees their own declarations, a
    bureau those registered in its region, the ministry all."""
    queryset = StartUp.objects.select_related(*RELATED)
    seen = Q(status=StartUp.Status.CONFIRMED)
    if user.is_authenticated and user.is_ministry:
        return queryset
    if user.is_authenticated and user.is_bureau:
        seen |= Q(region__code__startswith=user.region.scope_prefix)
    elif user.is_authenticated and user.is_veteran:
        seen |= Q(founder__user=user)
    return queryset.filter(seen)


def startup_directory(*, region: Region | None = None) -> QuerySet[StartUp]:
    """The public directory: confirmed start-ups, optionally of a region and below."""
    startups = StartUp.objects.confirmed().select_related(*RELATED)
    if region is not None:
        startups = startups.filter(region__code__startswith=region.scope_prefix)
    return startups.order_by("-reviewed_at", "pk")


def own_startups(user) -> QuerySet[StartUp]:
    return StartUp.objects.select_related(*RELATED).filter(founder__user=user).order_by("-pk")


def startup_review_queue(user) -> QuerySet[StartUp]:
    """Declarations waiting for the bureau of their region, the oldest first."""
    declared = startups_visible_to(user).filter(status=StartUp.Status.DECLARED)
    return declared.order_by("declared_at", "pk")


def confirmed_startup_of(profile) -> StartUp | None:
    """The start-up the eligibility rules read: the veteran's latest confirmed one."""
    startups = StartUp.objects.confirmed().select_related("region").filter(founder=profile)
    return startups.order_by("-reviewed_at", "-pk").first()


def _regions_above(*regions) -> list[str]:
    """The codes of the given regions and the regions they lie in."""
    codes = set()
    for region in regions:
        if region is not None:
            codes.update({region.code, region.code[:4] + "00", region.province_code})
    return sorted(codes)


def policies_for(profile, startup: StartUp | None) -> QuerySet[SupportPolicy]:
    """The policies of the regions the veteran lives in or the start-up is registered in
    (the city's and the province's), with their rules."""
    codes = _regions_above(profile.home_region, startup.region if startup else None)
    rules = Prefetch("rules", queryset=EligibilityRule.objects.order_by("pk"))
    policies = SupportPolicy.objects.filter(region__code__in=codes)
    return policies.select_related("region").prefetch_related(rules).order_by("kind", "pk")


def bases_near(profile) -> QuerySet[SupportBase]:
    """Bases and incubators of the veteran's province, their own city first."""
    region = profile.home_region
    bases = SupportBase.objects.filter(region__code__startswith=region.code[:2])
    return bases.select_related("region").order_by("region_id", "name")


def policies_visible_to(user) -> QuerySet[SupportPolicy]:
    """The catalogue pages: every policy is public."""
    return SupportPolicy.objects.select_related("region").prefetch_related("rules")


def founder_profile(user):
    return profile_of(user)
