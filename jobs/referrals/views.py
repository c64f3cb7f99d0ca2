"""Referral pages: the bureau's list of veterans it may refer, a veteran's summary with the
referral form, the referrals made (bureau) or received (enterprise), and one referral with
the enterprise's answer."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jobs.referrals import selectors, services
from jobs.referrals.forms import CandidateFilter, DeclineForm, ReferralForm, ReferralListFilter
from jobs.referrals.policies import may_answer_referral
from portal.accounts.decorators import bureau_required, enterprise_required
from portal.accounts.privacy import mask_name
from portal.accounts.selectors import audit_trail_for
from portal.pagination import paginate
from portal.refusals import run_service


def _summary(profile) -> dict:
    """What a bureau's list shows of a veteran: nothing that identifies them by itself."""
    return {
        "profile": profile,
        "name": mask_name(profile.full_name),
        "months": selectors.months_searching(profile),
        "hard_to_place": selectors.is_hard_to_place(profile),
        "skills": [link.skill for link in profile.skill_links.all()],
    }


@bureau_required
def referral_candidate_list(request):
    filters = CandidateFilter(request.GET or None)
    candidates = selectors.filter_candidates(
        selectors.referral_candidates_for(request.user), **filters.filters()
    )
    page = paginate(request, candidates)
    rows = [_summary(profile) for profile in page]
    return render(
        request,
        "jobs/referral_candidate_list.html",
        {
            "filter": filters,
            "page_obj": page,
            "rows": rows,
            "hard_months": settings.REFERRAL_HARD_TO_PLACE_MONTHS,
        },
    )


@bureau_required
def referral_candidate_detail(request, pk):
    profile = get_object_or_404(selectors.referral_candidates_for(request.user), pk=pk)
    form = ReferralForm(request.POST or None, officer=request.user)
    if request.method == "POST" and form.is_valid():
        made = run_service(
            request,
            lambda: services.referral_make(
                officer=request.user, veteran=profile, **form.cleaned_data
            ),
            _("The referral is sent to the enterprise."),
        )
        if made:
            return redirect("jobs:referral_list")
    earlier = selectors.referrals_visible_to(request.user).filter(veteran=profile)
    context = {
        **_summary(profile),
        "form": form,
        "earlier": earlier,
        "answer_days": settings.REFERRAL_ANSWER_WORKING_DAYS,
    }
    return render(request, "jobs/referral_candidate_detail.html", context)


@login_required
def referral_list(request):
    """The referrals a bureau made (its region subtree) or an enterprise received."""
    if not (request.user.is_bureau or request.user.is_enterprise_staff or request.user.is_ministry):
        raise Http404
    filters = ReferralListFilter(request.GET or None)
    referrals = selectors.referrals_visible_to(request.user)
    status = filters.cleaned_data.get("status") if filters.is_valid() else ""
    if status:
        referrals = referrals.filter(status=status)
    page = paginate(request, selectors.referral_waiting_first(referrals))
    return render(request, "jobs/referral_list.html", {"filter": filters, "page_obj": page})


def _visible(request, pk):
    if request.user.is_veteran:  # a veteran reads their application, not the referral
        raise Http404
    return get_object_or_404(selectors.referrals_visible_to(request.user), pk=pk)


@login_required
def referral_detail(request, pk):
    referral = _visible(request, pk)
    context = {
        "referral": referral,
        "name": mask_name(referral.veteran.full_name),
        "may_answer": referral.is_waiting and may_answer_referral.allows(request.user, referral),
        "decline_form": DeclineForm(),
        "events": audit_trail_for(referral),
    }
    return render(request, "jobs/referral_detail.html", context)


@enterprise_required
@require_POST
def referral_take_up(request, pk):
    referral = _visible(request, pk)
    run_service(
        request,
        lambda: services.referral_take_up(referral=referral, actor=request.user),
        _("The veteran is in your pipeline; they were told and may withdraw at any time."),
    )
    return redirect("jobs:referral_detail", pk=referral.pk)


@enterprise_required
@require_POST
def referral_decline(request, pk):
    referral = _visible(request, pk)
    form = DeclineForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("jobs:referral_detail", pk=referral.pk)
    run_service(
        request,
        lambda: services.referral_decline(
            referral=referral, actor=request.user, reason=form.cleaned_data["reason"]
        ),
        _("The referral is declined; the bureau is told your reason."),
    )
    return redirect("jobs:referral_detail", pk=referral.pk)
