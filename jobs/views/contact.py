"""Pages where people reach each other about an application: interviews (proposed by the
enterprise, answered by the applicant), the message thread, reports of messages in the
bureau's queue, and invitations to apply.

Objects come through selectors scoped to the user (another's answer 404); each change is
one service call, and its refusal is told as the API tells it.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from jobs import selectors, services
from jobs.forms.contact import (
    InterviewAcceptForm,
    InterviewNoteForm,
    InterviewRescheduleForm,
    InvitationForm,
    MessageForm,
    MessageReportForm,
)
from jobs.matching.selectors import invitable_candidates
from jobs.models import Invitation, Message
from jobs.policies import may_send_message
from jobs.reasons import recommendation_reasons
from jobs.reviews import MESSAGE_REPORT_REVIEW
from portal.accounts.decorators import bureau_required, enterprise_required, veteran_required
from portal.pagination import paginate
from portal.refusals import REFUSALS, refusal_message, run_service
from portal.review import FindingForm, decision_view, review_panel
from veterans.selectors import profile_of

THREAD_SHOWN = 100  # the newest messages a thread page shows


def _form_refused(request, form) -> None:
    """A form's first error as the page's message (the forms here sit on other pages)."""
    errors = [error for field_errors in form.errors.values() for error in field_errors]
    messages.error(request, errors[0] if errors else _("Please check the input."))


# --- interviews: the applicant's answers ----------------------------------------------------


def _own_interview(request, pk):
    return get_object_or_404(selectors.interviews_visible_to(request.user), pk=pk)


def _back_to_application(interview):
    return redirect("jobs:application_detail", pk=interview.application_id)


@require_POST
@veteran_required
def interview_accept(request, pk: int):
    interview = _own_interview(request, pk)
    form = InterviewAcceptForm(request.POST, interview=interview)
    if not form.is_valid():
        _form_refused(request, form)
        return _back_to_application(interview)
    run_service(
        request,
        lambda: services.interview_accept(
            interview=interview, veteran=profile_of(request.user), slot=form.cleaned_data["slot"]
        ),
        _("The interview is confirmed. The e-mail has a calendar entry for it."),
    )
    return _back_to_application(interview)


@require_POST
@veteran_required
def interview_decline(request, pk: int):
    interview = _own_interview(request, pk)
    form = InterviewNoteForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.interview_decline(
                interview=interview, veteran=profile_of(request.user), **form.cleaned_data
            ),
            _("You declined the interview; the employer has been told."),
        )
    else:
        _form_refused(request, form)
    return _back_to_application(interview)


@require_POST
@veteran_required
def interview_reschedule(request, pk: int):
    interview = _own_interview(request, pk)
    form = InterviewRescheduleForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.interview_ask_another_time(
                interview=interview, veteran=profile_of(request.user), **form.cleaned_data
            ),
            _("The employer is asked for another time and will propose again."),
        )
    else:
        _form_refused(request, form)
    return _back_to_application(interview)


# --- interviews: the enterprise's side ------------------------------------------------------


@require_GET
@enterprise_required
def interview_list(request):
    page = paginate(request, selectors.upcoming_interviews_for(request.user))
    return render(request, "jobs/interview_list.html", {"page_obj": page})


@require_POST
@enterprise_required
def interview_cancel(request, pk: int):
    interview = _own_interview(request, pk)
    form = InterviewNoteForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.interview_cancel(
                interview=interview, actor=request.user, **form.cleaned_data
            ),
            _("The interview is cancelled; the applicant has been told."),
        )
    return redirect("jobs:applicant_detail", pk=interview.application_id)


# --- the message thread ----------------------------------------------------------------------


def _thread_page(request, application, form=None, status=200):
    thread = list(selectors.messages_of(application).select_related(None))[-THREAD_SHOWN:]
    side = services.message_side(application, request.user)
    context = {
        "application": application,
        "thread": thread,
        "side": side,
        "form": form or MessageForm(),
        "report_form": MessageReportForm(),
        "closed_reason": may_send_message.reason(application, request.user),
        "back": reverse(
            "jobs:application_detail" if side == Message.Side.VETERAN else "jobs:applicant_detail",
            args=[application.pk],
        ),
    }
    return render(request, "jobs/message_thread.html", context, status=status)


@require_GET
@login_required
def message_thread(request, pk: int):
    application = get_object_or_404(selectors.threads_visible_to(request.user), pk=pk)
    return _thread_page(request, application)


@require_POST
@login_required
def message_send(request, pk: int):
    application = get_object_or_404(selectors.threads_visible_to(request.user), pk=pk)
    form = MessageForm(request.POST)
    if not form.is_valid():
        return _thread_page(request, application, form, status=400)
    try:
        services.message_send(application=application, sender=request.user, **form.cleaned_data)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("jobs:message_thread", pk=application.pk)
    messages.success(request, _("Your message is sent."))
    return redirect("jobs:message_thread", pk=application.pk)


@require_POST
@login_required
def message_report(request, pk: int):
    threads = selectors.threads_visible_to(request.user)
    message = get_object_or_404(Message.objects.filter(application__in=threads), pk=pk)
    form = MessageReportForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.message_report_create(
                message=message, reporter=request.user, **form.cleaned_data
            ),
            _("Thank you. The veterans affairs bureau of the region will look into it."),
        )
    else:
        _form_refused(request, form)
    return redirect("jobs:message_thread", pk=message.application_id)


@require_GET
@bureau_required
def message_report_queue(request):
    page = paginate(request, selectors.message_reports_queue(request.user))
    reports = [
        {
            "report": report,
            "review": review_panel(MESSAGE_REPORT_REVIEW, request.user, report, events=None),
            "form": FindingForm(auto_id=f"id_message_report{report.pk}_%s"),
        }
        for report in page
    ]
    return render(request, "jobs/messagereport_queue.html", {"page_obj": page, "reports": reports})


def _message_report(request, pk):
    return get_object_or_404(selectors.message_reports_visible_to(request.user), pk=pk)


def _message_report_page(request, report, bound):
    for form in bound.values():
        _form_refused(request, form)
    return redirect("jobs:message_report_queue")


def _message_report_decision(name: str):
    return decision_view(
        MESSAGE_REPORT_REVIEW,
        name,
        gate=bureau_required,
        fetch=_message_report,
        page=_message_report_page,
        done=lambda pk: reverse("jobs:message_report_queue"),
        back=lambda pk: reverse("jobs:message_report_queue"),
    )


message_report_uphold = _message_report_decision("uphold")
message_report_dismiss = _message_report_decision("dismiss")


# --- invitations to apply ----------------------------------------------------------------------


@require_POST
@enterprise_required
def candidate_invite(request, pk: int):
    own = selectors.posts_visible_to(request.user).filter(
        branch__enterprise_id=selectors.staff_enterprise_id(request.user)
    )
    post = get_object_or_404(own, pk=pk)
    form = InvitationForm(request.POST)
    if not form.is_valid():
        _form_refused(request, form)
        return redirect("jobs:enterprise_post_candidates", pk=post.pk)
    candidate = get_object_or_404(
        invitable_candidates(request.user, post), veteran_id=form.cleaned_data["veteran"]
    )
    run_service(
        request,
        lambda: services.invitation_send(
            post=post, candidate=candidate, actor=request.user, note=form.cleaned_data["note"]
        ),
        _("The invitation is sent. The candidate sees it with the reasons they fit."),
    )
    return redirect("jobs:enterprise_post_candidates", pk=post.pk)


@require_GET
@veteran_required
def invitation_list(request):
    invitations = selectors.invitations_visible_to(request.user).prefetch_related(
        "veteran__military_specialty__crosswalk", "veteran__preferred_industries"
    )
    page = paginate(request, invitations.order_by("-created_at", "-pk"))
    items = [
        {"invitation": each, "reasons": recommendation_reasons(each, each.veteran)} for each in page
    ]
    return render(request, "jobs/invitation_list.html", {"page_obj": page, "items": items})


def _own_invitation(request, pk) -> Invitation:
    return get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)


@require_POST
@veteran_required
def invitation_apply(request, pk: int):
    invitation = _own_invitation(request, pk)
    try:
        invitation = services.invitation_apply(
            invitation=invitation, veteran=profile_of(request.user)
        )
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("jobs:invitation_list")
    messages.success(request, _("Your application is sent. The employer will be in touch."))
    return redirect("jobs:application_detail", pk=invitation.application_id)


@require_POST
@veteran_required
def invitation_decline(request, pk: int):
    invitation = _own_invitation(request, pk)
    run_service(
        request,
        lambda: services.invitation_decline(
            invitation=invitation, veteran=profile_of(request.user)
        ),
        _("You declined the invitation; the enterprise has been told."),
    )
    return redirect("jobs:invitation_list")
