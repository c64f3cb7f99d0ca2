"""The third-party apps under names that read in the admin's language (Django's admin shows
an app's verbose_name: "AXES" and "OTP_TOTP" otherwise)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts and lockouts")


class TOTPConfig(TOTPDefaultConfig):
    verbose_name = _("Authenticator apps")


class StaticConfig(StaticDefaultConfig):
    verbose_name = _("Recovery codes")
