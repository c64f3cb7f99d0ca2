"""Inviting and screening enterprises (issue 19): the pages of the ministry and of the
provincial and city bureaus, the invitee's page behind the e-mailed link, and the public
page of the screening criteria. Every rule is the services' (enterprises.invitations,
enterprises.screening); a bureau sees only its region's invitations and prospects."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enterprises import invitations, screening, selectors
from enterprises.forms.prospects import (
    ConsultationForm,
    DeclineForm,
    DeferForm,
    InvitationFilter,
    InvitationForm,
    InvitationUploadForm,
    ProspectAddForm,
    ScreeningForm,
    SelectForm,
)
from enterprises.models import EnterpriseInvitation, Prospect
from enterprises.policies import (
    may_invite,
    may_manage_invitation,
    may_resend_invitation,
    may_screen_prospect,
    may_use_invitation_link,
)
from portal.accounts.decorators import regulator_required
from portal.accounts.selectors import audit_trail_for
from portal.forms import add_service_error, save_form
from portal.pagination import paginate
from portal.refusals import refusal_message, run_service
from portal.workflow import DomainError

SESSION_KEY = "enterprise_invitation"

# Invitations --------------------------------------------------------------------------


@regulator_required
def invitation_list(request):
    invitations_seen = selectors.invitations_visible_to(request.user).select_related("invited_by")
    filters = InvitationFilter(request.GET, queryset=invitations_seen)
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "filter": filters,
        "page_obj": paginate(request, filters.qs.order_by("-sent_at", "-pk")),
        "query": query.urlencode(),
        "refusal": may_invite.reason(request.user),
        "uploads": selectors.invitation_uploads_visible_to(request.user)[:5],
    }
    return render(request, "enterprises/enterpriseinvitation_list.html", context)


@regulator_required
def invitation_create(request):
    form = InvitationForm(request.POST or None)
    invitation = save_form(
        request,
        form,
        lambda data: invitations.enterprise_invitation_create(inviter=request.user, **data),
    )
    if invitation is not None:
        messages.success(
            request, _("The invitation to %(name)s is sent.") % {"name": invitation.name}
        )
        return redirect("enterprises:invitation_list")
    context = {"form": form, "refusal": may_invite.reason(request.user)}
    return render(request, "enterprises/enterpriseinvitation_form.html", context)


@regulator_required
def invitation_upload(request):
    form = InvitationUploadForm(request.POST or None, request.FILES or None)

    def upload(data):
        file = data["file"]
        return invitations.invitation_list_upload(
            inviter=request.user, filename=file.name, content=file.read()
        )

    done = save_form(request, form, upload)
    if done is not None:
        return redirect("enterprises:invitation_upload_detail", pk=done.pk)
    context = {"form": form, "refusal": may_invite.reason(request.user)}
    return render(request, "enterprises/invitationupload_form.html", context)


@regulator_required
def invitation_upload_detail(request, pk):
    upload = get_object_or_404(selectors.invitation_uploads_visible_to(request.user), pk=pk)
    return render(request, "enterprises/invitationupload_detail.html", {"upload": upload})


@regulator_required
def invitation_template(request):
    response = HttpResponse(
        invitations.template_csv(request.LANGUAGE_CODE), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = 'attachment; filename="invitations.csv"'
    return response


@regulator_required
def invitation_detail(request, pk):
    invitation = get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)
    context = {
        "invitation": invitation,
        "may_resend": may_manage_invitation.allows(request.user, invitation)
        and may_resend_invitation.allows(invitation),
        "trail": audit_trail_for(invitation),
    }
    return render(request, "enterprises/enterpriseinvitation_detail.html", context)


@regulator_required
@require_POST
def invitation_resend(request, pk):
    invitation = get_object_or_404(selectors.invitations_visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: invitations.enterprise_invitation_resend(invitation=invitation, actor=request.user),
        _("The invitation is sent again with a new link."),
    )
    return redirect("enterprises:invitation_detail", pk=invitation.pk)


# The invitee's link: the token is the key, no account needed ---------------------------


def _by_token(token: str) -> EnterpriseInvitation:
    return get_object_or_404(EnterpriseInvitation.objects.select_related("region"), token=token)


def invitation_open(request, token):
    """What the invitee sees: who invites, and the choice to register or decline. The
    token is kept in the session, so registering after signing up or logging in still
    comes pre-filled."""
    invitation = _by_token(token)
    refusal = may_use_invitation_link.reason(invitation)
    if not refusal:
        request.session[SESSION_KEY] = token
    context = {"invitation": invitation, "refusal": refusal, "form": DeclineForm()}
    return render(request, "enterprises/enterpriseinvitation_open.html", context)


@require_POST
def invitation_decline(request, token):
    invitation = _by_token(token)
    form = DeclineForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if run_service(
        request,
        lambda: invitations.enterprise_invitation_decline(invitation=invitation, reason=reason),
        _("You have declined the invitation. Thank you for letting us know."),
    ):
        request.session.pop(SESSION_KEY, None)
    return redirect("enterprises:invitation_open", token=token)


def invitation_from_request(request) -> EnterpriseInvitation | None:
    """The invitation the registration page works for: ``?invitation=`` or the one the
    link left in the session; None if it is unknown or no longer open."""
    token = request.GET.get("invitation") or request.POST.get("invitation")
    token = token or request.session.get(SESSION_KEY)
    if not token:
        return None
    invitation = EnterpriseInvitation.objects.filter(token=token).first()
    if invitation is None or not may_use_invitation_link.allows(invitation):
        request.session.pop(SESSION_KEY, None)
        return None
    return invitation


# Prospects ----------------------------------------------------------------------------


@regulator_required
def prospect_list(request):
    prospects = selectors.prospects_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in Prospect.Status.values:
        prospects = prospects.filter(status=status)
    page = paginate(request, prospects.order_by("-created_at", "-pk"))
    for prospect in page:
        prospect.total = screening.total_score(prospect)
    context = {"page_obj": page, "status": status, "statuses": Prospect.Status.choices}
    return render(request, "enterprises/prospect_list.html", context)


@regulator_required
def prospect_add(request):
    form = ProspectAddForm(request.POST or None, user=request.user)
    prospect = save_form(
        request, form, lambda data: screening.prospect_add(actor=request.user, **data)
    )
    if prospect is not None:
        messages.success(request, _("The enterprise is added to screening."))
        return redirect("enterprises:screening_detail", pk=prospect.pk)
    return render(request, "enterprises/prospect_add.html", {"form": form})


def _prospect(request, pk) -> Prospect:
    return get_object_or_404(selectors.prospects_visible_to(request.user), pk=pk)


def _prospect_page(request, prospect: Prospect, **forms):
    scores = screening.criterion_scores(prospect)
    context = {
        "prospect": prospect,
        "criteria": [(criterion, scores[criterion.key]) for criterion in screening.CRITERIA],
        "total": screening.total_score(prospect),
        "may_screen": may_screen_prospect.allows(request.user, prospect)
        and prospect.status == Prospect.Status.SCREENING,
        "refusal": may_screen_prospect.reason(request.user, prospect),
        "consultations": prospect.consultations.select_related("recorded_by"),
        "screening_form": forms.get("screening_form") or ScreeningForm(instance=prospect),
        "consultation_form": forms.get("consultation_form") or ConsultationForm(),
        "select_form": forms.get("select_form")
        or SelectForm(initial=screening.agreement_defaults(prospect)),
        "defer_form": forms.get("defer_form") or DeferForm(),
        "trail": audit_trail_for(prospect),
    }
    return render(request, "enterprises/prospect_detail.html", context)


@regulator_required
def prospect_detail(request, pk):
    return _prospect_page(request, _prospect(request, pk))


def _prospect_action(form_class, name: str, call, success: str, instance=False):
    """A POST of one of the page's forms. Input the form or the service finds wrong is
    shown beside that form's fields; a refusal (not this authority's, decided already) is
    told as a message back on the page; done, back to the page."""

    @regulator_required
    @require_POST
    def view(request, pk):
        prospect = _prospect(request, pk)
        options = {"instance": _prospect(request, pk)} if instance else {}
        form = form_class(request.POST, **options)
        if not form.is_valid():
            return _prospect_page(request, prospect, **{name: form})
        try:
            call(request, prospect, dict(form.cleaned_data))
        except ValidationError as error:
            add_service_error(form, error)
            return _prospect_page(request, prospect, **{name: form})
        except DomainError as error:
            messages.error(request, refusal_message(error))
        else:
            messages.success(request, success)
        return redirect("enterprises:screening_detail", pk=prospect.pk)

    return view


prospect_screening_update = _prospect_action(
    ScreeningForm,
    "screening_form",
    lambda request, prospect, data: screening.prospect_screening_update(
        prospect=prospect, actor=request.user, **data
    ),
    _("The scores are saved and the figures computed again."),
    instance=True,
)
consultation_create = _prospect_action(
    ConsultationForm,
    "consultation_form",
    lambda request, prospect, data: screening.consultation_record(
        prospect=prospect, actor=request.user, **data
    ),
    _("The consultation is recorded."),
)
prospect_select = _prospect_action(
    SelectForm,
    "select_form",
    lambda request, prospect, data: screening.prospect_select(
        prospect=prospect, actor=request.user, **data
    ),
    _("Decided: to sign. The draft agreement is ready to be signed."),
)
prospect_defer = _prospect_action(
    DeferForm,
    "defer_form",
    lambda request, prospect, data: screening.prospect_defer(
        prospect=prospect, actor=request.user, **data
    ),
    _("Decided: not now."),
)


def screening_criteria(request):
    """The published criteria: the same list the scores are computed from."""
    context = {"criteria": screening.CRITERIA, "full": screening.COVERAGE_FULL_PROVINCES}
    return render(request, "enterprises/screening_criteria.html", context)
