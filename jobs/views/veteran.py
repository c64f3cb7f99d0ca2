"""The veteran's job pages: a post, applying and reporting, my applications with their
timeline, and the nightly recommendations.

Objects come through selectors scoped to the user: another veteran's application is not
found (404) and nothing changes.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext
from django.views.decorators.http import require_GET, require_POST

from enterprises.selectors import target_provinces_of
from jobs.forms.contact import InterviewAcceptForm, InterviewNoteForm, InterviewRescheduleForm
from jobs.forms.veteran import ApplyForm, ReportForm
from jobs.matching.selectors import recommendations_for
from jobs.models import Application, Interview
from jobs.policies import may_apply
from jobs.reasons import recommendation_reasons
from jobs.selectors import applications_visible_to, posts_reachable_by, saved_post_ids
from jobs.services import application_submit, application_withdraw, post_report_create
from jobs.training.gaps import training_for_post, training_for_recommendations
from portal.accounts.decorators import veteran_required
from portal.accounts.models import AuditAction, AuditEvent
from portal.pagecache import visitor_page_cache
from portal.pagination import paginate
from portal.refusals import refusal_message, run_service
from portal.workflow import DomainError
from veterans.policies import consent_given, profile_complete
from veterans.selectors import profile_of, profiles_visible_to, resumes_visible_to

RECOMMENDATIONS_SHOWN = 50
POST_RELATED = (
    "branch__enterprise",
    "branch__region",
    "region__parent",
    "occupation",
    "industry",
    "agreement__batch",
)
# The application's audit trail, as the veteran reads it.
TIMELINE = {
    AuditAction.APPLICATION_SUBMITTED: gettext_lazy("You applied"),
    AuditAction.APPLICATION_VIEWED: gettext_lazy("The employer viewed your application"),
    AuditAction.APPLICATION_SHORTLISTED: gettext_lazy("You were shortlisted"),
    AuditAction.APPLICATION_INVITED_TO_INTERVIEW: gettext_lazy("You were invited to an interview"),
    AuditAction.APPLICATION_OFFERED: gettext_lazy("You received an offer"),
    AuditAction.APPLICATION_HIRED: gettext_lazy("You were hired"),
    AuditAction.APPLICATION_REJECTED: gettext_lazy("The employer did not select you this time"),
    AuditAction.APPLICATION_WITHDRAWN: gettext_lazy("You withdrew your application"),
    AuditAction.RESUME_ACCESSED: gettext_lazy("The employer opened your resume"),
}


def _posts_for(user):
    return posts_reachable_by(user).select_related(*POST_RELATED)


def _own_resumes(user):
    return resumes_visible_to(user).filter(veteran__user=user)


def _veteran_context(request, post, apply_form, report_form) -> dict:
    profile = profile_of(request.user)
    application = (
        Application.objects.filter(post=post, veteran=profile).first() if profile else None
    )
    return {
        "profile": profile,
        "application": application,
        "consented": consent_given.allows(request.user),
        "apply_form": apply_form or ApplyForm(resumes=_own_resumes(request.user)),
        "report_form": report_form or ReportForm(),
        "saved": post.pk in saved_post_ids(request.user, [post]),
        "training": training_for_post(request.user, post, profile),
    }


def _aimed_at(post) -> str:
    """The provinces a regional agreement aims the post at, as one phrase ("" for none)."""
    provinces = target_provinces_of(post.agreement) if post.agreement_id else []
    return pgettext("between the items of a list", ", ").join(p.local_name for p in provinces)


def _render_post(request, post, *, apply_form=None, report_form=None, status=200):
    context = {
        "post": post,
        "required_skills": list(post.required_skills.all()),
        "verification": post.verifications.first(),
        "closed_reason": may_apply.reason(post),
        "aimed_at": _aimed_at(post),
    }
    if request.user.is_authenticated and request.user.is_veteran:
        context.update(_veteran_context(request, post, apply_form, report_form))
    return render(request, "jobs/jobpost_detail.html", context, status=status)


@require_GET
@visitor_page_cache
def post_detail(request, pk: int):
    return _render_post(request, get_object_or_404(_posts_for(request.user), pk=pk))


def _refuse(request, post, message):
    messages.error(request, message)
    return redirect("jobs:post_detail", pk=post.pk)


@veteran_required
@require_POST
def post_apply(request, pk: int):
    post = get_object_or_404(_posts_for(request.user), pk=pk)
    profile = profile_of(request.user)
    if profile is None:
        messages.error(request, profile_complete.reason(request.user))
        return redirect("veterans:profile_step", step="identity")
    form = ApplyForm(request.POST, resumes=_own_resumes(request.user))
    if not form.is_valid():
        return _render_post(request, post, apply_form=form, status=400)
    try:
        application = application_submit(
            post=post,
            veteran=profile,
            note=form.cleaned_data["note"],
            resume=form.cleaned_data["resume"],
            share_contact=form.cleaned_data["share_contact"],
        )
    except DomainError as error:
        return _refuse(request, post, refusal_message(error))
    messages.success(request, _("Your application is sent. The employer will be in touch."))
    return redirect("jobs:application_detail", pk=application.pk)


@veteran_required
@require_POST
def post_report(request, pk: int):
    post = get_object_or_404(_posts_for(request.user), pk=pk)
    form = ReportForm(request.POST)
    if not form.is_valid():
        return _render_post(request, post, report_form=form, status=400)
    try:
        post_report_create(
            post=post,
            reporter=request.user,
            reason=form.cleaned_data["reason"],
            detail=form.cleaned_data["detail"],
        )
    except DomainError as error:
        return _refuse(request, post, refusal_message(error))
    messages.success(
        request, _("Thank you. The veterans affairs bureau of the region will look into it.")
    )
    return redirect("jobs:post_detail", pk=post.pk)


@veteran_required
@require_GET
def application_list(request):
    applications = applications_visible_to(request.user).order_by("-created_at", "-id")
    page = paginate(request, applications)
    return render(request, "jobs/application_list.html", {"page_obj": page})


def _timeline(application) -> list[dict]:
    """Every status change of the application, oldest first, from its audit trail (and the
    resume openings by the employer). Rows loaded without a trail (imports, demo data) still
    show when the veteran applied and where the application stands."""
    events = list(AuditEvent.objects.for_object(application))
    if application.resume_id:
        events += AuditEvent.objects.for_object(application.resume).filter(
            action=AuditAction.RESUME_ACCESSED, data__application=application.pk
        )
    events.sort(key=lambda event: (event.created_at, event.pk))
    items = [
        {"label": TIMELINE[event.action], "at": event.created_at, "note": event.note}
        for event in events
        if event.action in TIMELINE
    ]
    submitted = AuditAction.APPLICATION_SUBMITTED
    if not any(event.action == submitted for event in events):
        items.insert(0, {"label": TIMELINE[submitted], "at": application.created_at})
    current = Application.STATUS_ACTIONS[application.status]
    if current not in {event.action for event in events} and current != submitted:
        items.append({"label": TIMELINE[current], "at": application.updated_at})
    return items


@veteran_required
@require_GET
def application_detail(request, pk: int):
    application = get_object_or_404(
        applications_visible_to(request.user).select_related("post__occupation"), pk=pk
    )
    return render(
        request,
        "jobs/application_detail.html",
        {
            "application": application,
            "timeline": _timeline(application),
            "can_withdraw": application.can_move_to(Application.Status.WITHDRAWN),
            **_interview_context(application),
        },
    )


def _interview_context(application) -> dict:
    """The application's interviews, newest first, and the forms to answer an open one."""
    interviews = list(
        application.interviews.select_related("chosen_slot").prefetch_related("slots")
    )
    proposed = next((i for i in interviews if i.status == Interview.Status.PROPOSED), None)
    return {
        "interviews": interviews,
        "proposed": proposed,
        "accept_form": InterviewAcceptForm(interview=proposed) if proposed else None,
        "reschedule_form": InterviewRescheduleForm(),
        "decline_form": InterviewNoteForm(),
    }


@veteran_required
@require_POST
def application_withdraw_view(request, pk: int):
    application = get_object_or_404(applications_visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: application_withdraw(application=application, veteran=application.veteran),
        _("Your application is withdrawn."),
    )
    return redirect("jobs:application_detail", pk=application.pk)


@veteran_required
@require_GET
def recommendations(request):
    profile = (
        profiles_visible_to(request.user)
        .filter(user=request.user)
        .select_related("military_specialty")
        .prefetch_related("military_specialty__crosswalk", "preferred_industries")
        .first()
    )
    items, training = [], None
    if profile is not None:
        applied = set(profile.applications.values_list("post_id", flat=True))
        recs = list(recommendations_for(request.user)[:RECOMMENDATIONS_SHOWN])
        training = training_for_recommendations(request.user, [rec.post_id for rec in recs])
        items = [
            {
                "rec": rec,
                "reasons": recommendation_reasons(rec, profile),
                "applied": rec.post_id in applied,
                "missing": training["missing"].get(rec.post_id, []),
            }
            for rec in recs
        ]
    context = {"profile": profile, "items": items, "training": training}
    return render(request, "jobs/recommendation_list.html", context)
