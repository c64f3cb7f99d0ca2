"""Hires made at a recruitment event or directly: recorded by the enterprise or the bureau
(jobs/services/hires.py), answered by the veteran; attendance at events."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import selectors, services
from jobs.forms.bureau import OfflineHireForm
from jobs.models import EventRegistration, OfflineHire
from portal.accounts.decorators import bureau_required, role_required, veteran_required
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service

recorder_required = role_required("enterprise", "bureau")


@recorder_required
def offline_hire_list(request):
    hires = selectors.offline_hires_visible_to(request.user).order_by("-created_at", "-pk")
    return render(request, "jobs/offlinehire_list.html", {"page_obj": paginate(request, hires)})


@recorder_required
def offline_hire_create(request):
    form = OfflineHireForm(request.POST or None, user=request.user)
    hire = save_form(
        request,
        form,
        lambda data: services.offline_hire_record(recorder=request.user, **data),
    )
    if hire is not None:
        messages.success(
            request,
            _("The hire is recorded; it counts once the veteran confirms it.")
            if hire.veteran_id
            else _("The hire is recorded and the veteran is invited by e-mail to confirm it."),
        )
        return redirect("jobs:offline_hire_list")
    return render(request, "jobs/offlinehire_form.html", {"form": form})


def _hire_for(request, token: str) -> OfflineHire:
    """The hire the token names, if it names the signed-in veteran (else 404). An invited
    veteran without an account is sent to log in (or sign up) and comes back here."""
    hires = selectors.offline_hires_visible_to(request.user)
    return get_object_or_404(hires, token=token)


@veteran_required
def offline_hire_answer(request, token: str):
    hire = _hire_for(request, token)
    return render(request, "jobs/offlinehire_answer.html", {"hire": hire})


@require_POST
@veteran_required
def offline_hire_confirm(request, token: str):
    hire = _hire_for(request, token)
    run_service(
        request,
        lambda: services.offline_hire_confirm(hire=hire, user=request.user),
        _("Thank you: the hire is confirmed. The veterans-affairs bureau will follow it up."),
    )
    return redirect("jobs:offline_hire_answer", token=token)


@require_POST
@veteran_required
def offline_hire_decline(request, token: str):
    hire = _hire_for(request, token)
    run_service(
        request,
        lambda: services.offline_hire_decline(hire=hire, user=request.user),
        _("The hire is declined; whoever recorded it has been told."),
    )
    return redirect("jobs:offline_hire_answer", token=token)


@require_POST
@bureau_required
def event_attendance(request, pk: int):
    """Mark a registration attended (attended=1) or not (attended=0)."""
    registrations = EventRegistration.objects.filter(
        event__in=selectors.events_visible_to(request.user)
    )
    registration = get_object_or_404(registrations, pk=pk)
    run_service(
        request,
        lambda: services.event_attendance_record(
            registration=registration,
            recorder=request.user,
            attended=request.POST.get("attended", "1") == "1",
        ),
        _("Attendance is recorded."),
    )
    return redirect("jobs:event_detail", pk=registration.event_id)
