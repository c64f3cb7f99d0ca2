"""Bulk posting pages of enterprise staff: the template, the upload and its report; and
copying a post (clone) or offering an ended one again (repost).

Uploads are read through a selector scoped to the user's enterprise (another's answers
404); every change is one service call (jobs.services.bulk, jobs.services.posts).
"""

from django.conf import settings
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from jobs import services
from jobs.bulk import COLUMNS, template_response
from jobs.forms.enterprise import PostImportForm
from jobs.selectors import post_imports_visible_to, posts_visible_to, staff_enterprise_id
from portal.accounts.decorators import enterprise_required
from portal.refusals import REFUSALS, refusal_message

REFRESH_SECONDS = 3


@enterprise_required
def post_import_template(request):
    fmt = request.GET.get("file_type", "xlsx")
    return template_response(staff_enterprise_id(request.user), fmt, get_language())


def _start(request, form):
    upload = form.cleaned_data["file"]
    return services.post_import_start(
        author=request.user,
        filename=upload.name,
        content=upload.read(),
        submit=form.cleaned_data["submit"],
        validate_only="check_only" in request.POST,
    )


@enterprise_required
def post_import(request):
    """The template's downloads, the upload form and the enterprise's recent uploads."""
    form = PostImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            post_import = _start(request, form)
        except REFUSALS as error:
            messages.error(request, refusal_message(error))
        else:
            return redirect("jobs:post_import_detail", pk=post_import.pk)
    context = {
        "form": form,
        "columns": COLUMNS,
        "uploads": post_imports_visible_to(request.user).select_related("created_by")[:10],
        "async_rows": settings.BULK_IMPORT_ASYNC_ROWS,
        "max_rows": settings.BULK_IMPORT_MAX_ROWS,
    }
    return render(request, "jobs/postimport_form.html", context)


@enterprise_required
def post_import_detail(request, pk: int):
    """An upload's progress while it is checked, then its report; the upload form again,
    to send the corrected file."""
    post_import = get_object_or_404(post_imports_visible_to(request.user), pk=pk)
    context = {
        "upload": post_import,
        "form": PostImportForm(initial={"submit": "1" if post_import.submit else "0"}),
        "refresh_seconds": None if post_import.finished else REFRESH_SECONDS,
        "errors_hidden": post_import.error_count - len(post_import.errors),
    }
    return render(request, "jobs/postimport_detail.html", context)


def _own_post(request, pk):
    own = posts_visible_to(request.user).filter(
        branch__enterprise_id=staff_enterprise_id(request.user)
    )
    return get_object_or_404(own, pk=pk)


@require_POST
@enterprise_required
def post_clone(request, pk: int):
    post = _own_post(request, pk)
    try:
        copy = services.job_post_clone(post=post, author=request.user)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("jobs:enterprise_post_list")
    messages.success(request, _("A copy of the post is saved as a draft: check it and submit it."))
    return redirect("jobs:enterprise_post_edit", pk=copy.pk)


@require_POST
@enterprise_required
def post_repost(request, pk: int):
    post = _own_post(request, pk)
    try:
        copy = services.job_post_repost(post=post, author=request.user)
    except REFUSALS as error:
        messages.error(request, refusal_message(error))
        return redirect("jobs:enterprise_post_list")
    messages.success(
        request, _("The post is offered again as a new draft: check it and submit it.")
    )
    return redirect("jobs:enterprise_post_edit", pk=copy.pk)
