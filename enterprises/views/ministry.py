"""The register of cooperation batches and agreements. The ministry keeps the batches and
its own agreements; a bureau keeps the agreements signed in its region and reads those of
the enterprises it oversees."""

from django.contrib import messages
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from enterprises import selectors, services
from enterprises.forms.ministry import (
    AgreementFilter,
    AgreementForm,
    BatchForm,
    RenewForm,
    TargetProvincesForm,
)
from enterprises.models import Agreement, CooperationBatch
from enterprises.policies import may_act_on_agreement, may_renew_agreement
from enterprises.reviews import AGREEMENT_REVIEW
from portal.accounts.decorators import ministry_required, regulator_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import save_form
from portal.pagination import paginate
from portal.review import decision_view, review_panel

# Batches -------------------------------------------------------------------------------


@ministry_required
def batch_list(request):
    batches = CooperationBatch.objects.annotate(
        agreement_count=Count("agreements", filter=~Q(agreements__status="terminated")),
        pledged=Sum("agreements__pledged_posts", filter=~Q(agreements__status="terminated")),
    ).order_by("-number")
    page = paginate(request, batches)
    return render(request, "enterprises/cooperationbatch_list.html", {"page_obj": page})


@ministry_required
def batch_create(request):
    form = BatchForm(request.POST or None)
    batch = save_form(
        request, form, lambda data: services.batch_create(creator=request.user, **data)
    )
    if batch is not None:
        messages.success(request, _("Batch “%(name)s” is published.") % {"name": batch.name})
        return redirect("enterprises:batch_list")
    return render(request, "enterprises/cooperationbatch_form.html", {"form": form})


# Agreements ----------------------------------------------------------------------------


def _agreement(request, pk) -> Agreement:
    agreements = selectors.agreements_visible_to(request.user).select_related(
        "region", "enterprise__hq_region"
    )
    return get_object_or_404(selectors.agreements_with_progress(agreements), pk=pk)


@regulator_required
def agreement_list(request):
    agreements = selectors.agreements_visible_to(request.user).select_related("region")
    filters = AgreementFilter(request.GET, queryset=agreements)
    rows = selectors.agreements_with_progress(filters.qs).order_by(
        "-batch__number", "enterprise__name", "pk"
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "enterprises/agreement_list.html",
        {"filter": filters, "page_obj": paginate(request, rows), "query": query.urlencode()},
    )


def _agreement_page(request, agreement: Agreement, bound=None):
    posts = agreement.posts.select_related("region", "branch").order_by("-created_at", "-pk")
    trail = audit_trail_for(agreement)
    may_renew = may_act_on_agreement.allows(request.user, agreement) and may_renew_agreement.allows(
        agreement
    )
    return render(
        request,
        "enterprises/agreement_detail.html",
        {
            "agreement": agreement,
            "review": review_panel(AGREEMENT_REVIEW, request.user, agreement, trail, bound),
            "page_obj": paginate(request, posts),
            "may_renew": may_renew,
            "target_provinces": selectors.target_provinces_of(agreement),
            "may_target": _may_target(request.user, agreement),
        },
    )


@regulator_required
def agreement_detail(request, pk):
    return _agreement_page(request, _agreement(request, pk))


@regulator_required
def agreement_create(request):
    form = AgreementForm(request.POST or None, user=request.user)
    agreement = save_form(
        request, form, lambda data: services.agreement_create(creator=request.user, **data)
    )
    if agreement is not None:
        messages.success(request, _("The agreement is recorded as a draft."))
        return redirect("enterprises:agreement_detail", pk=agreement.pk)
    return render(request, "enterprises/agreement_form.html", {"form": form})


def _agreement_url(pk) -> str:
    return reverse("enterprises:agreement_detail", args=[pk])


def _agreement_decision(name: str):
    return decision_view(
        AGREEMENT_REVIEW,
        name,
        gate=regulator_required,
        fetch=_agreement,
        page=_agreement_page,
        done=_agreement_url,
        back=_agreement_url,
    )


agreement_sign = _agreement_decision("sign")
agreement_activate = _agreement_decision("activate")
agreement_expire = _agreement_decision("expire")
agreement_terminate = _agreement_decision("terminate")


@regulator_required
def agreement_renew(request, pk):
    agreement = _agreement(request, pk)
    form = RenewForm(request.POST or None, initial={"pledged_posts": agreement.pledged_posts})
    renewal = save_form(
        request,
        form,
        lambda data: services.agreement_renew(agreement=agreement, actor=request.user, **data),
    )
    if renewal is not None:
        messages.success(
            request, _("The new term is recorded as a draft: sign it and put it into force.")
        )
        return redirect("enterprises:agreement_detail", pk=renewal.pk)
    refusal = may_act_on_agreement.reason(request.user, agreement) or may_renew_agreement.reason(
        agreement
    )
    context = {"form": form, "agreement": agreement, "refusal": refusal}
    return render(request, "enterprises/agreement_renew.html", context)


def _may_target(user, agreement: Agreement) -> bool:
    return (
        agreement.cooperation_mode == Agreement.CooperationMode.REGIONAL
        and agreement.status not in (Agreement.Status.EXPIRED, Agreement.Status.TERMINATED)
        and may_act_on_agreement.allows(user, agreement)
    )


def _target_refusal(request, agreement: Agreement) -> str:
    """Why the form is not offered (the service refuses the same on a POST)."""
    if request.method == "POST" or _may_target(request.user, agreement):
        return ""
    if agreement.cooperation_mode != Agreement.CooperationMode.REGIONAL:
        return _("Only a regional cooperation agreement targets provinces.")
    return may_act_on_agreement.reason(request.user, agreement) or _(
        "The agreement is over; its target provinces stay as they were."
    )


@regulator_required
def agreement_target_provinces(request, pk):
    """The provinces a regional agreement's posts are aimed at; the service decides who may
    set them and which agreements take them."""
    agreement = _agreement(request, pk)
    initial = {"target_provinces": agreement.target_provinces}
    form = TargetProvincesForm(request.POST or None, initial=initial)
    done = save_form(
        request,
        form,
        lambda data: services.agreement_set_target_provinces(
            agreement=agreement, actor=request.user, **data
        ),
    )
    if done is not None:
        messages.success(request, _("The provinces the posts aim at are saved."))
        return redirect("enterprises:agreement_detail", pk=agreement.pk)
    context = {"form": form, "agreement": agreement, "refusal": _target_refusal(request, agreement)}
    return render(request, "enterprises/agreement_target_provinces.html", context)
