"""Reads of start-ups and the support catalogue, each scoped to the user."""

from django.db.models import Count, F, Prefetch, Q, QuerySet

from portal.reference.models import Region
from startups.models import (
    CaseFollowUp,
    EligibilityRule,
    EntrepreneurCase,
    Incubation,
    Mentor,
    MentorPair,
    MentorRequest,
    StartUp,
    SupportApplication,
    SupportBase,
    SupportPolicy,
)

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
            codes.update(region.codes_above)
    return sorted(codes)


def policies_for(profile, startup: StartUp | None) -> QuerySet[SupportPolicy]:
    """The policies of the regions the veteran lives in or the start-up is registered in
    (the city's and the province's), with their rules."""
    codes = _regions_above(profile.home_region, startup.region if startup else None)
    rules = Prefetch("rules", queryset=EligibilityRule.objects.order_by("pk"))
    policies = SupportPolicy.objects.current().filter(region__code__in=codes)
    return policies.select_related("region").prefetch_related(rules).order_by("kind", "pk")


def bases_near(profile) -> QuerySet[SupportBase]:
    """Bases and incubators of the veteran's province."""
    region = profile.home_region
    bases = SupportBase.objects.current().filter(region__code__startswith=region.code[:2])
    return bases.select_related("region").order_by("region_id", "name")


def policies_visible_to(user) -> QuerySet[SupportPolicy]:
    """The catalogue pages: every current policy is public."""
    return SupportPolicy.objects.current().select_related("region").prefetch_related("rules")


# Mentors ----------------------------------------------------------------------------------


def mentor_requests_visible_to(user) -> QuerySet[MentorRequest]:
    """A bureau's region's requests, the ministry's all, a veteran's own."""
    requests = MentorRequest.objects.select_related("veteran", "industry", "region")
    if user.is_authenticated and user.is_ministry:
        return requests
    if user.is_authenticated and user.is_bureau:
        return requests.filter(region__code__startswith=user.region.scope_prefix)
    if user.is_authenticated and user.is_veteran:
        return requests.filter(veteran__user=user)
    return requests.none()


def mentors_with_room() -> QuerySet[Mentor]:
    return (
        Mentor.objects.filter(active=True)
        .annotate(mentees=Count("pairs"))
        .filter(mentees__lt=F("capacity"))
        .select_related("profile", "industry", "region")
    )


def mentor_suggestions(requests, limit: int = 3) -> dict[int, list[Mentor]]:
    """For each request, the mentors of its province with room, the same industry first,
    then the same city: the pairs the portal suggests to the bureau. One query for a page
    of requests."""
    provinces = {request.region_id[:2] for request in requests}
    near = Q()
    for province in provinces:
        near |= Q(region__code__startswith=province)
    mentors = list(mentors_with_room().filter(near)) if provinces else []
    suggestions = {}
    for request in requests:

        def rank(mentor, request=request):
            same_industry = mentor.industry_id == request.industry_id
            return (
                not same_industry,
                mentor.region_id != request.region_id,
                mentor.mentees,
                mentor.pk,
            )

        fits = [
            mentor
            for mentor in mentors
            if mentor.region_id[:2] == request.region_id[:2]
            and mentor.profile_id != request.veteran_id
        ]
        suggestions[request.pk] = sorted(fits, key=rank)[:limit]
    return suggestions


def pairs_of(profile) -> QuerySet[MentorPair]:
    """The pairs a veteran is in, as mentor or as mentee, with their sessions."""
    pairs = MentorPair.objects.filter(Q(mentor__profile=profile) | Q(request__veteran=profile))
    return pairs.select_related("mentor__profile", "request__veteran").prefetch_related("sessions")


# The bureau's case records ----------------------------------------------------------------


def cases_visible_to(user) -> QuerySet[EntrepreneurCase]:
    """Case records are the bureau's working files: a bureau sees those kept in its region,
    a veteran their own (the page shows them its shared parts only), nobody else any."""
    cases = EntrepreneurCase.objects.select_related(
        "veteran__home_region", "region", "startup", "opened_by"
    )
    if user.is_authenticated and user.is_bureau:
        return cases.filter(region__code__startswith=user.region.scope_prefix)
    if user.is_authenticated and user.is_veteran:
        return cases.filter(veteran__user=user)
    return cases.none()


def startups_of_founders_governed_by(user) -> QuerySet[StartUp]:
    """The start-ups a bureau may start a case record from: those it sees whose founder
    lives in its region (the bureau of the founder's home keeps the case)."""
    if not (user.is_authenticated and user.is_bureau):
        return StartUp.objects.none()
    prefix = user.region.scope_prefix
    return startups_visible_to(user).filter(founder__home_region__code__startswith=prefix)


def case_of(user) -> EntrepreneurCase | None:
    """The veteran's own case record, if a bureau keeps one."""
    if not (user.is_authenticated and user.is_veteran):
        return None
    return cases_visible_to(user).filter(veteran__user=user).first()


def case_follow_ups_visible_to(user) -> QuerySet[CaseFollowUp]:
    follow_ups = CaseFollowUp.objects.select_related(
        "case__veteran", "case__region", "case__startup"
    )
    if user.is_authenticated and user.is_bureau:
        return follow_ups.filter(case__region__code__startswith=user.region.scope_prefix)
    return follow_ups.none()


def case_follow_ups_due_for(user) -> QuerySet[CaseFollowUp]:
    """The bureau's queue: follow-ups come due and not yet recorded, the oldest first."""
    due = case_follow_ups_visible_to(user).filter(status=CaseFollowUp.Status.DUE)
    return due.order_by("due_on", "pk")


def support_applications_visible_to(user) -> QuerySet[SupportApplication]:
    applications = SupportApplication.objects.select_related("policy", "case__region")
    if user.is_authenticated and user.is_bureau:
        return applications.filter(case__region__code__startswith=user.region.scope_prefix)
    return applications.none()


def incubations_visible_to(user) -> QuerySet[Incubation]:
    incubations = Incubation.objects.select_related("base", "case__region")
    if user.is_authenticated and user.is_bureau:
        return incubations.filter(case__region__code__startswith=user.region.scope_prefix)
    return incubations.none()


def case_policies(case: EntrepreneurCase) -> QuerySet[SupportPolicy]:
    """The current loans and subsidies of the regions above the case's and its start-up's."""
    regions = [case.region, case.startup.region if case.startup_id else None]
    policies = SupportPolicy.objects.current().filter(
        region__code__in=_regions_above(*regions), kind__in=SupportApplication.KINDS
    )
    return policies.select_related("region").order_by("kind", "title")


def case_bases(case: EntrepreneurCase) -> QuerySet[SupportBase]:
    """The current bases of the case's province."""
    bases = SupportBase.objects.current().filter(region__code__startswith=case.region_id[:2])
    return bases.select_related("region").order_by("name")


# The catalogue, as its bureau keeps it ---------------------------------------------------


def catalogue_regions(user) -> QuerySet[Region]:
    """The regions a bureau lists bases and policies for: its own and those below it."""
    if not (user.is_authenticated and user.is_bureau):
        return Region.objects.none()
    regions = Region.objects.filter(code__startswith=user.region.scope_prefix)
    return regions.exclude(level="district").select_related("parent").order_by("code")


def bases_kept_by(user) -> QuerySet[SupportBase]:
    if not (user.is_authenticated and user.is_bureau):
        return SupportBase.objects.none()
    bases = SupportBase.objects.filter(region__code__startswith=user.region.scope_prefix)
    return bases.select_related("region").order_by("retired_at", "region_id", "name")


def policies_kept_by(user) -> QuerySet[SupportPolicy]:
    if not (user.is_authenticated and user.is_bureau):
        return SupportPolicy.objects.none()
    policies = SupportPolicy.objects.filter(region__code__startswith=user.region.scope_prefix)
    rules = Prefetch("rules", queryset=EligibilityRule.objects.order_by("pk"))
    policies = policies.select_related("region").prefetch_related(rules)
    return policies.order_by("retired_at", "region_id", "kind", "title")
