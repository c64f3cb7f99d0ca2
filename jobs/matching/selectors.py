"""Reads of the matching results, scoped to the user (STYLE.md rule 5)."""

from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone

from jobs.models import (
    JobPost,
    MatchingRun,
    PostCandidate,
    Recommendation,
    open_to_applications_q,
)
from jobs.selectors import staff_enterprise_id
from veterans.models import Consent
from veterans.selectors import matched_q


def matching_runs_visible_to(user) -> QuerySet:
    """The ministry follows the nightly runs; nobody else sees them."""
    if not (user.is_authenticated and user.is_ministry):
        return MatchingRun.objects.none()
    return MatchingRun.objects.order_by("-started_at")


def post_candidates_visible_to(user) -> QuerySet:
    """The current run's candidates for the posts of the user's enterprise, best first, of
    veterans whose consent to be found is still live (it may have been withdrawn since) and
    whom the matching is still for (veterans.selectors.matched_q: consent to the processing
    of sensitive data, an open account, looking for work), for posts still open to
    applications (a suspended enterprise's are not): what changed since the run counts at
    once."""
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
        .filter(Exists(live), matched_q("veteran__"), open_to_applications_q("post__"))
        .select_related("veteran", "post")
        .order_by("post_id", "-score")
    )


def post_candidates_for(user, post: JobPost) -> QuerySet:
    """One post's candidates as its page and API show them: with what the reasons and the
    masked profile read, so a page costs the same few queries for any number of rows."""
    return (
        post_candidates_visible_to(user)
        .filter(post=post)
        .select_related(
            "veteran__home_region",
            "veteran__military_specialty",
            "veteran__status_confirmation",
            "post__occupation",
            "post__industry",
        )
        .prefetch_related(
            "veteran__military_specialty__crosswalk",
            "veteran__preferred_industries",
            "veteran__skill_links__skill",
        )
        .order_by("-score", "veteran_id")
    )


def run_progress(runs: QuerySet) -> dict | None:
    """The running run among `runs` (the user's, from matching_runs_visible_to) and how far
    it is: shards done in percent, seconds elapsed, and the seconds left judged by the last
    finished run's duration (None without one, or once the run takes longer). None when no
    run is running."""
    running = runs.filter(status=MatchingRun.Status.RUNNING).order_by("-started_at").first()
    if running is None:
        return None
    elapsed = (timezone.now() - running.started_at).total_seconds()
    last = runs.filter(status=MatchingRun.Status.DONE).order_by("-started_at").first()
    left = last.duration.total_seconds() - elapsed if last and last.duration else None
    total = running.shards_total
    return {
        "run": running,
        "percent": round(100 * running.shards_done / total) if total else 0,
        "elapsed": round(elapsed),
        "left": round(left) if left is not None and left > 0 else None,
    }


def current_run() -> MatchingRun | None:
    """The run whose rows readers see (None before the first one finishes). Only its dates
    and counts are read from it, which every role may know."""
    return MatchingRun.objects.filter(is_current=True).first()


def recommendations_for(user) -> QuerySet:
    """The veteran's own rows of the current run, best first. A run still being written is
    invisible; posts no longer open to applications (closed, filled, of a suspended
    enterprise) are left out, and so is everything once the matching is no longer for the
    veteran (consent withdrawn, employment reported): what changed since the run counts at
    once."""
    if not (user.is_authenticated and user.is_veteran):
        return Recommendation.objects.none()
    return (
        Recommendation.objects.filter(run__is_current=True, veteran__user=user)
        .filter(matched_q("veteran__"), open_to_applications_q("post__"))
        .select_related(
            "post__branch__enterprise",
            "post__region",
            "post__occupation",
            "post__industry",
            "post__agreement",
        )
        .order_by("rank")
    )


def invitable_candidates(user, post: JobPost) -> QuerySet:
    """The post's candidates of the current run an invitation may name: of the user's
    enterprise's post, whatever their consent now (the invitation's rule says no to one
    who withdrew it, in words, rather than "not found")."""
    enterprise = staff_enterprise_id(user)
    if enterprise is None:
        return PostCandidate.objects.none()
    return PostCandidate.objects.filter(
        run__is_current=True, post=post, post__branch__enterprise_id=enterprise
    ).select_related("veteran__user")
