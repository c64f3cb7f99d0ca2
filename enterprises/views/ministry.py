"""The register of cooperation batches and agreements. The ministry keeps the batches and
its own agreements; a bureau keeps the agreements signed in its region and reads those of
the enterprises it oversees."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Q, Sum
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from enterprises import selectors, services
from enterprises.forms.ministry import AgreementFilter, AgreementForm, BatchForm, SignForm
from enterprises.forms.review import ReasonForm
from enterprises.models import Agreement, CooperationBatch
from enterprises.policies import may_act_on_agreement
from portal.accounts.decorators import ministry_required, regulator_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import add_service_error
from portal.pagination import paginate
from portal.refusals import run_service
from portal.workflow import DomainError

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
    if request.method == "POST" and form.is_valid():
        try:
            batch = services.batch_create(creator=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
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


def _agreement_page(request, agreement: Agreement, **forms):
    posts = agreement.posts.select_related("region", "branch").order_by("-created_at", "-pk")
    return render(
        request,
        "enterprises/agreement_detail.html",
        {
            "agreement": agreement,
            "may_act": may_act_on_agreement.allows(request.user, agreement),
            "sign_form": forms.get("sign_form") or SignForm(),
            "reason_form": forms.get("reason_form") or ReasonForm(),
            "page_obj": paginate(request, posts),
            "events": audit_trail_for(agreement),
        },
    )


@regulator_required
def agreement_detail(request, pk):
    return _agreement_page(request, _agreement(request, pk))


@regulator_required
def agreement_create(request):
    form = AgreementForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            agreement = services.agreement_create(creator=request.user, **form.cleaned_data)
        except (DomainError, ValidationError) as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, _("The agreement is recorded as a draft."))
            return redirect("enterprises:agreement_detail", pk=agreement.pk)
    return render(request, "enterprises/agreement_form.html", {"form": form})


def _agreement_move(request, pk, *, service, success, form_class=None, form_name=""):
    agreement = _agreement(request, pk)
    data = {}
    if form_class is not None:
        form = form_class(request.POST)
        if not form.is_valid():
            return _agreement_page(request, agreement, **{form_name: form})
        data = form.cleaned_data
    run_service(request, lambda: service(agreement=agreement, actor=request.user, **data), success)
    return redirect("enterprises:agreement_detail", pk=agreement.pk)


@require_POST
@regulator_required
def agreement_sign(request, pk):
    return _agreement_move(
        request,
        pk,
        service=services.agreement_sign,
        success=_("The agreement is signed."),
        form_class=SignForm,
        form_name="sign_form",
    )


@require_POST
@regulator_required
def agreement_activate(request, pk):
    return _agreement_move(
        request,
        pk,
        service=services.agreement_activate,
        success=_("The agreement is in force; posts may now count against its pledge."),
    )


@require_POST
@regulator_required
def agreement_expire(request, pk):
    return _agreement_move(
        request, pk, service=services.agreement_expire, success=_("The agreement has expired.")
    )


@require_POST
@regulator_required
def agreement_terminate(request, pk):
    return _agreement_move(
        request,
        pk,
        service=services.agreement_terminate,
        success=_("The agreement is terminated; the enterprise has been told why."),
        form_class=ReasonForm,
        form_name="reason_form",
    )
