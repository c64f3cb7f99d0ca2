"""Review pages of the regulators: the queues of enterprise and branch applications and
the decisions on them. A bureau decides in its region; the ministry decides centrally
managed state-owned enterprises (the services check it again)."""

from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from enterprises import selectors, services
from enterprises.forms.review import DecisionNoteForm, ReasonForm
from enterprises.models import Branch, Enterprise
from enterprises.policies import may_review_branch, may_review_enterprise
from portal.accounts.decorators import bureau_required, regulator_required
from portal.accounts.selectors import audit_trail_for
from portal.pagination import paginate
from portal.refusals import run_service

# The context name under which a review page shows each decision form, errors included.
FORM_NAMES = {DecisionNoteForm: "note_form", ReasonForm: "reason_form"}


# Enterprises ---------------------------------------------------------------------------


def _enterprise(request, pk) -> Enterprise:
    enterprises = selectors.enterprises_visible_to(request.user).select_related(
        "hq_region", "industry", "reviewed_by"
    )
    return get_object_or_404(enterprises, pk=pk)


def _enterprise_page(request, enterprise: Enterprise, **forms):
    return render(
        request,
        "enterprises/enterprise_review.html",
        {
            "enterprise": enterprise,
            "may_review": may_review_enterprise.allows(request.user, enterprise),
            "note_form": forms.get("note_form") or DecisionNoteForm(),
            "reason_form": forms.get("reason_form") or ReasonForm(),
            "branches": enterprise.branches.select_related("region").order_by("region", "name"),
            "events": audit_trail_for(enterprise),
        },
    )


@regulator_required
def enterprise_review_queue(request):
    page = paginate(request, selectors.enterprise_review_queue(request.user))
    return render(request, "enterprises/enterprise_review_queue.html", {"page_obj": page})


@regulator_required
def enterprise_review(request, pk):
    return _enterprise_page(request, _enterprise(request, pk))


def _enterprise_decision(request, pk, *, form_class, service, success, back_to_queue):
    enterprise = _enterprise(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _enterprise_page(request, enterprise, **{FORM_NAMES[form_class]: form})
    decided = run_service(
        request,
        lambda: service(enterprise=enterprise, reviewer=request.user, **form.cleaned_data),
        success,
    )
    if decided and back_to_queue:
        return redirect("enterprises:enterprise_review_queue")
    return redirect("enterprises:enterprise_review", pk=enterprise.pk)


@require_POST
@regulator_required
def enterprise_approve(request, pk):
    return _enterprise_decision(
        request,
        pk,
        form_class=DecisionNoteForm,
        service=services.enterprise_approve,
        success=_("The enterprise is approved and has been told by e-mail."),
        back_to_queue=True,
    )


@require_POST
@regulator_required
def enterprise_reject(request, pk):
    return _enterprise_decision(
        request,
        pk,
        form_class=ReasonForm,
        service=services.enterprise_reject,
        success=_("The application is rejected; the enterprise has been told why."),
        back_to_queue=True,
    )


@require_POST
@regulator_required
def enterprise_suspend(request, pk):
    return _enterprise_decision(
        request,
        pk,
        form_class=ReasonForm,
        service=services.enterprise_suspend,
        success=_("The enterprise is suspended; it has been told why."),
        back_to_queue=False,
    )


@require_POST
@regulator_required
def enterprise_reinstate(request, pk):
    return _enterprise_decision(
        request,
        pk,
        form_class=DecisionNoteForm,
        service=services.enterprise_reinstate,
        success=_("The enterprise is reinstated and has been told by e-mail."),
        back_to_queue=False,
    )


# Branches ------------------------------------------------------------------------------


def _branch(request, pk) -> Branch:
    branches = selectors.branches_visible_to(request.user).select_related(
        "enterprise__hq_region", "reviewed_by"
    )
    return get_object_or_404(branches, pk=pk)


def _branch_page(request, branch: Branch, **forms):
    user = request.user
    return render(
        request,
        "enterprises/branch_review.html",
        {
            "branch": branch,
            "may_review": may_review_branch.allows(user, branch),
            "note_form": forms.get("note_form") or DecisionNoteForm(),
            "reason_form": forms.get("reason_form") or ReasonForm(),
            "events": audit_trail_for(branch),
        },
    )


@bureau_required
def branch_review_queue(request):
    page = paginate(request, selectors.branch_review_queue(request.user))
    return render(request, "enterprises/branch_review_queue.html", {"page_obj": page})


@bureau_required
def branch_review(request, pk):
    return _branch_page(request, _branch(request, pk))


def _branch_decision(request, pk, *, form_class, service, success):
    branch = _branch(request, pk)
    form = form_class(request.POST)
    if not form.is_valid():
        return _branch_page(request, branch, **{FORM_NAMES[form_class]: form})
    decided = run_service(
        request,
        lambda: service(branch=branch, reviewer=request.user, **form.cleaned_data),
        success,
    )
    if decided:
        return redirect("enterprises:branch_review_queue")
    return redirect("enterprises:branch_review", pk=branch.pk)


@require_POST
@bureau_required
def branch_approve(request, pk):
    return _branch_decision(
        request,
        pk,
        form_class=DecisionNoteForm,
        service=services.branch_approve,
        success=_("The branch is approved; the enterprise may now publish posts under it."),
    )


@require_POST
@bureau_required
def branch_reject(request, pk):
    return _branch_decision(
        request,
        pk,
        form_class=ReasonForm,
        service=services.branch_reject,
        success=_("The branch is rejected; the enterprise has been told why."),
    )
