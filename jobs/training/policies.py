"""Who may manage training and record its enrolments, decided once (portal.rules)."""

from django.utils.translation import gettext_lazy as _

from portal.rules import rule


@rule("training.may_manage", outside=_("Only the bureau of the region can manage its training."))
def may_manage_training(user, region) -> bool:
    """The bureaus that commission training write the catalogue of their region subtree;
    the ministry reads it."""
    return bool(user.is_authenticated and user.is_bureau and region and user.governs(region))


@rule(
    "training.may_record",
    outside=_("Only the bureau of the programme's region can record this."),
)
def may_record_enrolment(user, programme) -> bool:
    """Attendance, completion and drop-out are the programme's bureau's to record; the
    ministry reads enrolments but does not record them."""
    return user.is_authenticated and user.is_bureau and user.governs(programme.region)


@rule("training.may_withdraw", not_own=_("You can only withdraw your own enrolment."))
def may_withdraw_enrolment(enrolment, veteran) -> bool:
    return veteran is not None and enrolment.veteran_id == veteran.pk


@rule(
    "training.may_see_roll",
    outside=_("Only the authorities over the programme's region see who enrolled."),
)
def may_see_roll(user, programme) -> bool:
    """The roll and the trail of a programme: the bureau over its region and the ministry."""
    return user.is_authenticated and user.governs(programme.region)
