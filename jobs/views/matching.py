"""Pages of the nightly matching: the ministry's list of runs, and each post's best
candidates for the staff of its enterprise."""

from django.shortcuts import get_object_or_404, render

from jobs.matching.selectors import (
    current_run,
    matching_runs_visible_to,
    post_candidates_for,
)
from jobs.models import JobPost, MatchingRun
from jobs.reasons import candidate_reasons
from jobs.selectors import posts_visible_to, staff_enterprise_id
from portal.accounts.decorators import enterprise_required, ministry_required
from portal.pagination import paginate


@ministry_required
def matching_run_list(request):
    page = paginate(request, matching_runs_visible_to(request.user))
    return render(request, "jobs/matchingrun_list.html", {"page_obj": page})


def empty_reason(post: JobPost, run: MatchingRun | None) -> str:
    """Why a post has no candidates to show: no run yet; the post was not open when the
    current run read the posts; or no veteran who agreed to be found came close."""
    if run is None:
        return "no_run"
    if post.status != JobPost.Status.PUBLISHED:
        return "not_published"
    if post.published_at is None or post.published_at > run.started_at:
        return "after_run"
    return "no_consenting_veterans"


@enterprise_required
def post_candidates(request, pk: int):
    own = posts_visible_to(request.user).filter(
        branch__enterprise_id=staff_enterprise_id(request.user)
    )
    post = get_object_or_404(own, pk=pk)
    page = paginate(request, post_candidates_for(request.user, post))
    items = [
        {"candidate": c, "veteran": c.veteran, "reasons": candidate_reasons(c, c.veteran)}
        for c in page
    ]
    run = current_run()
    context = {
        "post": post,
        "page_obj": page,
        "items": items,
        "run": run,
        "empty_reason": "" if items else empty_reason(post, run),
    }
    return render(request, "jobs/postcandidate_list.html", context)
