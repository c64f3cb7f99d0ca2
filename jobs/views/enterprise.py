"""Pages of the enterprise's staff: its own posts and the applicant pipeline of those posts.

Every object is fetched through a selector scoped to the user's enterprise, so another
enterprise's post or application answers 404; every change is one service call.
"""

import copy

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import selectors, services
from jobs.forms.contact import InterviewProposeForm
from jobs.forms.enterprise import (
    ApplicationAdvanceForm,
    ApplicationHireForm,
    JobPostForm,
    PipelineFilterForm,
    PostStatusFilterForm,
)
from jobs.models import Application, JobPost
from jobs.policies import may_propose_interview
from jobs.selectors import staff_enterprise_id
from portal.accounts.decorators import enterprise_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import add_service_error, save_form
from portal.pagination import paginate
from portal.refusals import refusal_message
from portal.workflow import DomainError
from veterans.services import veteran_profiles_viewed

# The order the pipeline's buttons appear in; "rejected" last, apart from the others.
STEP_ORDER = [s for s in Application.Status.values if s in services.PIPELINE_STEPS]
# Posts that may be posted again (jobs.policies.may_repost_post decides).
ENDED_STATUSES = (JobPost.Status.CLOSED, JobPost.Status.EXPIRED, JobPost.Status.FILLED)


def _refused(request, error) -> None:
    messages.error(request, refusal_message(error))


# --- posts -------------------------------------------------------------------------------


@enterprise_required
def enterprise_post_list(request):
    form = PostStatusFilterForm(request.GET or None)
    status = form.cleaned_data["status"] if form.is_valid() else None
    context = {
        "form": form,
        "page_obj": paginate(request, selectors.enterprise_post_list(request.user, status=status)),
        "editable_statuses": services.EDITABLE_STATUSES,
        "ended_statuses": ENDED_STATUSES,
    }
    return render(request, "jobs/jobpost_enterprise_list.html", context)


@enterprise_required
def enterprise_post_create(request):
    enterprise_id = staff_enterprise_id(request.user)
    form = JobPostForm(request.POST or None, enterprise_id=enterprise_id)
    post = save_form(
        request, form, lambda data: services.job_post_create(author=request.user, **data)
    )
    if post is not None:
        messages.success(
            request, _("The post is saved as a draft. Submit it for review when it is ready.")
        )
        return redirect("jobs:enterprise_post_edit", pk=post.pk)
    has_branch = form.fields["branch"].queryset.exists()
    return render(
        request, "jobs/jobpost_enterprise_form.html", {"form": form, "has_branch": has_branch}
    )


@enterprise_required
def enterprise_post_edit(request, pk: int):
    post = get_object_or_404(selectors.enterprise_posts_of(request.user), pk=pk)
    was_published = post.status == JobPost.Status.PUBLISHED
    # The form validates a copy: a ModelForm writes the input onto its instance, and the
    # page should show the post as it is stored, not as typed.
    form = JobPostForm(
        request.POST or None,
        instance=copy.copy(post),
        enterprise_id=staff_enterprise_id(request.user),
    )
    saved = save_form(
        request, form, lambda data: services.job_post_update(post=post, editor=request.user, **data)
    )
    if saved is not None:
        if was_published and saved.status == JobPost.Status.PENDING:
            messages.warning(request, _("The post was changed materially and is back in review."))
        else:
            messages.success(request, _("The post is saved."))
        return redirect("jobs:enterprise_post_edit", pk=saved.pk)
    context = {
        "form": form,
        "post": post,
        "editable": post.status in services.EDITABLE_STATUSES,
        "trail": audit_trail_for(post),
    }
    return render(request, "jobs/jobpost_enterprise_form.html", context)


@require_POST
@enterprise_required
def enterprise_post_submit(request, pk: int):
    post = get_object_or_404(selectors.enterprise_posts_of(request.user), pk=pk)
    try:
        services.job_post_submit(post=post, actor=request.user)
    except (DomainError, ValidationError) as error:
        _refused(request, error)
    else:
        messages.success(request, _("The post is submitted for review."))
    return redirect("jobs:enterprise_post_list")


@require_POST
@enterprise_required
def enterprise_post_close(request, pk: int):
    post = get_object_or_404(selectors.enterprise_posts_of(request.user), pk=pk)
    try:
        services.job_post_close(post=post, actor=request.user)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(request, _("The post is closed; it no longer takes applications."))
    return redirect("jobs:enterprise_post_list")


# --- the applicant pipeline ---------------------------------------------------------------


@enterprise_required
def pipeline(request):
    form = PipelineFilterForm(
        request.GET or None, posts=selectors.pipeline_post_choices(request.user)
    )
    chosen = form.cleaned_data if form.is_valid() else {}
    applications = selectors.pipeline_applications(
        request.user, post=chosen.get("post"), status=chosen.get("status")
    )
    page = paginate(request, applications)
    return render(request, "jobs/application_pipeline.html", {"form": form, "page_obj": page})


def _next_steps(application: Application) -> list[str]:
    allowed = application.TRANSITIONS.get(application.status, ())
    return [step for step in STEP_ORDER if step in allowed]


@enterprise_required
def applicant_detail(request, pk: int):
    application = get_object_or_404(selectors.applicants_of(request.user), pk=pk)
    return _applicant_page(request, application)


def _applicant_page(request, application, propose_form=None, status=200):
    veteran = application.veteran
    veteran_profiles_viewed(profiles=[veteran], actor=request.user, via="applicant_detail")
    context = {
        "application": application,
        "veteran": veteran,
        "skills": selectors.applicant_skills(application),
        "next_steps": _next_steps(application),
        "can_hire": application.status == Application.Status.OFFERED,
        "advance_form": ApplicationAdvanceForm(),
        "hire_form": ApplicationHireForm(),
        "placement": getattr(application, "placement", None)
        if application.status == Application.Status.HIRED
        else None,
        "trail": audit_trail_for(application),
        "interviews": selectors.application_interviews(application),
        "propose_refusal": may_propose_interview.reason(application),
        "propose_form": propose_form or InterviewProposeForm(initial=_contact(request.user)),
    }
    return render(request, "jobs/application_enterprise_detail.html", context, status=status)


def _contact(user) -> dict:
    return {"contact_name": user.get_full_name() or user.username, "minutes": 60}


@require_POST
@enterprise_required
def interview_propose(request, pk: int):
    application = get_object_or_404(selectors.applicants_of(request.user), pk=pk)
    form = InterviewProposeForm(request.POST)
    if not form.is_valid():
        return _applicant_page(request, application, propose_form=form, status=400)
    try:
        services.interview_propose(
            application=application, actor=request.user, **form.service_data()
        )
    except ValidationError as error:  # the times or the place: beside the fields
        add_service_error(form, error)
        return _applicant_page(request, application, propose_form=form, status=400)
    except DomainError as error:  # a rule: told as the API tells it
        _refused(request, error)
        return redirect("jobs:applicant_detail", pk=application.pk)
    messages.success(
        request, _("The interview is proposed; the applicant is told and will choose a time.")
    )
    return redirect("jobs:applicant_detail", pk=application.pk)


@enterprise_required
def applicant_resume(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    try:
        resume = services.application_resume_open(application=application, actor=request.user)
        handle = resume.file.open("rb")
    except DomainError as error:
        _refused(request, error)
        return redirect("jobs:applicant_detail", pk=application.pk)
    except OSError:
        raise Http404 from None
    return FileResponse(
        handle, as_attachment=True, filename=resume.original_name, content_type="application/pdf"
    )


@enterprise_required
def applicant_contact(request, pk: int):
    """The applicant's full mobile number and e-mail address, when they agreed to share
    them with this enterprise; each showing is an audit event on the profile."""
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    try:
        contact = services.application_contact_reveal(application=application, actor=request.user)
    except DomainError as error:
        _refused(request, error)
        return redirect("jobs:applicant_detail", pk=application.pk)
    context = {"application": application, "veteran": application.veteran, "contact": contact}
    return render(request, "jobs/application_contact.html", context)


@require_POST
@enterprise_required
def application_advance(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = ApplicationAdvanceForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please choose a next step."))
        return redirect("jobs:applicant_detail", pk=application.pk)
    try:
        application = services.application_advance(
            application=application, actor=request.user, **form.cleaned_data
        )
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request,
            _("The application is now “%(status)s”; the applicant is told by e-mail.")
            % {"status": application.get_status_display()},
        )
    return redirect("jobs:applicant_detail", pk=application.pk)


@require_POST
@enterprise_required
def application_hire(request, pk: int):
    application = get_object_or_404(selectors.applications_visible_to(request.user), pk=pk)
    form = ApplicationHireForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Please give a valid start date."))
        return redirect("jobs:applicant_detail", pk=application.pk)
    try:
        services.application_hire(application=application, actor=request.user, **form.cleaned_data)
    except DomainError as error:
        _refused(request, error)
    else:
        messages.success(
            request, _("The applicant is hired; the bureau will follow up the placement.")
        )
    return redirect("jobs:applicant_detail", pk=application.pk)
