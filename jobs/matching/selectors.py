"""Reads of the matching results, scoped to the user (STYLE.md rule 5)."""

from django.db.models import Exists, OuterRef, QuerySet

from jobs.models import JobPost, MatchingRun, PostCandidate, Recommendation
from jobs.selectors import staff_enterprise_id
from veterans.models import Consent


def matching_runs_visible_to(user) -> QuerySet:
    """The ministry follows the nightly runs; nobody else sees them."""
    if not (user.is_authenticated and user.is_ministry):
        return MatchingRun.objects.none()
    return MatchingRun.objects.order_by("-started_at")


def post_candidates_visible_to(user) -> QuerySet:
    """The current run's candidates for the posts of the user's enterprise, best first, of
    veterans whose consent to be found is still live (it may have been withdrawn since)."""
    enterprise = staff_enterprise_id(user)
    if enterprise is None:
        return PostCandidate.objects.none()
    live = Consent.objects.filter(
        user_id=OuterRef("veteran__user_id"),
        purpose=Consent.Purpose.DISCOVERABLE,
        withdrawn_at__isnull=True,
    )
    return (
        PostCandidate.objects.filter(run__is_current=True, post__branch__enterprise_id=enterprise)
        .filter(Exists(live))
        .select_related("veteran", "post")
        .order_by("post_id", "-score")
    )


def recommendations_for(user) -> QuerySet:
    """The veteran's own rows of the current run, best first. A run still being written is
    invisible, and posts closed since the run are left out: they take no applications."""
    if not (user.is_authenticated and user.is_veteran):
        return Recommendation.objects.none()
    return (
        Recommendation.objects.filter(
            run__is_current=True, veteran__user=user, post__status=JobPost.Status.PUBLISHED
        )
        .select_related(
            "post__branch__enterprise", "post__region", "post__occupation", "post__industry"
        )
        .order_by("rank")
    )
