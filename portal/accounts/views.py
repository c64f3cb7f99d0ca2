"""Sign-up with e-mail verification, and the after-login landing page of each role."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from portal.accounts.forms import ResendVerificationForm, SignupForm
from portal.accounts.services import email_verify, verification_email_resend, veteran_signup
from portal.workflow import Conflict, DomainError

# Each role's first page; other apps' views, so they are looked up only when needed.
WORKBENCH_URLS = {
    "enterprise": "jobs:enterprise_post_list",
    "bureau": "jobs:post_review_queue",
    "ministry": "enterprises:agreement_list",
}


@require_http_methods(["GET", "POST"])
def signup(request):
    if request.user.is_authenticated:
        return redirect("accounts:workbench")
    form = SignupForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = veteran_signup(
                username=form.cleaned_data["username"],
                email=form.cleaned_data["email"],
                password=form.cleaned_data["password1"],
            )
        except Conflict as error:
            form.add_error("username", str(error))
        else:
            request.session["signup_email"] = user.email
            return redirect("accounts:signup_done")
    return render(request, "registration/signup.html", {"form": form})


def signup_done(request):
    return render(
        request, "registration/signup_done.html", {"email": request.session.get("signup_email")}
    )


def verify(request, token: str):
    try:
        email_verify(token=token)
    except Conflict as error:
        messages.info(request, str(error))
        return redirect("accounts:login")
    except DomainError as error:
        return render(request, "registration/verify_failed.html", {"error": str(error)}, status=400)
    messages.success(request, _("Your e-mail address is confirmed. Please log in."))
    return redirect("accounts:login")


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verification_email_resend(email=form.cleaned_data["email"])
        messages.success(
            request,
            _("If an account at this address is waiting for activation, a new link is on its way."),
        )
        return redirect("accounts:login")
    return render(request, "registration/resend_verification.html", {"form": form})


@login_required
def workbench(request):
    """Where each role starts after logging in."""
    user = request.user
    if user.is_veteran:
        try:
            user.veteran_profile  # noqa: B018 -- the reverse one-to-one, not an import upwards
        except ObjectDoesNotExist:
            return redirect("veterans:profile_step", step="identity")
        return redirect("home")
    try:
        return redirect(reverse(WORKBENCH_URLS[user.role]))
    except (KeyError, NoReverseMatch):
        return redirect("home")
