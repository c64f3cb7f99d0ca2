"""The bureau's skill-gap page: which skills looking veterans of its region miss most for
the posts open there and their recommendations, so it knows what training to commission."""

from django.shortcuts import render
from django.views.decorators.http import require_GET

from jobs.training import region_skill_gaps
from portal.accounts.decorators import bureau_required


@bureau_required
@require_GET
def skill_gaps(request):
    seekers, gaps = region_skill_gaps(request.user)
    context = {"seekers": seekers, "gaps": gaps, "region": request.user.region}
    return render(request, "jobs/training_skill_gaps.html", context)
