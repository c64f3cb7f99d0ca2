"""Django's login signal starts the short session of bureau and ministry staff."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from portal.accounts.middleware import is_staff_user, staff_session_start


@receiver(user_logged_in, dispatch_uid="portal.accounts.staff_session_start")
def _staff_session_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session") and is_staff_user(user):
        staff_session_start(request)
