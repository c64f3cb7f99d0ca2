"""The third-party apps under names that read in the admin's language (Django's admin shows
an app's verbose_name: "AXES" and "OTP_TOTP" otherwise)."""

from axes.apps import AppConfig as AxesAppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop
from django_otp.plugins.otp_static.apps import DefaultConfig as StaticDefaultConfig
from django_otp.plugins.otp_totp.apps import DefaultConfig as TOTPDefaultConfig


class AxesConfig(AxesAppConfig):
    verbose_name = _("Login attempts and lockouts")


class TOTPConfig(TOTPDefaultConfig):
    verbose_name = _("Authenticator apps")


class StaticConfig(StaticDefaultConfig):
    verbose_name = _("Recovery codes")


# Words of third-party code that the admin shows untranslated in zh-hans: Django's own admin
# (its zh_Hans catalogue lacks the app list's headers, new in 5.x) and django-axes (no
# Chinese catalogue). Listed here so makemessages keeps them in locale/, whose catalogue
# Django reads before the apps' own (LOCALE_PATHS).
THIRD_PARTY_WORDS = (
    gettext_noop("Model name"),
    gettext_noop("Add link"),
    gettext_noop("Change or view list link"),
    gettext_noop("access attempt"),
    gettext_noop("access attempts"),
    gettext_noop("access failure"),
    gettext_noop("access failures"),
    gettext_noop("access log"),
    gettext_noop("access logs"),
    gettext_noop("access attempt expiration"),
    gettext_noop("access attempt expirations"),
)
