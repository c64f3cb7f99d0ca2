"""Pages of the enterprise's own staff: registration, the enterprise, branches, colleagues."""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises import invitations, screening, services
from enterprises.forms.staff import BranchForm, EnterpriseRegisterForm, MemberInviteForm
from enterprises.models import Enterprise
from enterprises.policies import admin_of, may_add_branch
from enterprises.selectors import (
    agreements_visible_to,
    agreements_with_progress,
    branches_visible_to,
    enterprise_of,
    enterprises_visible_to,
)
from enterprises.views.prospects import SESSION_KEY as INVITATION_SESSION_KEY
from enterprises.views.prospects import invitation_from_request
from portal.accounts.decorators import enterprise_required, role_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import save_form
from portal.refusals import run_service


def _own_enterprise(user) -> Enterprise | None:
    return enterprises_visible_to(user).select_related("hq_region", "industry").first()


def _own_enterprise_or_404(user) -> Enterprise:
    enterprise = _own_enterprise(user)
    if enterprise is None:
        raise Http404
    return enterprise


# A new sign-up is a veteran until it registers an enterprise (the service decides who may).
@role_required("veteran", "enterprise")
def enterprise_register(request):
    if enterprise_of(request.user) is not None:
        return redirect("enterprises:my_enterprise")
    # Through an invitation's link: its name and credit code pre-filled, and the
    # invitation marked registered with the enterprise (enterprises.invitations).
    invitation = invitation_from_request(request)
    initial = {"name": invitation.name, "credit_code": invitation.credit_code} if invitation else {}
    form = EnterpriseRegisterForm(request.POST or None, initial=initial)

    def register(data):
        if invitation is None:
            return services.enterprise_register(user=request.user, **data)
        return invitations.enterprise_register_from_invitation(
            invitation=invitation, user=request.user, **data
        )

    saved = save_form(request, form, register)
    if saved is not None:
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(
            request,
            _("Your enterprise is registered and awaits review by the veterans-affairs authority."),
        )
        return redirect("enterprises:my_enterprise")
    context = {"form": form, "invitation": invitation}
    return render(request, "enterprises/enterprise_register.html", context)


@enterprise_required
def my_enterprise(request):
    enterprise = _own_enterprise(request.user)
    if enterprise is None:
        return redirect("enterprises:register")
    agreements = agreements_visible_to(request.user).filter(enterprise=enterprise)
    context = {
        "enterprise": enterprise,
        "is_admin": admin_of.allows(request.user, enterprise),
        "members": enterprise.members.select_related("user").order_by("joined_at", "pk"),
        "branches": branches_visible_to(request.user)
        .filter(enterprise=enterprise)
        .order_by("created_at", "pk"),
        "agreements": agreements_with_progress(agreements).order_by("-starts_on", "pk"),
        "trail": audit_trail_for(enterprise),
        "prospects": enterprise.prospects.select_related("region", "batch").order_by("-pk"),
    }
    return render(request, "enterprises/enterprise_mine.html", context)


@enterprise_required
def branch_create(request):
    enterprise = _own_enterprise_or_404(request.user)
    form = BranchForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.branch_create(enterprise=enterprise, creator=request.user, **data),
    )
    if saved is not None:
        messages.success(request, _("The branch is added and awaits review by its city's bureau."))
        return redirect("enterprises:my_enterprise")
    context = {"form": form, "refusal": may_add_branch.reason(enterprise)}
    return render(request, "enterprises/branch_form.html", context)


def _resubmit_page(request, obj, form, resubmit, *, title):
    """One page for correcting a rejected enterprise or branch and sending it back."""
    saved = save_form(request, form, lambda data: resubmit(obj, data))
    if saved is not None:
        messages.success(request, _("Sent again for review. You will be told the decision."))
        return redirect("enterprises:my_enterprise")
    context = {"form": form, "object": obj, "title": title, "refusal": _resubmit_refusal(obj)}
    return render(request, "enterprises/resubmit_form.html", context)


def _resubmit_refusal(obj) -> str:
    rejected = obj.status == type(obj).Status.REJECTED
    return "" if rejected else _("Only a rejected application can be corrected and resubmitted.")


@enterprise_required
def enterprise_resubmit(request):
    enterprise = _own_enterprise_or_404(request.user)
    form = EnterpriseRegisterForm(request.POST or None, instance=_own_enterprise(request.user))
    return _resubmit_page(
        request,
        enterprise,
        form,
        lambda obj, data: services.enterprise_resubmit(enterprise=obj, actor=request.user, **data),
        title=_("Correct and resubmit the registration"),
    )


@enterprise_required
def branch_resubmit(request, pk):
    branches = branches_visible_to(request.user).filter(enterprise__members__user=request.user)
    branch = get_object_or_404(branches, pk=pk)
    form = BranchForm(request.POST or None, instance=get_object_or_404(branches, pk=pk))
    return _resubmit_page(
        request,
        branch,
        form,
        lambda obj, data: services.branch_resubmit(branch=obj, actor=request.user, **data),
        title=_("Correct and resubmit the branch"),
    )


@enterprise_required
def member_invite(request):
    enterprise = _own_enterprise_or_404(request.user)
    form = MemberInviteForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.enterprise_member_invite(
            enterprise=enterprise, inviter=request.user, **data
        ),
    )
    if saved is not None:
        messages.success(
            request,
            _("The invitation is sent; your colleague sets a password from the e-mail."),
        )
        return redirect("enterprises:my_enterprise")
    context = {
        "form": form,
        "enterprise": enterprise,
        "refusal": admin_of.reason(request.user, enterprise),
    }
    return render(request, "enterprises/enterprisemember_invite.html", context)


@enterprise_required
@require_POST
def screening_request(request):
    """The enterprise asks to sign a cooperation agreement: it becomes a prospect."""
    enterprise = _own_enterprise_or_404(request.user)
    run_service(
        request,
        lambda: screening.prospect_request(enterprise=enterprise, actor=request.user),
        _("Your request is sent: the veterans-affairs authority will screen your enterprise."),
    )
    return redirect("enterprises:my_enterprise")


@enterprise_required
@require_POST
def member_deactivate(request, pk):
    enterprise = _own_enterprise_or_404(request.user)
    member = get_object_or_404(enterprise.members.select_related("user", "enterprise"), pk=pk)
    run_service(
        request,
        lambda: services.enterprise_member_deactivate(member=member, manager=request.user),
        _("The account is deactivated; it can no longer sign in."),
    )
    return redirect("enterprises:my_enterprise")
