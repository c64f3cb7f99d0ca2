"""Who may manage training and record its enrolments, decided once (portal.rules).

The bureau of a region manages the institutions and programmes of its region subtree; an
institution's own staff (invited by that bureau) propose programmes, which wait for the
bureau's approval, and keep the rolls of their institution's approved programmes."""

from django.utils.translation import gettext_lazy as _

from portal.rules import rule
from portal.workflow import Conflict
from veterans.models import TrainingProgramme


def staff_of_institution(user, institution_id) -> bool:
    """Whether ``user`` is an active staff account of the institution (its membership row
    is read once per request object)."""
    if not (user.is_authenticated and user.is_institution_staff and user.is_active):
        return False
    membership = getattr(user, "institution_membership", None)
    return membership is not None and membership.institution_id == institution_id


@rule("training.may_manage", outside=_("Only the bureau of the region can manage its training."))
def may_manage_training(user, region) -> bool:
    """The bureaus that commission training write the catalogue of their region subtree;
    the ministry reads it."""
    return bool(user.is_authenticated and user.is_bureau and region and user.governs(region))


@rule(
    "training.may_propose",
    outside=_("Only the staff of the institution can propose its programmes."),
    elsewhere=_("A programme of the institution takes place in the institution's own region."),
)
def may_propose_programme(user, institution, region=None):
    """An institution proposes programmes of its own, in its region (where its bureau
    approved it to teach)."""
    if not staff_of_institution(user, institution.pk):
        return "outside"
    if region is not None and not institution.region.contains(region):
        return "elsewhere"
    return None


@rule(
    "training.may_revise",
    outside=_("Only the staff of the institution can change its proposals."),
    decided=_("The bureau has approved this programme; ask the bureau to change it."),
)
def may_revise_programme(user, programme):
    if not staff_of_institution(user, programme.institution_id):
        return "outside"
    if programme.status == TrainingProgramme.Status.APPROVED:
        return "decided"
    return None


@rule(
    "training.may_review_programme",
    outside=_("Only the bureau of the programme's region can approve or reject it."),
)
def may_review_programme(user, programme) -> bool:
    return user.is_authenticated and user.is_bureau and user.governs(programme.region)


@rule(
    "training.may_record",
    outside=_("Only the bureau of the programme's region or its institution can record this."),
    not_approved=_("The bureau has not approved this programme yet."),
)
def may_record_enrolment(user, programme):
    """Attendance, completion and drop-out are recorded by the programme's bureau or by the
    institution that teaches it, once approved; the ministry reads but does not record."""
    if user.is_authenticated and user.is_bureau and user.governs(programme.region):
        return None
    if not staff_of_institution(user, programme.institution_id):
        return "outside"
    if programme.status != TrainingProgramme.Status.APPROVED:
        return "not_approved"
    return None


@rule("training.may_withdraw", not_own=_("You can only withdraw your own enrolment."))
def may_withdraw_enrolment(enrolment, veteran) -> bool:
    return veteran is not None and enrolment.veteran_id == veteran.pk


@rule(
    "training.may_see_roll",
    outside=_("Only the authorities over the programme's region see who enrolled."),
)
def may_see_roll(user, programme) -> bool:
    """The roll and the trail of a programme: the bureau over its region, the ministry and
    the institution that teaches it."""
    if not user.is_authenticated:
        return False
    return user.governs(programme.region) or staff_of_institution(user, programme.institution_id)


# --- training cooperation (issue 19): programmes linked to a training agreement -------------


def agreement_links_no_programme(agreement) -> str | None:
    """Why the agreement links no programme at all, whichever the programme (a reason code
    of may_link_programme), or None."""
    if agreement.cooperation_mode != agreement.CooperationMode.TRAINING:
        return "not_training"
    if agreement.status in (agreement.Status.EXPIRED, agreement.Status.TERMINATED):
        return "over"
    return None


@rule(
    "training.may_link_programme",
    error=Conflict,
    not_training=_("Only a training cooperation agreement links training programmes."),
    over=_("The agreement is over; it links no more programmes."),
    outside=_("This programme takes place outside the region the agreement was signed in."),
    not_approved=_("Only a programme the bureau has approved can be linked."),
    already_linked=_("This programme is already linked to the agreement."),
)
def may_link_programme(agreement, programme):
    """Whether the programme may be linked to the agreement (who may link is the
    agreement's signatory authority: enterprises.may_act_on_agreement)."""
    refusal = agreement_links_no_programme(agreement)
    if refusal:
        return refusal
    if agreement.region_id is not None and not agreement.region.contains(programme.region):
        return "outside"
    if programme.status != TrainingProgramme.Status.APPROVED:
        return "not_approved"
    if agreement.training_links.filter(programme=programme).exists():
        return "already_linked"
    return None


@rule(
    "training.may_unlink_programme",
    error=Conflict,
    not_linked=_("This programme is not linked to the agreement."),
)
def may_unlink_programme(agreement, programme) -> bool:
    return agreement.training_links.filter(programme=programme).exists()
