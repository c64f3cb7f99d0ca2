"""The veteran's own pages: profile and its wizard, resumes, consents.

Every object is fetched through a selector scoped to the user, so another veteran's
profile or resume is simply not found (404).
"""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import F
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts.decorators import bureau_required, role_required, veteran_required
from portal.forms import add_service_error, save_form
from portal.pagination import paginate
from portal.reference.models import Region
from portal.workflow import DomainError
from veterans import forms, selectors, services
from veterans.models import Consent, ServiceStation, VeteranProfile
from veterans.policies import consent_given, may_keep_service_station, profile_complete

SENSITIVE = Consent.Purpose.SENSITIVE_DATA

# The wizard, in order: (step, form, title).
STEPS = [
    ("identity", forms.IdentityForm, gettext_lazy("Identity")),
    ("service", forms.ServiceForm, gettext_lazy("Service record")),
    ("education", forms.EducationForm, gettext_lazy("Education")),
    ("skills", forms.SkillsForm, gettext_lazy("Skills")),
    ("preferences", forms.PreferencesForm, gettext_lazy("Preferences")),
]
STEP_NAMES = [name for name, _form, _title in STEPS]
STEP_FORMS = {name: form for name, form, _title in STEPS}
_DONE = gettext_lazy("Your profile is saved. Recommendations follow it from the next night on.")


def _own_profile(user) -> VeteranProfile | None:
    return (
        selectors.profiles_visible_to(user)
        .filter(user=user)
        .select_related("home_region__parent", "military_specialty")
        .prefetch_related("skill_links__skill", "preferred_regions", "preferred_industries")
        .first()
    )


def _safe_next(request, fallback: str) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    allowed = url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return target if allowed and target else fallback


# --- profile -------------------------------------------------------------------------------


@veteran_required
@require_GET
def profile_detail(request):
    profile = _own_profile(request.user)
    if profile is None:
        return redirect("veterans:profile_step", step="identity")
    # The owner sees the full number on asking (?show=resident_id); each display is audited.
    resident_id = profile.masked_resident_id
    shown = request.GET.get("show") == "resident_id"
    if shown:
        resident_id = services.veteran_resident_id_shown(
            profile=profile, actor=request.user, via="veterans:profile"
        )
    return render(
        request,
        "veterans/veteranprofile_detail.html",
        {
            "profile": profile,
            "resident_id": resident_id,
            "resident_id_shown": shown,
            "steps": STEPS,
            "skill_links": sorted(profile.skill_links.all(), key=lambda link: link.skill.name),
            "resume_count": profile.resumes.count(),
            "consented": consent_given.allows(request.user),
            "station": ServiceStation.objects.nearest_to(profile.home_region),
        },
    )


def _step_form(step: str, profile: VeteranProfile | None, user, data=None):
    form_class = STEP_FORMS[step]
    if step == "skills":
        suggested = selectors.specialty_skill_suggestions(profile.military_specialty)
        return form_class(data, profile=profile, suggested=list(suggested.order_by("name")))
    return form_class(data, instance=profile or VeteranProfile(user=user))


def _save_step(step: str, form, profile: VeteranProfile | None, user) -> VeteranProfile:
    if step == "skills":
        services.veteran_skills_set(profile=profile, skills=form.cleaned_data["skills"])
        return profile
    if profile is None:
        return services.veteran_profile_create(user=user, **form.profile_fields())
    fresh = VeteranProfile.objects.get(pk=profile.pk)
    return services.veteran_profile_update(profile=fresh, **form.profile_fields())


def _after_step(step: str):
    following = STEP_NAMES.index(step) + 1
    if following < len(STEP_NAMES):
        return redirect("veterans:profile_step", step=STEP_NAMES[following])
    return redirect("veterans:profile")


@veteran_required
@require_http_methods(["GET", "POST"])
def profile_step(request, step: str):
    if step not in STEP_NAMES:
        raise Http404
    profile = _own_profile(request.user)
    if profile is None and step != "identity":
        messages.info(request, _("Please start with your identity."))
        return redirect("veterans:profile_step", step="identity")
    consented = consent_given.allows(request.user)
    form = _step_form(
        step, profile, request.user, request.POST if request.method == "POST" else None
    )
    if request.method == "POST":
        if not consented:
            messages.error(request, consent_given.reason(request.user))
            return redirect("veterans:profile_step", step=step)
        if form.is_valid():
            try:
                _save_step(step, form, profile, request.user)
            except (ValidationError, DomainError) as error:
                add_service_error(form, error)
            else:
                messages.success(request, _DONE if step == STEP_NAMES[-1] else _("Saved."))
                return _after_step(step)
    return _render_step(request, step, form, profile, consented)


def _render_step(request, step, form, profile, consented):
    index = STEP_NAMES.index(step)
    previous = STEP_NAMES[index - 1] if index else None
    return render(
        request,
        f"veterans/profile_step_{step}.html",
        {
            "form": form,
            "profile": profile,
            "step": step,
            "step_title": STEPS[index][2],
            "steps": STEPS,
            "step_number": index + 1,
            "previous_url": reverse("veterans:profile_step", args=[previous]) if previous else None,
            "is_last": index == len(STEPS) - 1,
            "consented": consented,
            "consent_version": forms.CONSENT_VERSION,
        },
    )


@require_GET
def region_cities(request):
    """The city options of a province, swapped into the identity step by htmx."""
    province = request.GET.get("province") or None
    choices = forms.city_choices(province)
    return render(
        request,
        "veterans/partials/city_options.html",
        {"cities": choices} if province else {"groups": choices},
    )


@require_GET
def region_districts(request, code: str):
    """The districts of a city as preference checkboxes, swapped into the preferences step
    by htmx when the city's list is opened; ``chosen`` (codes) are on the page already."""
    chosen = set(request.GET.getlist("chosen"))
    districts = Region.objects.districts().filter(parent_id=code).exclude(code__in=chosen)
    context = {"districts": districts.order_by("code")}
    return render(request, "veterans/partials/district_checkboxes.html", context)


# --- resumes ----------------------------------------------------------------------------------


def _own_resumes(user):
    return (
        selectors.resumes_visible_to(user)
        .filter(veteran__user=user)
        .select_related("veteran")
        .prefetch_related("applications__post__branch__enterprise")
    )


def _render_resumes(request, form, status=200):
    return render(
        request,
        "veterans/resume_list.html",
        {"resumes": _own_resumes(request.user), "form": form, "has_profile": _has_profile(request)},
        status=status,
    )


def _has_profile(request) -> bool:
    return selectors.profile_of(request.user) is not None


@veteran_required
@require_GET
def resume_list(request):
    return _render_resumes(request, forms.ResumeUploadForm())


@veteran_required
@require_POST
def resume_upload(request):
    profile = selectors.profile_of(request.user)
    if profile is None:
        messages.error(request, profile_complete.reason(request.user))
        return redirect("veterans:profile_step", step="identity")
    form = forms.ResumeUploadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.resume_upload(profile=profile, uploaded_file=form.cleaned_data["file"])
        except ValidationError as error:
            form.add_error("file", error)
        else:
            messages.success(request, _("Your resume is uploaded."))
            return redirect("veterans:resume_list")
    return _render_resumes(request, form, status=400)


@role_required("veteran", "enterprise")
@require_GET
def resume_download(request, pk: int):
    """Only to its owner and to the enterprises it was sent to; anyone else gets 404."""
    resume = get_object_or_404(
        selectors.resumes_visible_to(request.user).select_related("veteran"), pk=pk
    )
    services.resume_access_record(resume=resume, actor=request.user)
    return FileResponse(
        resume.file.open("rb"),
        as_attachment=True,
        filename=resume.original_name,
        content_type="application/pdf",
    )


@veteran_required
@require_POST
def resume_delete(request, pk: int):
    resume = get_object_or_404(_own_resumes(request.user), pk=pk)
    try:
        services.resume_delete(resume=resume, veteran=resume.veteran)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The resume is deleted."))
    return redirect("veterans:resume_list")


# --- consents ----------------------------------------------------------------------------------


@veteran_required
@require_GET
def consent_list(request):
    consents = list(Consent.objects.filter(user=request.user))
    purposes = [
        {
            "value": value,
            "label": label,
            "live": next((c for c in consents if c.purpose == value and not c.withdrawn_at), None),
            "history": [c for c in consents if c.purpose == value and c.withdrawn_at],
        }
        for value, label in Consent.Purpose.choices
    ]
    return render(
        request,
        "veterans/consent_list.html",
        {"purposes": purposes, "consent_version": forms.CONSENT_VERSION},
    )


@veteran_required
@require_POST
def consent_give(request):
    form = forms.ConsentForm(request.POST)
    if not form.is_valid():
        raise Http404
    services.consent_give(
        user=request.user, purpose=form.cleaned_data["purpose"], version=forms.CONSENT_VERSION
    )
    messages.success(request, _("Thank you. Your consent is recorded."))
    return redirect(_safe_next(request, reverse("veterans:consent_list")))


@veteran_required
@require_POST
def consent_withdraw(request):
    form = forms.ConsentForm(request.POST)
    if not form.is_valid():
        raise Http404
    withdrawn = services.consent_withdraw(user=request.user, purpose=form.cleaned_data["purpose"])
    if withdrawn:
        messages.success(request, _("Your consent is withdrawn."))
    return redirect("veterans:consent_list")


# --- veteran status confirmation (bureau officers) --------------------------------------------


@bureau_required
@require_GET
def status_queue(request):
    page = paginate(request, selectors.profiles_awaiting_confirmation(request.user))
    confirmed = selectors.profiles_confirmable_by(request.user).filter(
        status_confirmation__isnull=False
    )
    return render(
        request,
        "veterans/status_queue.html",
        {"page_obj": page, "confirmed_count": confirmed.count()},
    )


@bureau_required
@require_http_methods(["GET", "POST"])
def status_confirm(request, pk: int):
    profile = get_object_or_404(selectors.profiles_confirmable_by(request.user), pk=pk)
    form = forms.StatusConfirmForm(request.POST or None)
    confirmed = save_form(
        request,
        form,
        lambda data: services.veteran_status_confirm(profile=profile, officer=request.user, **data),
    )
    if confirmed:
        messages.success(
            request, _("The veteran status of %(name)s is confirmed.") % {"name": profile.full_name}
        )
        return redirect("veterans:status_queue")
    return render(
        request,
        "veterans/status_confirm.html",
        {"profile": profile, "form": form},
        status=400
        if request.method == "POST" and form.errors and not form.non_field_errors()
        else 200,
    )


@bureau_required
@require_http_methods(["GET", "POST"])
def status_register(request):
    form = forms.StatusRegisterForm(request.POST or None, request.FILES or None)
    rows = None
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.status_register_import(
                officer=request.user, upload=form.cleaned_data["register"]
            )
        except ValidationError as error:
            form.add_error("register", error)
    report = _register_report(rows)
    return render(
        request,
        "veterans/status_register.html",
        {"form": form, **report},
        status=400 if form.errors or report.get("invalid") else 200,
    )


def _register_report(rows) -> dict:
    """The rows of an import and their counts by outcome; ``written`` when it was valid."""
    if rows is None:
        return {"rows": None}
    invalid = [row for row in rows if row.errors]
    counts = {
        key: sum(row.outcome == key for row in rows) for key in services.RegisterOutcome.LABELS
    }
    return {
        "rows": invalid or rows,
        "invalid": bool(invalid),
        "counts": counts,
        "labels": services.RegisterOutcome.LABELS,
    }


# --- the service directory ---------------------------------------------------------------


@require_GET
def service_station_list(request):
    """The public directory: the open centres and stations of a chosen region."""
    form = forms.RegionCascadeForm(request.GET)
    region = form.region()
    page = paginate(request, selectors.service_stations_listed(region))
    context = {"form": form, "region": region, "page_obj": page}
    return render(request, "veterans/servicestation_list.html", context)


@require_GET
def service_station_detail(request, pk: int):
    """An open station, to anyone; a retired one only to the authorities over it."""
    stations = selectors.service_stations_kept_by(request.user)
    station = stations.filter(pk=pk).first()
    if station is None:
        station = get_object_or_404(selectors.service_stations_listed(), pk=pk)
    context = {
        "station": station,
        "may_keep": may_keep_service_station.allows(request.user, station.region),
    }
    return render(request, "veterans/servicestation_detail.html", context)


@role_required("bureau", "ministry")
@require_GET
def service_station_manage(request):
    """The stations a bureau keeps (its region subtree), retired ones last; the ministry's
    view of all of them."""
    stations = selectors.service_stations_kept_by(request.user).order_by(
        F("retired_at").asc(nulls_first=True), "region_id", "kind", "name", "pk"
    )
    page = paginate(request, stations)
    return render(request, "veterans/servicestation_manage.html", {"page_obj": page})


def _station_form_page(request, station=None):
    form = forms.ServiceStationForm(request.POST or None, instance=station, user=request.user)

    def save(data):
        if station is None:
            return services.service_station_create(actor=request.user, **data)
        return services.service_station_update(station=station, actor=request.user, **data)

    saved = save_form(request, form, save)
    if saved is not None:
        messages.success(request, _("The service station is saved."))
        return redirect("veterans:service_station_detail", pk=saved.pk)
    return render(request, "veterans/servicestation_form.html", {"form": form, "station": station})


@role_required("bureau")
@require_http_methods(["GET", "POST"])
def service_station_create(request):
    return _station_form_page(request)


@role_required("bureau")
@require_http_methods(["GET", "POST"])
def service_station_edit(request, pk: int):
    station = get_object_or_404(selectors.service_stations_kept_by(request.user), pk=pk)
    return _station_form_page(request, station)


@role_required("bureau")
@require_POST
def service_station_retire(request, pk: int):
    station = get_object_or_404(selectors.service_stations_kept_by(request.user), pk=pk)
    try:
        services.service_station_retire(station=station, actor=request.user)
    except DomainError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The service station is retired: it is no longer listed."))
    return redirect("veterans:service_station_detail", pk=station.pk)
