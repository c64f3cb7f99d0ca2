"""API token authentication that refuses the tokens of bureau and ministry staff.

A token is a bearer secret that no one-time password protects, so staff use the API only
through their browser session, which the MFA check covers (README "Security and personal
data"). Veterans and enterprise staff keep their tokens.
"""

from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions

from portal.accounts.middleware import is_staff_user


class TokenAuthentication(authentication.TokenAuthentication):
    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_staff_user(user):
            raise exceptions.AuthenticationFailed(
                _(
                    "Staff accounts use the API through a logged-in session with a one-time password, not a token."
                )
            )
        return user, token
