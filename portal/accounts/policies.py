"""Who may delete an account or manage officers' accounts, decided once (portal.rules)."""

from django.utils.translation import gettext_lazy as _

from portal.rules import rule


@rule(
    "accounts.may_delete_account",
    staff=_(
        "A staff account is not deleted by its holder: the manager who gave it deactivates it."
    ),
)
def may_delete_account(user) -> bool:
    """A person deletes their own account (PIPL erasure); an account that works for an
    organisation holds that organisation's records and is deactivated by its manager."""
    return user.is_authenticated and not user.is_staff_account


@rule(
    "accounts.may_manage_officers",
    outside=_("Only a managing officer of the bureau manages the accounts of its officers."),
)
def may_manage_officers(user, region=None) -> bool:
    """A managing officer creates and deactivates officer accounts in its region subtree
    (``region``: the officer's; None asks whether the user manages any)."""
    if not (user.is_authenticated and user.is_bureau and user.manages_officers):
        return False
    return region is None or user.region.contains(region)


@rule(
    "accounts.may_deactivate_officer",
    outside=_("Only a managing officer of the bureau manages the accounts of its officers."),
    self=_("You cannot deactivate your own account."),
)
def may_deactivate_officer(user, officer):
    if not may_manage_officers(user, officer.region) or not officer.is_bureau:
        return "outside"
    if officer.pk == user.pk:
        return "self"
    return None
