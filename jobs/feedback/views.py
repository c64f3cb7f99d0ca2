"""Feedback pages: the veteran's questions and their answer; the regulators' aggregates;
the enterprise's own average (above the minimum number of answers)."""

from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django.views.decorators.http import require_POST

from enterprises.selectors import enterprise_of
from jobs.feedback import selectors, services
from jobs.feedback.forms import FeedbackForm
from jobs.models import Feedback
from portal.accounts.decorators import enterprise_required, regulator_required, veteran_required
from portal.pagination import paginate
from portal.refusals import run_service

GROUP_LABELS = {
    "enterprise": _("Enterprises"),
    "institution": _("Training institutions"),
    "event": _("Recruitment events"),
    "region": pgettext_lazy("feedback grouped by", "Regions"),
}


@veteran_required
def feedback_list(request):
    page = paginate(request, selectors.feedback_of(request.user))
    rows = [{"feedback": item, "about": services.about(item)} for item in page]
    return render(request, "jobs/feedback_list.html", {"page_obj": page, "rows": rows})


@veteran_required
def feedback_answer(request, pk):
    feedback = get_object_or_404(selectors.feedback_of(request.user), pk=pk)
    form = FeedbackForm(request.POST or None, feedback=feedback)
    if request.method == "POST" and form.is_valid():
        # An answer already given (or declined) is refused by the service, as in the API.
        answered = run_service(
            request,
            lambda: services.feedback_answer(
                feedback=feedback, veteran_user=request.user, **form.cleaned_data
            ),
            _("Thank you. Your answer is recorded."),
        )
        if answered:
            return redirect("jobs:feedback_list")
        return redirect("jobs:feedback_answer", pk=feedback.pk)
    context = {"feedback": feedback, "about": services.about(feedback), "form": form}
    return render(request, "jobs/feedback_form.html", context)


@veteran_required
@require_POST
def feedback_decline(request, pk):
    feedback = get_object_or_404(selectors.feedback_of(request.user), pk=pk)
    run_service(
        request,
        lambda: services.feedback_decline(feedback=feedback, veteran_user=request.user),
        _("Understood: these questions will not be asked again."),
    )
    return redirect("jobs:feedback_list")


@regulator_required
def feedback_summary(request):
    """Aggregates of the answered feedback in the user's scope, grouped as asked; comments
    without names."""
    by = request.GET.get("by") if request.GET.get("by") in selectors.GROUPS else "enterprise"
    answered = selectors.answered_feedback_visible_to(request.user)
    page = paginate(request, selectors.aggregates(answered, by))
    context = {
        "by": by,
        "groups": GROUP_LABELS,
        "page_obj": page,
        "totals": selectors.totals(answered),
        "comments": selectors.recent_comments(answered),
        "subjects": Feedback.Subject,
    }
    return render(request, "jobs/feedback_summary.html", context)


@enterprise_required
def feedback_enterprise(request):
    enterprise = enterprise_of(request.user)
    if enterprise is None:
        raise Http404
    summary = selectors.enterprise_feedback(enterprise.pk)
    questions = Feedback.QUESTIONS[Feedback.Subject.PLACEMENT]
    context = {"enterprise": enterprise, "summary": summary, "questions": questions}
    return render(request, "jobs/feedback_enterprise.html", context)
