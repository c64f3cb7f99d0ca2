"""Bureau and ministry sessions: at most STAFF_SESSION_HOURS long, and no page before the
one-time password (MFA) of the session is checked (#8)."""

import time
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth import logout
from django.http import JsonResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _

STAFF_LOGIN_AT = "staff_login_at"
# What a staff member may open before the one-time password: the MFA pages themselves,
# logging out, the language switch, static files and the health check.
MFA_EXEMPT_PREFIXES = (
    "/accounts/mfa/",
    "/accounts/login/",
    "/accounts/logout/",
    "/i18n/",
    "/static/",
    "/health/",
)


def is_staff_user(user) -> bool:
    """The people MFA and the short session apply to: bureau staff, ministry admins, and
    anyone who can open the Django admin."""
    return user.is_authenticated and (user.role in ("bureau", "ministry") or user.is_staff)


def staff_session_start(request) -> None:
    """Called on login (signal): the session of a staff member ends after the set hours."""
    request.session[STAFF_LOGIN_AT] = int(time.time())
    request.session.set_expiry(settings.STAFF_SESSION_HOURS * 3600)


def _expired(request) -> bool:
    started = request.session.get(STAFF_LOGIN_AT)
    return started is None or time.time() - started > settings.STAFF_SESSION_HOURS * 3600


class StaffSessionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = request.user
        if not is_staff_user(user) or request.path.startswith(MFA_EXEMPT_PREFIXES):
            return self.get_response(request)
        if _expired(request):
            logout(request)
            return self._refuse(
                request,
                "accounts:login",
                _("Your session has ended; please log in again."),
                code="session_expired",
            )
        if not user.is_verified():
            return self._refuse(
                request,
                "accounts:mfa_verify",
                _("Enter the one-time password from your authenticator app first."),
                code="otp_required",
            )
        return self.get_response(request)

    def _refuse(self, request, url_name: str, message: str, code: str):
        if request.path.startswith("/api/"):
            return JsonResponse({"detail": message, "code": code}, status=403)
        response = redirect(url_name)
        if url_name != "accounts:login":
            response["Location"] += "?" + urlencode({"next": request.get_full_path()})
        return response
