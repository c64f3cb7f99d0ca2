"""Training pages: the bureau's institutions and programmes, enrolment and withdrawal by a
veteran, attendance and completion recorded by the bureau, and the veteran's "my training".

Objects come through selectors scoped to the user (another region's programme is not
found for a bureau, another veteran's enrolment for a veteran); every write is one service.
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Prefetch, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from enterprises.policies import may_act_on_agreement
from enterprises.selectors import agreements_visible_to
from jobs.models import InterviewGuarantee
from jobs.training import cooperation, selectors, services
from jobs.training.forms import (
    CompletionForm,
    InstitutionForm,
    ProgrammeForm,
    ProgrammeLinkForm,
    RejectionForm,
    StaffInviteForm,
)
from jobs.training.gaps import region_skill_gaps
from jobs.training.policies import (
    agreement_links_no_programme,
    may_link_programme,
    may_manage_training,
    may_record_enrolment,
    may_review_programme,
    may_revise_programme,
    may_see_roll,
)
from portal.accounts.decorators import (
    bureau_required,
    regulator_required,
    role_required,
    veteran_required,
)
from portal.accounts.selectors import audit_trail_for
from portal.forms import save_form
from portal.pagination import paginate
from portal.reference.models import Skill
from portal.refusals import run_service
from veterans.models import Enrolment, InstitutionMember, TrainingProgramme
from veterans.policies import profile_complete
from veterans.selectors import profile_of

SEATED = Q(enrolments__status__in=Enrolment.SEATED)
# The bureau and the ministry, and the staff of a training institution for its own.
training_staff_required = role_required("bureau", "ministry", "institution")
programme_writer_required = role_required("bureau", "institution")


# --- institutions (bureau) -----------------------------------------------------------------


@regulator_required
@require_GET
def institution_list(request):
    institutions = selectors.institutions_visible_to(request.user).annotate(
        programme_count=Count("programmes")
    )
    page = paginate(request, institutions.order_by("name", "pk"))
    return render(request, "jobs/training_institution_list.html", {"page_obj": page})


def _save_institution(request, institution, fields: dict):
    if institution is None:
        return services.training_institution_create(bureau_user=request.user, **fields)
    return services.training_institution_update(
        institution=institution, bureau_user=request.user, **fields
    )


def _institution_form_page(request, institution=None):
    form = InstitutionForm(request.POST or None, instance=institution, user=request.user)
    saved = save_form(request, form, lambda data: _save_institution(request, institution, data))
    if saved is not None:
        messages.success(request, _("The training institution is saved."))
        return redirect("jobs:training_institution_detail", pk=saved.pk)
    context = {"form": form, "institution": institution}
    return render(request, "jobs/training_institution_form.html", context)


@bureau_required
@require_http_methods(["GET", "POST"])
def institution_create(request):
    return _institution_form_page(request)


@bureau_required
@require_http_methods(["GET", "POST"])
def institution_edit(request, pk: int):
    institution = get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)
    return _institution_form_page(request, institution)


@training_staff_required
@require_GET
def institution_detail(request, pk: int):
    institution = get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)
    programmes = institution.programmes.select_related("region").annotate(
        seats_taken=Count("enrolments", filter=SEATED)
    )
    may_edit = may_manage_training.allows(request.user, institution.region)
    staff = institution.members.select_related("user").order_by("joined_at", "pk")
    context = {
        "institution": institution,
        "page_obj": paginate(request, programmes.order_by("-starts_on", "-pk")),
        "may_edit": may_edit,
        "is_own": request.user.is_institution_staff,
        "staff": staff if may_edit or request.user.is_institution_staff else None,
        "events": audit_trail_for(institution),
    }
    return render(request, "jobs/training_institution_detail.html", context)


@role_required("institution")
@require_GET
def my_institution(request):
    """An institution's staff land on their institution's page."""
    institution = selectors.institution_of(request.user)
    if institution is None:
        raise Http404
    return redirect("jobs:training_institution_detail", pk=institution.pk)


@bureau_required
@require_http_methods(["GET", "POST"])
def institution_staff_invite(request, pk: int):
    institution = get_object_or_404(selectors.institutions_visible_to(request.user), pk=pk)
    form = StaffInviteForm(request.POST or None)
    saved = save_form(
        request,
        form,
        lambda data: services.training_institution_staff_invite(
            institution=institution, inviter=request.user, **data
        ),
    )
    if saved is not None:
        messages.success(
            request, _("The invitation is sent; the new colleague sets a password from the e-mail.")
        )
        return redirect("jobs:training_institution_detail", pk=institution.pk)
    context = {
        "form": form,
        "institution": institution,
        "refusal": may_manage_training.reason(request.user, institution.region),
    }
    return render(request, "jobs/training_institution_staff_invite.html", context)


@bureau_required
@require_POST
def institution_staff_deactivate(request, pk: int):
    institutions = selectors.institutions_visible_to(request.user)
    members = InstitutionMember.objects.filter(institution__in=institutions)
    member = get_object_or_404(members.select_related("user", "institution__region"), pk=pk)
    run_service(
        request,
        lambda: services.training_institution_staff_deactivate(member=member, manager=request.user),
        _("The account is deactivated; it can no longer sign in."),
    )
    return redirect("jobs:training_institution_detail", pk=member.institution_id)


# --- programmes ----------------------------------------------------------------------------


@login_required
@require_GET
def programme_list(request):
    """A bureau's programmes of its region, latest first; for everyone else the programmes
    still open for enrolment, soonest first. ``?skill=<id>`` keeps those teaching it."""
    programmes = selectors.programmes_visible_to(request.user).annotate(
        seats_taken=Count("enrolments", filter=SEATED)
    )
    home = None
    user = request.user
    if user.is_bureau or user.is_ministry or user.is_institution_staff:
        programmes = programmes.order_by("-starts_on", "-pk")
        status = request.GET.get("status", "")
        if status in TrainingProgramme.Status.values:
            programmes = programmes.filter(status=status)
    else:
        programmes = programmes.filter(starts_on__gt=timezone.localdate()).order_by(
            "starts_on", "pk"
        )
        # A veteran sees the programmes near home first (#17: not 南通 before 北京).
        profile = profile_of(request.user) if request.user.is_veteran else None
        home = profile.home_region if profile is not None else None
        if home is not None:
            programmes = selectors.nearest_first(programmes, home)
    skill = _skill_filter(request)
    if skill is not None:
        programmes = programmes.filter(skills=skill)
    kind = request.GET.get("kind", "")
    if kind in TrainingProgramme.Kind.values:
        programmes = programmes.filter(kind=kind)
    page = paginate(request, programmes.prefetch_related("skills"))
    context = {"page_obj": page, "skill": skill, "home": home, "kind": kind}
    return render(request, "jobs/training_programme_list.html", context)


def _skill_filter(request) -> Skill | None:
    value = request.GET.get("skill", "")
    return Skill.objects.filter(pk=value).first() if value.isdigit() else None


def _save_programme(request, programme, fields: dict):
    """The bureau writes its catalogue; an institution proposes and revises its own."""
    if request.user.is_institution_staff:
        fields.pop("institution", None)
        if programme is None:
            return services.training_programme_propose(proposer=request.user, **fields)
        return services.training_programme_revise(
            programme=programme, editor=request.user, **fields
        )
    if programme is None:
        return services.training_programme_create(bureau_user=request.user, **fields)
    return services.training_programme_update(
        programme=programme, bureau_user=request.user, **fields
    )


def _programme_form_page(request, programme=None):
    initial = {"institution": request.GET.get("institution")} if programme is None else None
    form = ProgrammeForm(
        request.POST or None, instance=programme, user=request.user, initial=initial
    )
    if programme is not None and request.method != "POST":
        form.initial["skills"] = list(programme.skills.all())
    saved = save_form(request, form, lambda data: _save_programme(request, programme, data))
    if saved is not None:
        if saved.status == TrainingProgramme.Status.PENDING:
            messages.success(
                request, _("The programme is saved and waits for the bureau's approval.")
            )
        else:
            messages.success(request, _("The training programme is saved."))
        return redirect("jobs:training_programme_detail", pk=saved.pk)
    refusal = ""
    if programme is not None and request.user.is_institution_staff:
        refusal = may_revise_programme.reason(request.user, programme)
    context = {"form": form, "programme": programme, "refusal": refusal}
    return render(request, "jobs/training_programme_form.html", context)


@programme_writer_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    if request.user.is_institution_staff and selectors.institution_of(request.user) is None:
        raise Http404
    return _programme_form_page(request)


@programme_writer_required
@require_http_methods(["GET", "POST"])
def programme_edit(request, pk: int):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    return _programme_form_page(request, programme)


def _programme_for(user, pk: int) -> TrainingProgramme:
    programmes = selectors.programmes_visible_to(user).annotate(
        seats_taken=Count("enrolments", filter=SEATED)
    )
    return get_object_or_404(programmes.select_related("institution__region"), pk=pk)


def _enrolments_page(request, programme):
    """The roll of the programme, for the bureau over its region."""
    if not may_see_roll.allows(request.user, programme):
        return None
    enrolments = programme.enrolments.select_related("veteran__user", "veteran__home_region")
    return paginate(request, enrolments.order_by("enrolled_at", "pk"))


@login_required
@require_GET
def programme_detail(request, pk: int):
    programme = _programme_for(request.user, pk)
    profile = profile_of(request.user) if request.user.is_veteran else None
    mine = programme.enrolments.filter(veteran=profile).first() if profile else None
    context = {
        "programme": programme,
        "skills": programme.skills.all(),
        "seats_left": max(programme.seats - programme.seats_taken, 0),
        "is_open": programme.starts_on > timezone.localdate(),
        "profile": profile,
        "enrolment": mine,
        "roll": _enrolments_page(request, programme),
        "may_record": may_record_enrolment.allows(request.user, programme),
        "may_review": may_review_programme.allows(request.user, programme)
        and programme.status == TrainingProgramme.Status.PENDING,
        "may_edit": may_manage_training.allows(request.user, programme.region)
        or may_revise_programme.allows(request.user, programme),
        "rejection_form": RejectionForm(),
        "completion_form": CompletionForm(),
        "guarantors": [e.name for e in selectors.programme_guarantors(programme)],
        "events": audit_trail_for(programme)
        if may_see_roll.allows(request.user, programme)
        else None,
    }
    return render(request, "jobs/training_programme_detail.html", context)


# --- the bureau's decision on an institution's proposal ------------------------------------


@bureau_required
@require_POST
def programme_approve(request, pk: int):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: services.training_programme_approve(programme=programme, reviewer=request.user),
        _("The programme is approved; veterans can now find it and enrol."),
    )
    return redirect("jobs:training_programme_detail", pk=programme.pk)


@bureau_required
@require_POST
def programme_reject(request, pk: int):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    form = RejectionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give a reason for this decision."))
        return redirect("jobs:training_programme_detail", pk=programme.pk)
    reason = form.cleaned_data["reason"]
    run_service(
        request,
        lambda: services.training_programme_reject(
            programme=programme, reviewer=request.user, reason=reason
        ),
        _("The programme is rejected; the institution has your reason."),
    )
    return redirect("jobs:training_programme_detail", pk=programme.pk)


# --- enrolment: the veteran ----------------------------------------------------------------


@veteran_required
@require_POST
def programme_enrol(request, pk: int):
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=pk)
    profile = profile_of(request.user)
    if profile is None:
        messages.error(request, profile_complete.reason(request.user))
        return redirect("veterans:profile_step", step="identity")
    run_service(
        request,
        lambda: services.enrolment_create(programme=programme, veteran=profile),
        _("You are enrolled. We have sent the details to your e-mail address."),
    )
    return redirect("jobs:training_programme_detail", pk=programme.pk)


@veteran_required
@require_POST
def enrolment_withdraw(request, pk: int):
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: services.enrolment_withdraw(enrolment=enrolment, veteran=enrolment.veteran),
        _("You have withdrawn; your seat is free for another veteran."),
    )
    return redirect("jobs:my_training")


@veteran_required
@require_GET
def my_training(request):
    enrolments = (
        selectors.enrolments_visible_to(request.user)
        .select_related("programme__institution", "programme__region")
        .prefetch_related(
            "programme__skills",
            Prefetch(
                "interview_guarantees",
                queryset=InterviewGuarantee.objects.select_related(
                    "agreement__enterprise", "application__post"
                ),
            ),
        )
        .order_by("-enrolled_at", "-pk")
    )
    context = {"page_obj": paginate(request, enrolments), "today": timezone.localdate()}
    return render(request, "jobs/training_enrolment_list.html", context)


# --- attendance and completion: the bureau -------------------------------------------------


def _record(request, pk: int, call, success: str):
    enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
    run_service(request, lambda: call(enrolment), success)
    return redirect("jobs:training_programme_detail", pk=enrolment.programme_id)


@training_staff_required
@require_POST
def enrolment_start(request, pk: int):
    return _record(
        request,
        pk,
        lambda e: services.enrolment_start(enrolment=e, recorder=request.user),
        _("Attendance recorded: the veteran is in training."),
    )


@training_staff_required
@require_POST
def enrolment_complete(request, pk: int):
    form = CompletionForm(request.POST)
    if not form.is_valid():
        enrolment = get_object_or_404(selectors.enrolments_visible_to(request.user), pk=pk)
        messages.error(request, _("Enter the date the veteran completed the programme."))
        return redirect("jobs:training_programme_detail", pk=enrolment.programme_id)
    on = form.cleaned_data["completed_on"]
    return _record(
        request,
        pk,
        lambda e: services.enrolment_complete(enrolment=e, recorder=request.user, on=on),
        _("Completion recorded; the skills are on the veteran's profile, verified."),
    )


@training_staff_required
@require_POST
def enrolment_drop(request, pk: int):
    return _record(
        request,
        pk,
        lambda e: services.enrolment_drop(enrolment=e, recorder=request.user),
        _("Recorded: the veteran did not complete the programme."),
    )


# --- the bureau's skill gaps ---------------------------------------------------------------


@bureau_required
@require_GET
def skill_gaps(request):
    """Which skills looking veterans of the bureau's region miss most for the posts open
    there and their recommendations, so it knows what training to commission."""
    seekers, gaps = region_skill_gaps(request.user)
    context = {"seekers": seekers, "gaps": gaps, "region": request.user.region}
    return render(request, "jobs/training_skill_gaps.html", context)


# --- training cooperation: programmes linked to a training agreement (issue 19) ------------


def _agreement_for(user, pk: int):
    """The agreement, if the user may see it (404 otherwise)."""
    return get_object_or_404(
        agreements_visible_to(user).select_related("enterprise", "region", "batch"), pk=pk
    )


def _link_refusal(request, agreement) -> str:
    """Why the form is not offered (the service refuses the same on a POST)."""
    if request.method == "POST":
        return ""
    if not may_act_on_agreement.allows(request.user, agreement):
        return may_act_on_agreement.reason(request.user, agreement)
    refusal = agreement_links_no_programme(agreement)
    return str(may_link_programme.reasons[refusal]) if refusal else ""


@regulator_required
@require_http_methods(["GET", "POST"])
def agreement_programme_link(request, pk: int):
    """Link a training programme to a training-cooperation agreement; the service decides
    who may and which programme."""
    agreement = _agreement_for(request.user, pk)
    form = ProgrammeLinkForm(request.POST or None, user=request.user, agreement=agreement)
    done = save_form(
        request,
        form,
        lambda data: cooperation.agreement_programme_link(
            agreement=agreement, programme=data["programme"], actor=request.user
        ),
    )
    if done is not None:
        messages.success(
            request,
            _("The programme is linked: its completers are guaranteed an interview at %(name)s.")
            % {"name": agreement.enterprise.name},
        )
        return redirect("enterprises:agreement_detail", pk=agreement.pk)
    context = {
        "form": form,
        "agreement": agreement,
        "refusal": _link_refusal(request, agreement),
        "post_rule": cooperation.POST_RULE,
    }
    return render(request, "jobs/agreement_programme_link.html", context)


@regulator_required
@require_POST
def agreement_programme_unlink(request, pk: int):
    """Unlink the programme named in the body (a programme the user cannot see is not
    found); the service decides who may."""
    agreement = _agreement_for(request.user, pk)
    programme_pk = request.POST.get("programme", "")
    if not programme_pk.isdigit():
        raise Http404
    programme = get_object_or_404(selectors.programmes_visible_to(request.user), pk=programme_pk)
    run_service(
        request,
        lambda: cooperation.agreement_programme_unlink(
            agreement=agreement, programme=programme, actor=request.user
        ),
        _("The programme is unlinked; the guarantees already given or owed stand."),
    )
    return redirect("enterprises:agreement_detail", pk=agreement.pk)
