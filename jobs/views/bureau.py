"""Bureau pages of the jobs app: the post review queue and decisions, verifications,
post reports, placement follow-ups and recruitment events (the veteran's side of the
events too: the list of upcoming events and registration)."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Q,
    Subquery,
)
from django.db.models.functions import Coalesce
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jobs import selectors, services
from jobs.forms.bureau import (
    FollowUpFilter,
    FollowUpForm,
    RecruitmentEventForm,
    VerificationForm,
)
from jobs.models import EventRegistration, JobPost, Placement, RecruitmentEvent
from jobs.policies import may_oversee_event, may_review_post
from jobs.reviews import POST_REVIEW, REPORT_REVIEW
from portal.accounts.decorators import bureau_required, regulator_required, veteran_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import save_form
from portal.pagination import paginate, paginate_narrow
from portal.refusals import run_service
from portal.review import (
    FindingForm,
    bulk_decision_view,
    decision_view,
    review_panel,
)
from veterans.policies import profile_complete

# Post review ---------------------------------------------------------------------------


@bureau_required
def post_review_queue(request):
    page = paginate(request, selectors.post_review_queue(request.user))
    return render(request, "jobs/jobpost_review_queue.html", {"page_obj": page})


def _post(request, pk) -> JobPost:
    return get_object_or_404(selectors.posts_overseen_by(request.user), pk=pk)


def _post_page(request, post: JobPost, bound=None):
    bound = bound or {}
    trail = audit_trail_for(post)
    return render(
        request,
        "jobs/jobpost_review.html",
        {
            "post": post,
            "review": review_panel(POST_REVIEW, request.user, post, trail, bound),
            "may_verify": may_review_post.allows(request.user, post),
            "verification_form": bound.get("verify") or VerificationForm(),
            "skills": post.required_skills.all(),
            "verifications": post.verifications.select_related("verified_by").prefetch_related(
                "evidence"
            ),
            "reports": post.reports.select_related("handled_by").order_by("-created_at"),
        },
    )


@regulator_required
def post_review(request, pk):
    return _post_page(request, _post(request, pk))


def _post_decision(name: str):
    return decision_view(
        POST_REVIEW,
        name,
        gate=regulator_required,
        fetch=_post,
        page=_post_page,
        done=lambda pk: reverse("jobs:post_review_queue"),
        back=lambda pk: reverse("jobs:post_review", args=[pk]),
    )


post_approve = _post_decision("approve")
post_reject = _post_decision("reject")


def _post_bulk_decision(name: str):
    """Approve or reject the posts ticked on the queue, one reason for all."""
    return bulk_decision_view(
        POST_REVIEW,
        name,
        gate=bureau_required,
        selector=selectors.posts_overseen_by,
        done="jobs:post_review_queue",
    )


post_bulk_approve = _post_bulk_decision("approve")
post_bulk_reject = _post_bulk_decision("reject")


@require_POST
@bureau_required
def post_verify(request, pk):
    post = _post(request, pk)
    form = VerificationForm(request.POST, request.FILES)
    if not form.is_valid():
        return _post_page(request, post, bound={"verify": form})
    run_service(
        request,
        lambda: services.verification_record(
            post=post, bureau_user=request.user, **form.cleaned_data
        ),
        _("The verification is recorded."),
    )
    return redirect("jobs:post_review", pk=post.pk)


# Verification work list ----------------------------------------------------------------


@bureau_required
def verification_work_list(request):
    """Published posts of the region due for a check, and each agreement's verified share
    this quarter against the sampling target."""
    posts = selectors.posts_due_for_verification(request.user)
    context = {
        "page_obj": paginate(request, posts),
        "shares": selectors.agreement_verification_shares(request.user),
        "interval_days": settings.VERIFICATION_INTERVAL_DAYS,
        "target_percent": f"{settings.VERIFICATION_SAMPLING_TARGET:.0%}",
    }
    return render(request, "jobs/verification_work_list.html", context)


@regulator_required
def verification_evidence(request, pk):
    """An evidence file, to the regulators over its post only (404 for anyone else); a
    photo is shown in the browser, a PDF downloaded; never reachable by a public URL."""
    evidence = get_object_or_404(selectors.verification_evidence_visible_to(request.user), pk=pk)
    handle = services.verification_evidence_open(evidence=evidence, actor=request.user)
    return FileResponse(
        handle,
        as_attachment=evidence.kind == evidence.Kind.PDF,
        filename=evidence.original_name,
        content_type=evidence.content_type,
    )


# Post reports --------------------------------------------------------------------------


@bureau_required
def report_queue(request):
    page = paginate(request, selectors.post_reports_queue(request.user))
    # One finding box a report, each with ids of its own; its buttons are the decisions.
    reports = [
        {
            "report": report,
            "review": review_panel(REPORT_REVIEW, request.user, report, events=None),
            "form": FindingForm(auto_id=f"id_report{report.pk}_%s"),
        }
        for report in page
    ]
    context = {"page_obj": page, "reports": reports}
    return render(request, "jobs/postreport_queue.html", context)


def _report_page(request, report, bound):
    """The queue has no room for a report's form errors: the first one is told instead."""
    errors = next(iter(bound.values())).errors
    messages.error(request, next(iter(errors.values()))[0])
    return redirect("jobs:report_queue")


def _report(request, pk):
    return get_object_or_404(selectors.post_reports_visible_to(request.user), pk=pk)


def _report_queue(pk) -> str:
    return reverse("jobs:report_queue")


def _report_decision(name: str):
    return decision_view(
        REPORT_REVIEW,
        name,
        gate=regulator_required,
        fetch=_report,
        page=_report_page,
        done=_report_queue,
        back=_report_queue,
    )


report_confirm = _report_decision("confirm")
report_dismiss = _report_decision("dismiss")


# Follow-ups ----------------------------------------------------------------------------


# Due follow-ups first, then the scheduled ones, the recorded last; each by due date.
@regulator_required
def follow_up_list(request):
    filters = FollowUpFilter(request.GET)
    status = filters.cleaned_data["status"] if filters.is_valid() else ""
    rows = selectors.follow_up_list(request.user, status=status)
    context = {"filter": filters, "page_obj": paginate_narrow(request, rows), "status": status}
    return render(request, "jobs/followup_list.html", context)


@bureau_required
def follow_up_record(request, pk):
    follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
    form = FollowUpForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        recorded = run_service(
            request,
            lambda: services.follow_up_record(
                follow_up=follow_up, recorder=request.user, **form.cleaned_data
            ),
            _("The follow-up is recorded."),
        )
        if recorded:
            return redirect("jobs:follow_up_list")
    context = {"follow_up": follow_up, "form": form, "events": audit_trail_for(follow_up)}
    return render(request, "jobs/followup_record.html", context)


@bureau_required
def follow_up_contact(request, pk):
    """The placed veteran's number (the profile's, not the account's) for the officer who
    calls them; each showing is an audit event on the profile."""
    follow_up = get_object_or_404(selectors.follow_ups_visible_to(request.user), pk=pk)
    contact = services.follow_up_contact_reveal(follow_up=follow_up, actor=request.user)
    context = {"follow_up": follow_up, "veteran": follow_up.placement.veteran, "contact": contact}
    return render(request, "jobs/followup_contact.html", context)


# Recruitment events --------------------------------------------------------------------


def _events_for(user):
    hires = Placement.objects.filter(event=OuterRef("pk")).order_by().values("event")
    events = selectors.events_visible_to(user).annotate(
        registered_count=Count("registrations"),
        attended_count=Count("registrations", filter=Q(registrations__attended=True)),
        hires_count=Coalesce(Subquery(hires.annotate(n=Count("pk")).values("n")), 0),
    )
    if user.is_veteran:
        mine = EventRegistration.objects.filter(event=OuterRef("pk"), veteran__user=user)
        events = events.annotate(is_registered=Exists(mine))
    return events


@login_required
def event_list(request):
    """A bureau's events of its region, past ones too; everyone else the upcoming ones."""
    events = _events_for(request.user)
    if request.user.is_bureau:
        events = events.order_by("-starts_at", "-pk")
    else:
        events = events.filter(ends_at__gt=timezone.now()).order_by("starts_at", "pk")
    page = paginate(request, events)
    return render(request, "jobs/recruitmentevent_list.html", {"page_obj": page})


@bureau_required
def event_create(request):
    form = RecruitmentEventForm(request.POST or None, user=request.user)
    event = save_form(
        request,
        form,
        lambda data: services.recruitment_event_create(organiser=request.user, **data),
    )
    if event is not None:
        messages.success(request, _("The recruitment event is published."))
        return redirect("jobs:event_detail", pk=event.pk)
    return render(request, "jobs/recruitmentevent_form.html", {"form": form})


def _event_registrations(request, event: RecruitmentEvent):
    """The list of registrations, for the regulators over the event's region only."""
    if not may_oversee_event.allows(request.user, event):
        return None
    registrations = event.registrations.select_related("veteran__user", "veteran__home_region")
    return paginate(request, registrations.order_by("registered_at", "pk"))


@login_required
def event_detail(request, pk):
    event = get_object_or_404(_events_for(request.user), pk=pk)
    posts = event.posts.select_related("branch__enterprise", "region").order_by("title")
    if not (request.user.is_bureau or request.user.is_ministry):
        posts = posts.filter(status=JobPost.Status.PUBLISHED)
    context = {
        "event": event,
        "seats_left": max(event.capacity - event.registered_count, 0),
        "is_open": event.starts_at > timezone.now(),
        "enterprises": event.enterprises.order_by("name"),
        "posts": posts,
        "registrations": _event_registrations(request, event),
        "events": audit_trail_for(event) if may_oversee_event.allows(request.user, event) else None,
    }
    return render(request, "jobs/recruitmentevent_detail.html", context)


def _as_veteran(request, pk, *, service, success):
    event = get_object_or_404(selectors.events_visible_to(request.user), pk=pk)
    profile = getattr(request.user, "veteran_profile", None)
    if profile is None:
        messages.error(request, profile_complete.reason(request.user))
    else:
        run_service(request, lambda: service(event=event, veteran=profile), success)
    return redirect("jobs:event_detail", pk=event.pk)


@require_POST
@veteran_required
def event_register(request, pk):
    return _as_veteran(
        request,
        pk,
        service=services.event_registration_create,
        success=_("You are registered. Please bring your veteran card to the event."),
    )


@require_POST
@veteran_required
def event_unregister(request, pk):
    return _as_veteran(
        request,
        pk,
        service=services.event_registration_cancel,
        success=_("Your registration is cancelled."),
    )
