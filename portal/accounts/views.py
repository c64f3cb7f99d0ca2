"""Sign-up with e-mail verification, and the after-login landing page of each role."""

from base64 import b32encode
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views import i18n as i18n_views
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from portal.accounts import mfa, personal_data
from portal.accounts.decorators import bureau_required
from portal.accounts.forms import (
    AccountDeleteForm,
    NotificationSettingsForm,
    OfficerCreateForm,
    OneTimePasswordForm,
    PhoneCodeForm,
    PhoneForm,
    RecoveryCodeForm,
    ResendVerificationForm,
    SignupForm,
)
from portal.accounts.middleware import is_staff_user
from portal.accounts.models import Notification
from portal.accounts.policies import may_delete_account, may_manage_officers
from portal.accounts.security import client_ip, rate_limit_hit
from portal.accounts.selectors import (
    inbox_page,
    notifications_of,
    officers_visible_to,
    personal_data_summary,
)
from portal.accounts.services import (
    account_delete,
    email_verify,
    notification_mark_read,
    notification_settings_set,
    notifications_mark_all_read,
    officer_account_create,
    officer_account_deactivate,
    personal_data_export,
    phone_verification_start,
    phone_verify,
    user_language_set,
    verification_email_resend,
    veteran_signup,
)
from portal.forms import save_form
from portal.pagination import paginate
from portal.refusals import run_service
from portal.workflow import Conflict, DomainError

# Each role's first page; other apps' views, so they are looked up only when needed.
WORKBENCH_URLS = {
    "enterprise": "jobs:enterprise_post_list",
    "bureau": "jobs:post_review_queue",
    "ministry": "enterprises:agreement_list",
    "institution": "jobs:my_institution",
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
                language=request.LANGUAGE_CODE,
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


def _resend_refused(request, email: str) -> bool:
    """Per client address and per e-mail address: neither a flood from one address nor a
    round of addresses spreading it over many e-mails gets through."""
    limit = settings.RESEND_VERIFICATION_PER_HOUR
    by_address = rate_limit_hit(scope="resend:ip", key=client_ip(request), limit=limit)
    by_email = rate_limit_hit(scope="resend:email", key=email.strip().lower(), limit=limit)
    return by_address or by_email


@require_http_methods(["GET", "POST"])
def resend_verification(request):
    form = ResendVerificationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if _resend_refused(request, form.cleaned_data["email"]):
            form.add_error(
                None, _("Too many requests for a new link. Please try again in an hour.")
            )
            return render(
                request, "registration/resend_verification.html", {"form": form}, status=429
            )
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
            # A new account opened from an enterprise's invitation link goes on to register
            # the enterprise (the link left its token in the session: enterprises.views).
            if request.session.get("enterprise_invitation"):
                return redirect("enterprises:register")
            return redirect("veterans:profile_step", step="identity")
        return redirect("home")
    try:
        return redirect(reverse(WORKBENCH_URLS[user.role]))
    except (KeyError, NoReverseMatch):
        return redirect("home")


# --- one-time passwords for bureau and ministry staff ---------------------------------------


def _staff_only(request):
    if not is_staff_user(request.user):
        raise Http404


def _next_url(request) -> str:
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    safe = url_has_allowed_host_and_scheme(wanted, {request.get_host()}, request.is_secure())
    return wanted if safe else reverse("accounts:workbench")


@login_required
@require_http_methods(["GET", "POST"])
def mfa_setup(request):
    """Enrol an authenticator app: without a confirmed device, or, to replace a lost phone,
    once this session is past the second factor (a recovery code). A stolen password alone
    must not be enough to move the second factor. Enrolment ends on the recovery codes."""
    _staff_only(request)
    if mfa.confirmed_device(request.user) is not None and not request.user.is_verified():
        return redirect("accounts:mfa_verify")
    device = mfa.pending_device(request.user)
    form = OneTimePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_enrol(request=request, device=device, token=form.cleaned_data["token"]):
            messages.success(request, _("Your authenticator app is set up."))
            return _recovery_codes_page(request, mfa.recovery_codes_issue(user=request.user))
        form.add_error(
            "token",
            _("This code is not right. Check the time on your phone and try the newest code."),
        )
    context = {
        "form": form,
        "qr_svg": mfa.qr_code_svg(device),
        "secret": _base32(device),
        "next": _next_url(request),
    }
    return render(request, "registration/mfa_setup.html", context)


def _base32(device) -> str:
    """The key for typing into the app by hand, in groups of four."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@login_required
@require_http_methods(["GET", "POST"])
def mfa_verify(request):
    _staff_only(request)
    if mfa.confirmed_device(request.user) is None:
        return redirect(
            f"{reverse('accounts:mfa_setup')}?{urlencode({'next': _next_url(request)})}"
        )
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = OneTimePasswordForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_verify(request=request, token=form.cleaned_data["token"]):
            return redirect(_next_url(request))
        form.add_error(
            "token", _("This code is not right, or it was already used. Try the newest code.")
        )
    return render(
        request, "registration/mfa_verify.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_recover(request):
    """A recovery code instead of the phone's one-time password."""
    _staff_only(request)
    if request.user.is_verified():
        return redirect(_next_url(request))
    form = RecoveryCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if mfa.mfa_recover(request=request, code=form.cleaned_data["code"]):
            messages.warning(
                request,
                _(
                    "You signed in with a recovery code, which is now used up; %(left)d are left. Set up your new phone below."
                )
                % {"left": mfa.recovery_codes_left(request.user)},
            )
            return redirect(
                f"{reverse('accounts:mfa_setup')}?{urlencode({'next': _next_url(request)})}"
            )
        form.add_error("code", _("This recovery code is not right, or it was already used."))
    return render(
        request, "registration/mfa_recover.html", {"form": form, "next": _next_url(request)}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mfa_recovery_codes(request):
    """How many recovery codes are left; POST makes ten new ones (the old ones stop working)
    and shows them this once."""
    _staff_only(request)
    if not request.user.is_verified():
        return redirect(f"{reverse('accounts:mfa_verify')}?{urlencode({'next': request.path})}")
    if request.method == "POST":
        return _recovery_codes_page(request, mfa.recovery_codes_issue(user=request.user))
    return render(
        request,
        "registration/mfa_recovery_codes.html",
        {"left": mfa.recovery_codes_left(request.user), "next": _next_url(request)},
    )


def _recovery_codes_page(request, codes: list[str]):
    response = render(
        request,
        "registration/mfa_recovery_codes.html",
        {"codes": codes, "next": _next_url(request)},
    )
    add_never_cache_headers(response)
    return response


# --- the inbox ------------------------------------------------------------------------------


@login_required
def inbox(request):
    """Pages by keyset (``?before=<id>``): the hundredth page costs what the first does."""
    before = request.GET.get("before", "")
    before = int(before) if before.isdigit() and len(before) <= 18 else None
    page = inbox_page(request.user, before=before)
    return render(request, "accounts/notification_list.html", {**page, "older": before is not None})


def _own_notification(request, pk: int) -> Notification:
    return get_object_or_404(notifications_of(request.user), pk=pk)


def _back_to_inbox(request):
    """To the inbox page the user was on (the forms send it as ``next``)."""
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("accounts:inbox")
    return redirect(target)


@login_required
@require_POST
def notification_open(request, pk: int):
    """Follow an entry's link, marking it read on the way (a POST: it changes state)."""
    notification = _own_notification(request, pk)
    notification_mark_read(notification=notification, user=request.user)
    link = notification.link
    if link and url_has_allowed_host_and_scheme(link, allowed_hosts={request.get_host()}):
        return redirect(link)
    return _back_to_inbox(request)


@login_required
@require_POST
def notification_read(request, pk: int):
    notification_mark_read(notification=_own_notification(request, pk), user=request.user)
    return _back_to_inbox(request)


@login_required
@require_POST
def notifications_read_all(request):
    count = notifications_mark_all_read(user=request.user)
    messages.success(
        request,
        ngettext(
            "%(count)d notification marked as read.",
            "%(count)d notifications marked as read.",
            count,
        )
        % {"count": count},
    )
    return _back_to_inbox(request)


@login_required
@require_http_methods(["GET", "POST"])
def notification_settings(request):
    form = NotificationSettingsForm(request.POST or None, user=request.user)
    saved = save_form(
        request,
        form,
        lambda data: notification_settings_set(
            user=request.user,
            language=data["language"],
            emailed_kinds=set(data["emailed_kinds"]),
            texted_kinds=frozenset(data.get("texted_kinds", ())),
        ),
    )
    if saved is not None:
        messages.success(request, _("Your notification settings are saved."))
        return redirect("accounts:inbox")
    return render(request, "accounts/notification_settings.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def phone_verification(request):
    form = PhoneForm(request.POST or None, initial={"phone": request.user.phone})
    started = save_form(
        request,
        form,
        lambda data: phone_verification_start(user=request.user, phone=data["phone"]),
    )
    if started is not None:
        messages.success(
            request, _("A code is on its way to %(phone)s.") % {"phone": started.phone}
        )
        return redirect("accounts:phone_confirm")
    return render(request, "accounts/phone_verification.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def phone_confirm(request):
    form = PhoneCodeForm(request.POST or None)
    verified = save_form(
        request, form, lambda data: phone_verify(user=request.user, code=data["code"])
    )
    if verified is not None:
        messages.success(request, _("Your mobile number is verified."))
        return redirect("accounts:notification_settings")
    return render(request, "accounts/phone_confirm.html", {"form": form})


@require_POST
def set_language(request):
    """Django's language switch; a signed-in user's messages follow the site's language."""
    response = i18n_views.set_language(request)
    if request.user.is_authenticated:
        user_language_set(user=request.user, language=request.POST.get("language", ""))
    return response


# --- a person's own data (PIPL) ------------------------------------------------------------


@login_required
@require_GET
def my_data(request):
    """What the portal holds, the download in two forms, and the way out."""
    context = {
        "holdings": personal_data_summary(request.user),
        "deletion_refusal": may_delete_account.reason(request.user),
    }
    return render(request, "accounts/my_data.html", context)


@login_required
@require_GET
def my_data_download(request, fmt: str):
    data = personal_data_export(user=request.user)
    if fmt == "xlsx":
        content = personal_data.to_xlsx(data)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        content, content_type = personal_data.to_json(data), "application/json; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="my-data.{fmt}"'
    add_never_cache_headers(response)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete_view(request):
    form = AccountDeleteForm(request.POST or None)
    refusal = may_delete_account.reason(request.user)
    user = request.user
    saved = save_form(
        request, form, lambda data: account_delete(user=user, password=data["password"]) or True
    )
    if saved:
        logout(request)
        messages.success(request, _("Your account is deleted and your personal data erased."))
        return redirect("home")
    return render(request, "accounts/account_delete.html", {"form": form, "refusal": refusal})


# --- a managing officer's officers ---------------------------------------------------------


@bureau_required
@require_GET
def officer_list(request):
    if not may_manage_officers.allows(request.user):
        raise Http404
    officers = officers_visible_to(request.user).order_by("-is_active", "region__code", "username")
    context = {"page_obj": paginate(request, officers)}
    return render(request, "accounts/officer_list.html", context)


@bureau_required
@require_http_methods(["GET", "POST"])
def officer_create(request):
    if not may_manage_officers.allows(request.user):
        raise Http404
    form = OfficerCreateForm(request.POST or None, manager=request.user)
    saved = save_form(
        request, form, lambda data: officer_account_create(manager=request.user, **data)
    )
    if saved is not None:
        messages.success(
            request, _("The account is created; the officer sets a password from the e-mail.")
        )
        return redirect("accounts:officer_list")
    return render(request, "accounts/officer_form.html", {"form": form})


@bureau_required
@require_POST
def officer_deactivate(request, pk: int):
    officer = get_object_or_404(officers_visible_to(request.user), pk=pk)
    run_service(
        request,
        lambda: officer_account_deactivate(officer=officer, manager=request.user),
        _("The account is deactivated; it can no longer sign in."),
    )
    return redirect("accounts:officer_list")
