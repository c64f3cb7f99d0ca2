"""Notice pages: the public list with its search, one notice and its files; the
publisher's own notices, the draft form, publishing and withdrawing."""

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from jobs.notices import selectors, services
from jobs.notices.forms import NoticeForm, NoticeSearchForm, WithdrawForm
from jobs.notices.policies import may_edit_notice, may_manage_notice
from portal.accounts.decorators import regulator_required
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service


def notice_list(request):
    """Published notices and policy documents, searched and filtered; expired ones too."""
    form = NoticeSearchForm(request.GET or None)
    criteria = form.criteria()
    page = paginate(request, selectors.search_notices(criteria))
    return render(
        request,
        "jobs/notice_list.html",
        {"form": form, "page_obj": page, "criteria": criteria},
    )


def notice_detail(request, pk):
    notice = get_object_or_404(selectors.notices_visible_to(request.user), pk=pk)
    manages = may_manage_notice.allows(request.user, notice)
    context = {
        "notice": notice,
        "attachments": notice.attachments.all(),
        "manages": manages,
        "withdraw_form": WithdrawForm() if manages else None,
    }
    return render(request, "jobs/notice_detail.html", context)


def notice_attachment(request, pk):
    """A file of a notice the visitor may read: a photo shown, a PDF downloaded."""
    attachment = get_object_or_404(selectors.attachments_visible_to(request.user), pk=pk)
    return FileResponse(
        services.notice_attachment_open(attachment=attachment),
        as_attachment=attachment.kind == attachment.Kind.PDF,
        filename=attachment.original_name,
        content_type=attachment.content_type,
    )


@regulator_required
def notice_manage_list(request):
    """The notices this user publishes: the ministry's national ones, a bureau's own."""
    page = paginate(request, selectors.notices_managed_by(request.user))
    return render(request, "jobs/notice_manage_list.html", {"page_obj": page})


@regulator_required
def notice_create(request):
    form = NoticeForm(request.POST or None, request.FILES or None)
    notice = save_form(
        request,
        form,
        lambda data: services.notice_create(
            author=request.user, attachments=data.pop("attachments", []), **data
        ),
    )
    if notice is not None:
        messages.success(request, _("The draft is saved. Publish it when it is ready."))
        return redirect("jobs:notice_detail", pk=notice.pk)
    return render(request, "jobs/notice_form.html", {"form": form, "notice": None})


@regulator_required
def notice_edit(request, pk):
    notice = get_object_or_404(selectors.notices_managed_by(request.user), pk=pk)
    if not may_edit_notice.allows(notice):
        messages.error(request, may_edit_notice.reason(notice))
        return redirect("jobs:notice_detail", pk=notice.pk)
    form = NoticeForm(request.POST or None, request.FILES or None, instance=notice)
    saved = save_form(
        request,
        form,
        lambda data: services.notice_update(
            notice=notice, editor=request.user, attachments=data.pop("attachments", []), **data
        ),
    )
    if saved is not None:
        messages.success(request, _("The changes are saved."))
        return redirect("jobs:notice_detail", pk=notice.pk)
    context = {"form": form, "notice": notice, "attachments": notice.attachments.all()}
    return render(request, "jobs/notice_form.html", context)


@regulator_required
@require_POST
def notice_publish(request, pk):
    notice = get_object_or_404(selectors.notices_managed_by(request.user), pk=pk)
    run_service(
        request,
        lambda: services.notice_publish(notice=notice, actor=request.user),
        _("The notice is published: everyone can read it now."),
    )
    return redirect("jobs:notice_detail", pk=notice.pk)


@regulator_required
@require_POST
def notice_withdraw(request, pk):
    notice = get_object_or_404(selectors.notices_managed_by(request.user), pk=pk)
    form = WithdrawForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.notice_withdraw(notice=notice, actor=request.user, reason=reason),
        _("The notice is withdrawn: only you see it now."),
    )
    return redirect("jobs:notice_detail", pk=notice.pk)


@regulator_required
@require_POST
def notice_attachment_delete(request, pk):
    managed = selectors.notices_managed_by(request.user).values("pk")
    attachment = get_object_or_404(
        selectors.attachments_visible_to(request.user).filter(notice__in=managed), pk=pk
    )
    run_service(
        request,
        lambda: services.notice_attachment_delete(attachment=attachment, editor=request.user),
        _("The file is removed."),
    )
    return redirect("jobs:notice_edit", pk=attachment.notice_id)
