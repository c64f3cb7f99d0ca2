"""Pages of the nightly matching: the ministry's list of runs, and each post's best
candidates for the staff of its enterprise."""

from django.conf import settings
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext
from django.views.decorators.http import require_POST

from jobs import services
from jobs.matching.selectors import (
    current_run,
    matching_runs_visible_to,
    post_candidates_for,
    run_progress,
)
from jobs.models import Invitation, JobPost, MatchingRun
from jobs.policies import may_apply, may_invite, may_start_matching_run
from jobs.reasons import candidate_reasons
from jobs.selectors import invitations_sent_today, posts_visible_to, staff_enterprise_id
from portal.accounts.decorators import enterprise_required, ministry_required
from portal.pagination import paginate
from portal.refusals import run_service

REFRESH_SECONDS = 5  # how often the page reloads itself while a run is running


@ministry_required
def matching_run_list(request):
    """The runs, newest first; while one is running, its progress (shards done, elapsed,
    the time left judged by the last finished run) and a page that reloads itself."""
    runs = matching_runs_visible_to(request.user)
    page = paginate(request, runs)
    progress = run_progress(runs)
    context = {
        "page_obj": page,
        "progress": progress,
        "refresh_seconds": REFRESH_SECONDS if progress else None,
        "start_refusal": may_start_matching_run.reason(request.user),
    }
    return render(request, "jobs/matchingrun_list.html", context)


@require_POST
@ministry_required
def matching_run_start(request):
    """The ministry starts a run now (audited); refused while one is running."""
    run_service(
        request,
        lambda: services.matching_run_start(actor=request.user),
        gettext("The matching run has started. This page follows it until it is done."),
    )
    return redirect("jobs:matching_run_list")


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
    invited = {
        each.veteran_id: each
        for each in Invitation.objects.filter(post=post, veteran__in=[c.veteran_id for c in page])
    }
    items = [
        {
            "candidate": c,
            "veteran": c.veteran,
            "reasons": candidate_reasons(c, c.veteran),
            "invitation": invited.get(c.veteran_id),
        }
        for c in page
    ]
    run = current_run()
    context = {
        "post": post,
        "page_obj": page,
        "items": items,
        "run": run,
        "empty_reason": "" if items else empty_reason(post, run),
        **_invitations_today(post),
    }
    return render(request, "jobs/postcandidate_list.html", context)


def _invitations_today(post: JobPost) -> dict:
    """How many more invitations the post may send today, and why none if none (the rule's
    reasons that do not depend on the candidate: a closed post, the day's limit)."""
    left = max(settings.INVITATIONS_PER_POST_PER_DAY - invitations_sent_today(post), 0)
    refusal = ""
    if not may_apply.allows(post):
        refusal = may_invite.reasons["post_closed"]
    elif left == 0:
        refusal = may_invite.reasons["over_limit"]
    return {"invitations_left": left, "invite_refusal": refusal}
