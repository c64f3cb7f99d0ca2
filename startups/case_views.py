"""The bureau's case records of entrepreneurs (``startups:case_*``) and the veteran's view
of their own.

A bureau officer sees the cases kept in their region; a case of another region is not
found (404). Every write is one service of startups/cases.py; forms post to one URL per
action and come back to the case's page.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.decorators import bureau_required, veteran_required
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import REFUSALS, refusal_message, run_service
from startups import cases, selectors
from startups.forms import (
    CaseContactForm,
    CaseFollowUpForm,
    IncubationEndForm,
    IncubationForm,
    SupportApplicationForm,
    SupportOutcomeForm,
)


@bureau_required
@require_GET
def case_list(request):
    """The region's case records, the latest opened first."""
    page = paginate(request, selectors.cases_visible_to(request.user))
    return render(request, "startups/case_list.html", {"page_obj": page})


@bureau_required
@require_POST
def case_open(request, pk: int):
    """Opened from the start-up's page; an existing case is shown instead."""
    startup = get_object_or_404(selectors.startups_of_founders_governed_by(request.user), pk=pk)
    existing = selectors.cases_visible_to(request.user).filter(veteran=startup.founder_id).first()
    if existing is not None:
        return redirect("startups:case_detail", pk=existing.pk)
    try:
        case = cases.case_open(startup=startup, officer=request.user)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("startups:detail", pk=startup.pk)
    messages.success(
        request, _("The case record is opened; follow-ups fall due in 6 and 12 months.")
    )
    return redirect("startups:case_detail", pk=case.pk)


def _case(request, pk):
    return get_object_or_404(selectors.cases_visible_to(request.user), pk=pk)


def _with_forms(applications, incubations):
    """Each open application and stay with its own small form (ids of its own)."""
    for application in applications:
        application.outcome_form = SupportOutcomeForm(
            prefix="outcome", auto_id=f"id_outcome{application.pk}_%s"
        )
    for incubation in incubations:
        incubation.end_form = IncubationEndForm(prefix="end", auto_id=f"id_end{incubation.pk}_%s")
    return applications, incubations


def _case_page(request, case, **forms):
    applications, incubations = _with_forms(
        list(case.applications.select_related("policy__region")),
        list(case.incubations.select_related("base__region")),
    )
    context = {
        "case": case,
        "contacts": case.contacts.all(),
        "applications": applications,
        "incubations": incubations,
        "follow_ups": case.follow_ups.all(),
        "contact_form": forms.get("contact_form") or CaseContactForm(prefix="contact"),
        "application_form": forms.get("application_form")
        or SupportApplicationForm(prefix="application", policies=selectors.case_policies(case)),
        "incubation_form": forms.get("incubation_form")
        or IncubationForm(prefix="incubation", bases=selectors.case_bases(case)),
    }
    return render(request, "startups/case_detail.html", context)


@bureau_required
@require_GET
def case_detail(request, pk: int):
    return _case_page(request, _case(request, pk))


def _recorded(request, case, form, save, done: str, name: str):
    """Save one part of the case from its form; on a refusal the case's page again with the
    form and its errors."""
    if save_form(request, form, save) is not None:
        messages.success(request, done)
        return redirect("startups:case_detail", pk=case.pk)
    return _case_page(request, case, **{name: form})


@bureau_required
@require_POST
def case_contact(request, pk: int):
    case = _case(request, pk)
    form = CaseContactForm(request.POST, prefix="contact")
    return _recorded(
        request,
        case,
        form,
        lambda data: cases.case_contact_record(case=case, officer=request.user, **data),
        _("The consultation or training is recorded."),
        "contact_form",
    )


@bureau_required
@require_POST
def case_application(request, pk: int):
    case = _case(request, pk)
    form = SupportApplicationForm(
        request.POST, prefix="application", policies=selectors.case_policies(case)
    )
    return _recorded(
        request,
        case,
        form,
        lambda data: cases.support_application_record(case=case, officer=request.user, **data),
        _("The application is recorded; record its outcome when the answer comes."),
        "application_form",
    )


@bureau_required
@require_POST
def case_incubation(request, pk: int):
    case = _case(request, pk)
    form = IncubationForm(request.POST, prefix="incubation", bases=selectors.case_bases(case))
    return _recorded(
        request,
        case,
        form,
        lambda data: cases.incubation_record(case=case, officer=request.user, **data),
        _("The incubation is recorded."),
        "incubation_form",
    )


def _form_errors(form) -> str:
    return " ".join(str(e) for errors in form.errors.values() for e in errors)


@bureau_required
@require_POST
def application_outcome(request, pk: int):
    application = get_object_or_404(selectors.support_applications_visible_to(request.user), pk=pk)
    form = SupportOutcomeForm(request.POST, prefix="outcome")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        run_service(
            request,
            lambda: cases.support_application_decide(
                application=application, officer=request.user, **form.cleaned_data
            ),
            _("The outcome is recorded."),
        )
    return redirect("startups:case_detail", pk=application.case_id)


@bureau_required
@require_POST
def incubation_end(request, pk: int):
    incubation = get_object_or_404(selectors.incubations_visible_to(request.user), pk=pk)
    form = IncubationEndForm(request.POST, prefix="end")
    if not form.is_valid():
        messages.error(request, _form_errors(form))
    else:
        run_service(
            request,
            lambda: cases.incubation_end(
                incubation=incubation, officer=request.user, **form.cleaned_data
            ),
            _("The end of the stay is recorded."),
        )
    return redirect("startups:case_detail", pk=incubation.case_id)


# --- follow-ups ----------------------------------------------------------------------------


@bureau_required
@require_GET
def case_follow_ups(request):
    """The bureau's queue: follow-ups come due, the oldest first."""
    page = paginate(request, selectors.case_follow_ups_due_for(request.user))
    return render(request, "startups/case_follow_up_list.html", {"page_obj": page})


@bureau_required
@require_http_methods(["GET", "POST"])
def case_follow_up_record(request, pk: int):
    follow_up = get_object_or_404(selectors.case_follow_ups_visible_to(request.user), pk=pk)
    form = CaseFollowUpForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: cases.case_follow_up_record(follow_up=follow_up, officer=request.user, **data),
    )
    if saved is not None:
        messages.success(request, _("The follow-up is recorded."))
        return redirect("startups:case_follow_ups")
    context = {"follow_up": follow_up, "form": form, "done": follow_up.status == "done"}
    return render(request, "startups/case_follow_up_record.html", context)


# --- the veteran ---------------------------------------------------------------------------


@veteran_required
@require_GET
def my_case(request):
    """What the bureau recorded of its support, without its internal notes or follow-ups."""
    case = selectors.case_of(request.user)
    context = {"case": case}
    if case is not None:
        context.update(
            contacts=case.contacts.only("kind", "held_on", "topic"),
            applications=case.applications.select_related("policy").defer("internal_note"),
            incubations=case.incubations.select_related("base__region"),
        )
    return render(request, "startups/case_mine.html", context)
