"""Review pages of the regulators: the queues of enterprise and branch applications and
the decisions on them (enterprises/reviews.py). A bureau decides in its region; the
ministry decides centrally managed state-owned enterprises (the services check it)."""

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404, render
from django.urls import reverse

from enterprises import selectors
from enterprises.forms.ministry import EnterpriseFilter
from enterprises.models import Branch, Enterprise
from enterprises.reviews import BRANCH_REVIEW, ENTERPRISE_REVIEW
from portal.accounts.decorators import bureau_required, regulator_required
from portal.accounts.selectors import audit_trail_for
from portal.pagination import paginate
from portal.review import bulk_decision_view, decision_view, review_panel

# Enterprises ---------------------------------------------------------------------------


def _enterprise(request, pk) -> Enterprise:
    enterprises = selectors.enterprises_visible_to(request.user).select_related(
        "hq_region", "industry", "reviewed_by"
    )
    return get_object_or_404(enterprises, pk=pk)


def _enterprise_page(request, enterprise: Enterprise, bound=None):
    trail = audit_trail_for(enterprise)
    return render(
        request,
        "enterprises/enterprise_review.html",
        {
            "enterprise": enterprise,
            "review": review_panel(ENTERPRISE_REVIEW, request.user, enterprise, trail, bound),
            "branches": enterprise.branches.select_related("region").order_by("region", "name"),
        },
    )


@regulator_required
def enterprise_directory(request):
    """Every enterprise the regulator oversees, whatever its status, with its branches: the
    way to each one's page and its decisions (approve, reject, suspend, reinstate; a
    branch's approve or reject) and to its agreements."""
    branches = selectors.branches_visible_to(request.user).order_by("region", "name")
    enterprises = (
        selectors.enterprises_visible_to(request.user)
        .select_related("hq_region", "industry")
        .prefetch_related(Prefetch("branches", queryset=branches, to_attr="listed_branches"))
    )
    filters = EnterpriseFilter(request.GET, queryset=enterprises, user=request.user)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filters,
        "page_obj": paginate(request, filters.qs.order_by("name", "pk")),
        "query": query.urlencode(),
    }
    return render(request, "enterprises/enterprise_directory.html", context)


@regulator_required
def enterprise_review_queue(request):
    page = paginate(request, selectors.enterprise_review_queue(request.user))
    return render(request, "enterprises/enterprise_review_queue.html", {"page_obj": page})


@regulator_required
def enterprise_review(request, pk):
    return _enterprise_page(request, _enterprise(request, pk))


def _enterprise_url(pk) -> str:
    return reverse("enterprises:enterprise_review", args=[pk])


def _enterprise_queue(pk) -> str:
    return reverse("enterprises:enterprise_review_queue")


def _enterprise_decision(name: str, *, back_to_queue: bool):
    """A decided application leaves the queue; a suspension or reinstatement stays put."""
    return decision_view(
        ENTERPRISE_REVIEW,
        name,
        gate=regulator_required,
        fetch=_enterprise,
        page=_enterprise_page,
        done=_enterprise_queue if back_to_queue else _enterprise_url,
        back=_enterprise_url,
    )


enterprise_approve = _enterprise_decision("approve", back_to_queue=True)
enterprise_reject = _enterprise_decision("reject", back_to_queue=True)
enterprise_suspend = _enterprise_decision("suspend", back_to_queue=False)
enterprise_reinstate = _enterprise_decision("reinstate", back_to_queue=False)


def _enterprise_bulk_decision(name: str):
    """Approve or reject the applications ticked on the queue, one reason for all."""
    return bulk_decision_view(
        ENTERPRISE_REVIEW,
        name,
        gate=regulator_required,
        selector=selectors.enterprises_visible_to,
        done="enterprises:enterprise_review_queue",
    )


enterprise_bulk_approve = _enterprise_bulk_decision("approve")
enterprise_bulk_reject = _enterprise_bulk_decision("reject")


# Branches ------------------------------------------------------------------------------


def _branch(request, pk) -> Branch:
    branches = selectors.branches_visible_to(request.user).select_related(
        "enterprise__hq_region", "reviewed_by"
    )
    return get_object_or_404(branches, pk=pk)


def _branch_page(request, branch: Branch, bound=None):
    trail = audit_trail_for(branch)
    review = review_panel(BRANCH_REVIEW, request.user, branch, trail, bound)
    return render(request, "enterprises/branch_review.html", {"branch": branch, "review": review})


@bureau_required
def branch_review_queue(request):
    page = paginate(request, selectors.branch_review_queue(request.user))
    return render(request, "enterprises/branch_review_queue.html", {"page_obj": page})


@bureau_required
def branch_review(request, pk):
    return _branch_page(request, _branch(request, pk))


def _branch_decision(name: str):
    return decision_view(
        BRANCH_REVIEW,
        name,
        gate=regulator_required,
        fetch=_branch,
        page=_branch_page,
        done=lambda pk: reverse("enterprises:branch_review_queue"),
        back=lambda pk: reverse("enterprises:branch_review", args=[pk]),
    )


branch_approve = _branch_decision("approve")
branch_reject = _branch_decision("reject")


def _branch_bulk_decision(name: str):
    return bulk_decision_view(
        BRANCH_REVIEW,
        name,
        gate=bureau_required,
        selector=selectors.branches_visible_to,
        done="enterprises:branch_review_queue",
    )


branch_bulk_approve = _branch_bulk_decision("approve")
branch_bulk_reject = _branch_bulk_decision("reject")
