"""Pages of the quarterly communication: each organisation's notices, the bureau's queue
of pledge follow-ups, and the quarterly meetings with their action items.

Every page is for the communication's parties (organisation_staff_required, the gate the
API's IsOrganisationStaff shares) and reads through a selector of the user's own notices,
tasks or meetings, so another organisation's answers 404; every change calls one service."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from dashboards import notices, selectors, services
from dashboards.forms import ActionItemDoneForm, ActionItemFormSet, FollowUpCloseForm, MeetingForm
from dashboards.models import PledgeFollowUp
from portal.accounts.decorators import (
    bureau_required,
    organisation_staff_required,
    regulator_required,
)
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service


@organisation_staff_required
def notice_list(request):
    rows = selectors.notices_of(request.user).select_related("enterprise", "region")
    return render(request, "dashboards/notice_list.html", {"page_obj": paginate(request, rows)})


@organisation_staff_required
def notice_detail(request, pk: int):
    notice = get_object_or_404(
        selectors.notices_of(request.user).select_related("enterprise", "region"), pk=pk
    )
    recipient = notice.enterprise or notice.region or ""
    context = notices.notice_context(notice, getattr(recipient, "local_name", recipient))
    follow_up = selectors.notice_follow_up_of(request.user, notice)
    return render(request, "dashboards/notice_detail.html", context | {"follow_up": follow_up})


@bureau_required
def pledge_follow_up_list(request):
    status = request.GET.get("status", PledgeFollowUp.Status.OPEN)
    rows = selectors.pledge_follow_ups_for(request.user, status=status)
    context = {"page_obj": paginate(request, rows), "status": status}
    return render(request, "dashboards/pledgefollowup_list.html", context)


@bureau_required
def pledge_follow_up_close(request, pk: int):
    follow_up = get_object_or_404(selectors.pledge_follow_ups_for(request.user), pk=pk)
    form = FollowUpCloseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        closed = run_service(
            request,
            lambda: services.pledge_follow_up_close(
                follow_up=follow_up, actor=request.user, note=form.cleaned_data["note"]
            ),
            _("The follow-up is closed."),
        )
        if closed:
            return redirect("dashboards:pledge_follow_up_list")
    context = {"follow_up": follow_up, "form": form}
    return render(request, "dashboards/pledgefollowup_close.html", context)


@organisation_staff_required
def meeting_list(request):
    context = {
        "page_obj": paginate(request, selectors.meeting_list_of(request.user)),
        "open_items": selectors.open_action_items_of(request.user),
        "may_record": request.user.is_ministry or request.user.is_bureau,
    }
    return render(request, "dashboards/quarterlymeeting_list.html", context)


@organisation_staff_required
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(selectors.meeting_pages_of(request.user), pk=pk)
    context = {
        "meeting": meeting,
        "participants": meeting.participants.all(),
        "items": meeting.action_items.all(),
        "done_form": ActionItemDoneForm(),
    }
    return render(request, "dashboards/quarterlymeeting_detail.html", context)


@regulator_required
def meeting_record(request):
    form = MeetingForm(request.POST or None)
    items = ActionItemFormSet(request.POST or None, prefix="items")
    if request.method == "POST" and items.is_valid():
        chosen = [item for item in items.cleaned_data if item.get("text")]
        meeting = save_form(
            request,
            form,
            lambda data: services.quarterly_meeting_record(
                actor=request.user,
                held_on=data["held_on"],
                title=data["title"],
                minutes=data["minutes"],
                participants=data["participant_addresses"],
                items=chosen,
            ),
        )
        if meeting is not None:
            messages.success(
                request, _("The meeting is recorded; each owner of an action item has been told.")
            )
            return redirect("dashboards:meeting_detail", pk=meeting.pk)
    return render(request, "dashboards/quarterlymeeting_form.html", {"form": form, "items": items})


@organisation_staff_required
@require_POST
def action_item_done(request, pk: int):
    item = get_object_or_404(selectors.action_items_of(request.user), pk=pk)
    form = ActionItemDoneForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.action_item_complete(
                item=item, actor=request.user, note=form.cleaned_data["note"]
            ),
            _("The action item is marked done."),
        )
    else:
        messages.error(request, _("The note is too long."))
    return redirect("dashboards:meeting_detail", pk=item.meeting_id)
