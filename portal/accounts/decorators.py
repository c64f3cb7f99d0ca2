"""Role gates for views. A wrong role gets 404, as an out-of-scope object does, so a page
never tells a stranger that it exists; anonymous users are sent to the login page."""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.http import Http404

from portal.accounts.models import ORGANISATION_STAFF_ROLES


def role_required(*roles: str):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if request.user.role not in roles:
                raise Http404
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


veteran_required = role_required("veteran")
enterprise_required = role_required("enterprise")
bureau_required = role_required("bureau")
ministry_required = role_required("ministry")
regulator_required = role_required("bureau", "ministry")
organisation_staff_required = role_required(*ORGANISATION_STAFF_ROLES)
