"""Who may do what with veterans' start-ups, decided once (portal.rules)."""

from django.utils.translation import gettext_lazy as _

from portal.rules import rule
from startups.models import StartUp


@rule(
    "startups.may_confirm_startup",
    outside=_("Only the bureau of the start-up's region may confirm it."),
    founder_elsewhere=_(
        "The founder is not a veteran of your region: the bureau of their home region confirms it."
    ),
)
def may_confirm_startup(user, startup: StartUp) -> str | None:
    """A start-up is confirmed by a bureau (not the ministry) governing both where it is
    registered and where its founder lives: that bureau knows the founder is its veteran."""
    if not (user.is_bureau and user.governs(startup.region)):
        return "outside"
    if not user.governs(startup.founder.home_region):
        return "founder_elsewhere"
    return None


@rule(
    "startups.may_correct_startup",
    decided=_("Only a declaration that was not confirmed may be corrected and sent again."),
)
def may_correct_startup(user, startup: StartUp) -> bool:
    return startup.founder.user_id == user.pk and startup.status == StartUp.Status.REJECTED


@rule(
    "startups.may_register_staff",
    not_confirmed=_("A start-up registers staff once a bureau has confirmed it."),
)
def may_register_staff(user, startup: StartUp) -> bool:
    """The founder registers the start-up's staff accounts (who then post its jobs)."""
    return startup.founder.user_id == user.pk and startup.status == StartUp.Status.CONFIRMED


@rule(
    "startups.may_pair_mentor",
    outside=_("Only the bureau of the veteran's region pairs them with a mentor."),
    full=_("This mentor has no room for another mentee."),
    self_paired=_("A veteran cannot be their own mentor."),
)
def may_pair_mentor(user, request, mentor) -> str | None:
    if not (user.is_bureau and user.governs(request.region)):
        return "outside"
    if mentor.profile_id == request.veteran_id:
        return "self_paired"
    if not mentor.active or mentor.pairs.count() >= mentor.capacity:
        return "full"
    return None


@rule(
    "startups.may_record_session",
    not_party=_("Only the mentor and the mentee record their sessions."),
)
def may_record_session(user, pair) -> bool:
    return user.pk in (pair.mentor.profile.user_id, pair.request.veteran.user_id)


# The bureau's case records and catalogue -------------------------------------------------


@rule(
    "startups.may_open_case",
    outside=_("Only the bureau of the founder's home region keeps their case record."),
)
def may_open_case(user, startup: StartUp) -> bool:
    return user.is_bureau and user.governs(startup.founder.home_region)


@rule(
    "startups.may_keep_case",
    outside=_("Only the bureau of the entrepreneur's region keeps this case record."),
)
def may_keep_case(user, case) -> bool:
    """Recording in a case: a bureau over the region the case is kept in (not the ministry,
    which reads the figures, not the records)."""
    return user.is_bureau and user.governs(case.region)


@rule(
    "startups.may_keep_catalogue",
    outside=_("Only a bureau keeps the catalogue of its own region."),
)
def may_keep_catalogue(user, region) -> bool:
    """A base or a policy is listed, changed and retired by a bureau over its region."""
    return user.is_bureau and region is not None and user.governs(region)
