"""The ministry's page on the nightly matching: recent runs, their status and counts."""

from django.shortcuts import render
from django.urls import path

from enterprises.views.review import paginate
from jobs.matching.selectors import matching_runs_visible_to
from portal.accounts.decorators import ministry_required


@ministry_required
def matching_run_list(request):
    page = paginate(request, matching_runs_visible_to(request.user))
    return render(request, "jobs/matchingrun_list.html", {"page_obj": page})


urlpatterns = [
    path("matching/runs/", matching_run_list, name="matching_run_list"),
]
