"""The bureau's pages of its region's support catalogue (``startups:catalogue_*``): the
bases and incubators, the policies with their rule editor, each listed, created, edited
and retired (after a confirmation page). A base or policy of another region is not found.
Every write is one service of startups/catalogue.py."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from portal.accounts.decorators import bureau_required
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service
from startups import catalogue, selectors
from startups.forms import SupportBaseForm, SupportPolicyForm


@bureau_required
@require_GET
def base_list(request):
    page = paginate(request, selectors.bases_kept_by(request.user))
    return render(request, "startups/supportbase_list.html", {"page_obj": page})


@bureau_required
@require_http_methods(["GET", "POST"])
def base_edit(request, pk: int | None = None):
    base = get_object_or_404(selectors.bases_kept_by(request.user), pk=pk) if pk else None
    regions = selectors.catalogue_regions(request.user)
    form = SupportBaseForm(request.POST or None, instance=base, regions=regions)

    def save(data):
        return catalogue.support_base_save(officer=request.user, base=base, **data)

    if save_form(request, form, save) is not None:
        messages.success(request, _("The base is saved; veterans of its province see it."))
        return redirect("startups:catalogue_bases")
    return render(request, "startups/supportbase_form.html", {"form": form, "base": base})


@bureau_required
@require_http_methods(["GET", "POST"])
def base_retire(request, pk: int):
    base = get_object_or_404(selectors.bases_kept_by(request.user), pk=pk)
    if request.method == "POST":
        if run_service(
            request,
            lambda: catalogue.support_base_retire(base=base, officer=request.user),
            _("The base is retired; veterans no longer see it."),
        ):
            return redirect("startups:catalogue_bases")
    context = {"object": base, "back": "startups:catalogue_bases"}
    return render(request, "startups/catalogue_retire.html", context)


@bureau_required
@require_GET
def policy_list(request):
    page = paginate(request, selectors.policies_kept_by(request.user))
    return render(request, "startups/supportpolicy_list.html", {"page_obj": page})


@bureau_required
@require_http_methods(["GET", "POST"])
def policy_edit(request, pk: int | None = None):
    policy = get_object_or_404(selectors.policies_kept_by(request.user), pk=pk) if pk else None
    regions = selectors.catalogue_regions(request.user)
    form = SupportPolicyForm(
        request.POST or None, request.FILES or None, instance=policy, regions=regions
    )

    def save(data):
        return catalogue.support_policy_save(
            officer=request.user, policy=policy, **form.service_data()
        )

    if save_form(request, form, save) is not None:
        messages.success(request, _("The policy is saved; eligible veterans see it."))
        return redirect("startups:catalogue_policies")
    return render(request, "startups/supportpolicy_form.html", {"form": form, "policy": policy})


@bureau_required
@require_http_methods(["GET", "POST"])
def policy_retire(request, pk: int):
    policy = get_object_or_404(selectors.policies_kept_by(request.user), pk=pk)
    if request.method == "POST":
        if run_service(
            request,
            lambda: catalogue.support_policy_retire(policy=policy, officer=request.user),
            _("The policy is retired; veterans no longer see it."),
        ):
            return redirect("startups:catalogue_policies")
    context = {"object": policy, "back": "startups:catalogue_policies"}
    return render(request, "startups/catalogue_retire.html", context)
