from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "portal.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from portal.accounts import checks, signals  # noqa: F401 -- registers them
        from portal.accounts.personal_data import load_declarations

        load_declarations()
