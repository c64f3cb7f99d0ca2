"""Start-up pages: the public directory and a start-up's page, the veteran's declaration,
correction, staff and eligible policies, and the bureau's queue and decisions.

Objects come through selectors scoped to the user (a declaration of another region or
another veteran is not found); every write is one service, every refusal its rule's.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from jobs.models import JobPost
from jobs.training.selectors import programmes_visible_to
from portal.accounts.decorators import regulator_required, veteran_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service
from portal.review import decision_view, review_panel
from startups import selectors, services
from startups.eligibility import evaluate
from startups.forms import (
    DirectoryFilter,
    MentorForm,
    MentorRequestForm,
    SessionForm,
    StaffForm,
    StartUpForm,
)
from startups.models import Mentor, StartUp
from startups.policies import may_correct_startup, may_open_case, may_register_staff
from startups.reviews import STARTUP_REVIEW
from veterans.models import TrainingProgramme
from veterans.policies import profile_complete, profile_required
from veterans.selectors import profile_of

# --- public --------------------------------------------------------------------------------


@require_GET
def directory(request):
    """Confirmed veterans' start-ups, the latest confirmed first; ``?region=`` narrows."""
    filters = DirectoryFilter(request.GET or None)
    region = filters.cleaned_data.get("region") if filters.is_valid() else None
    startups = selectors.startup_directory(region=region)
    context = {"page_obj": paginate(request, startups), "filter": filters}
    return render(request, "startups/startup_directory.html", context)


def _startup(request, pk) -> StartUp:
    return get_object_or_404(selectors.startups_visible_to(request.user), pk=pk)


def _detail_page(request, startup: StartUp, bound=None):
    """Everyone sees what the directory shows; its founder and its regulators also the
    status, the decision and the trail."""
    user = request.user
    is_founder = user.is_authenticated and startup.founder.user_id == user.pk
    overseer = user.is_authenticated and (user.is_ministry or user.governs(startup.region))
    context = {"startup": startup, "is_founder": is_founder, "overseer": overseer}
    if is_founder or overseer:
        trail = audit_trail_for(startup)
        context["review"] = review_panel(STARTUP_REVIEW, user, startup, trail, bound)
        context["may_register_staff"] = may_register_staff.allows(user, startup)
        context["may_correct"] = may_correct_startup.allows(user, startup)
    if user.is_authenticated and may_open_case.allows(user, startup):
        context["may_open_case"] = True
        context["case"] = (
            selectors.cases_visible_to(user).filter(veteran=startup.founder_id).first()
        )
    if startup.enterprise_id:
        posts = JobPost.objects.published().filter(branch__enterprise_id=startup.enterprise_id)
        context["posts"] = posts.select_related("branch__region").order_by("-published_at")[:10]
    return render(request, "startups/startup_detail.html", context)


@require_GET
def detail(request, pk: int):
    return _detail_page(request, _startup(request, pk))


# --- the veteran ---------------------------------------------------------------------------


@veteran_required
@require_GET
def my_startups(request):
    context = {
        "startups": selectors.own_startups(request.user),
        "refusal": profile_complete.reason(request.user),
    }
    return render(request, "startups/startup_mine.html", context)


@veteran_required
@require_http_methods(["GET", "POST"])
def declare(request):
    form = StartUpForm(request.POST or None)
    saved = save_form(
        request, form, lambda data: services.startup_declare(user=request.user, **data)
    )
    if saved is not None:
        messages.success(
            request, _("Your start-up is declared; the bureau of its region will confirm it.")
        )
        return redirect("startups:detail", pk=saved.pk)
    context = {"form": form, "refusal": profile_complete.reason(request.user)}
    return render(request, "startups/startup_form.html", context)


@veteran_required
@require_http_methods(["GET", "POST"])
def correct(request, pk: int):
    startup = get_object_or_404(selectors.own_startups(request.user), pk=pk)
    form = StartUpForm(request.POST or None, instance=startup)
    saved = save_form(
        request,
        form,
        lambda data: services.startup_resubmit(startup=startup, user=request.user, **data),
    )
    if saved is not None:
        messages.success(request, _("Your start-up is declared again."))
        return redirect("startups:detail", pk=saved.pk)
    context = {
        "form": form,
        "startup": startup,
        "refusal": may_correct_startup.reason(request.user, startup),
    }
    return render(request, "startups/startup_form.html", context)


@veteran_required
@require_http_methods(["GET", "POST"])
def staff(request, pk: int):
    startup = get_object_or_404(selectors.own_startups(request.user), pk=pk)
    form = StaffForm(request.POST or None)

    def register(data):
        return services.startup_staff_register(startup=startup, founder=request.user, **data)

    if save_form(request, form, register) is not None:
        messages.success(
            request, _("The staff account is opened; an e-mail asks them to set a password.")
        )
        return redirect("startups:detail", pk=startup.pk)
    members = startup.enterprise.members.select_related("user") if startup.enterprise_id else []
    context = {
        "form": form,
        "startup": startup,
        "members": members,
        "refusal": may_register_staff.reason(request.user, startup),
    }
    return render(request, "startups/startup_staff.html", context)


@veteran_required
@require_GET
def eligibility(request):
    """The support policies of the veteran's regions, each rule passed or failed with its
    reason; the bases and the entrepreneurship training near them."""
    profile = profile_of(request.user)
    if profile is None:
        context = {"refusal": profile_complete.reason(request.user)}
        return render(request, "startups/eligibility.html", context)
    startup = selectors.confirmed_startup_of(profile)
    today = timezone.localdate()
    evaluations = [
        evaluate(policy, profile=profile, startup=startup, today=today)
        for policy in selectors.policies_for(profile, startup)
    ]
    evaluations.sort(key=lambda evaluation: not evaluation.eligible)
    context = {
        "profile": profile,
        "startup": startup,
        "evaluations": evaluations,
        "eligible_count": sum(evaluation.eligible for evaluation in evaluations),
        "bases": selectors.bases_near(profile)[:6],
        "programmes": _training_near(request.user, profile, today),
    }
    return render(request, "startups/eligibility.html", context)


def _training_near(user, profile, today):
    programmes = programmes_visible_to(user).filter(
        kind=TrainingProgramme.Kind.ENTREPRENEURSHIP,
        region__code__startswith=profile.home_region.code[:2],
        starts_on__gt=today,
    )
    return programmes.order_by("starts_on", "pk")[:6]


# --- the bureau ----------------------------------------------------------------------------


@regulator_required
@require_GET
def review_queue(request):
    page = paginate(request, selectors.startup_review_queue(request.user))
    return render(request, "startups/startup_review_queue.html", {"page_obj": page})


def _detail_url(pk) -> str:
    return reverse("startups:detail", args=[pk])


def _queue_url(pk) -> str:
    return reverse("startups:review_queue")


def _decision(name: str):
    return decision_view(
        STARTUP_REVIEW,
        name,
        gate=regulator_required,
        fetch=_startup,
        page=_detail_page,
        done=_queue_url,
        back=_detail_url,
    )


startup_confirm = _decision("confirm")
startup_reject = _decision("reject")


# --- mentors -------------------------------------------------------------------------------


@veteran_required
@require_GET
def mentoring(request):
    """The veteran's mentoring: as a mentor (what they offer), their requests, and the
    pairs they are in with the sessions recorded."""
    profile = profile_of(request.user)
    context = {"refusal": profile_complete.reason(request.user)}
    if profile is not None:
        context.update(
            mentor=Mentor.objects.filter(profile=profile)
            .select_related("industry", "region")
            .first(),
            requests=selectors.mentor_requests_visible_to(request.user).order_by("-created_at"),
            pairs=selectors.pairs_of(profile),
            session_form=SessionForm(),
            profile=profile,
        )
    return render(request, "startups/mentoring.html", context)


def _veteran_form_page(request, form, save, *, done: str, template: str):
    if save_form(request, form, save) is not None:
        messages.success(request, done)
        return redirect("startups:mentoring")
    context = {"form": form, "refusal": profile_complete.reason(request.user)}
    return render(request, template, context)


@veteran_required
@require_http_methods(["GET", "POST"])
def mentor_volunteer(request):
    profile = profile_of(request.user)
    mentor = Mentor.objects.filter(profile=profile).first() if profile else None
    form = MentorForm(request.POST or None, instance=mentor)
    return _veteran_form_page(
        request,
        form,
        lambda data: services.mentor_volunteer(user=request.user, **data),
        done=_("Thank you: the bureau may now pair you with veterans starting out."),
        template="startups/mentor_form.html",
    )


@veteran_required
@require_http_methods(["GET", "POST"])
def mentor_request(request):
    form = MentorRequestForm(request.POST or None)
    return _veteran_form_page(
        request,
        form,
        lambda data: services.mentor_request_create(user=request.user, **data),
        done=_("Your request is sent; the bureau of the city pairs you with a mentor."),
        template="startups/mentor_request_form.html",
    )


@veteran_required
@require_POST
def mentor_session(request, pk: int):
    profile = profile_required(request.user)
    pair = get_object_or_404(selectors.pairs_of(profile), pk=pk)
    form = SessionForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errors in form.errors.values() for e in errors))
        return redirect("startups:mentoring")
    run_service(
        request,
        lambda: services.mentor_session_record(pair=pair, user=request.user, **form.cleaned_data),
        _("The session is recorded."),
    )
    return redirect("startups:mentoring")


@regulator_required
@require_GET
def mentor_requests(request):
    """The region's requests waiting for a mentor, each with the pairs the portal suggests."""
    waiting = selectors.mentor_requests_visible_to(request.user).filter(status="open")
    page = paginate(request, waiting.order_by("created_at", "pk"))
    suggestions = selectors.mentor_suggestions(list(page))
    for item in page:
        item.suggestions = suggestions[item.pk]
    return render(request, "startups/mentor_requests.html", {"page_obj": page})


@regulator_required
@require_POST
def mentor_pair(request, pk: int):
    asked = get_object_or_404(selectors.mentor_requests_visible_to(request.user), pk=pk)
    mentor = get_object_or_404(Mentor.objects.all(), pk=request.POST.get("mentor") or 0)
    run_service(
        request,
        lambda: services.mentor_pair(request=asked, mentor=mentor, officer=request.user),
        _("The veteran is paired with the mentor; both have been told."),
    )
    return redirect("startups:mentor_requests")
