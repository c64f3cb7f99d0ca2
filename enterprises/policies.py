"""Who may act on an enterprise, its branches and agreements, and what counts against an
agreement's pledge: each rule once (portal.rules), obeyed by the services and asked by the
pages that show or hide a decision."""

from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enterprises.models import Agreement, Branch, Enterprise, EnterpriseMember
from portal.rules import rule
from portal.workflow import Conflict

# Posts whose openings do not count against an agreement's pledge: a rejected post never
# took its places and a taken-down one gave them back. Every other status (drafts and
# closed, filled or expired posts too) keeps its openings counted. JobPost's status values:
# jobs sits above this app.
UNCOUNTED_POST_STATUSES = ("rejected", "taken_down")


def pledge_counted_posts(posts: QuerySet) -> QuerySet:
    """The posts of ``posts`` whose openings count against their agreement's pledge."""
    return posts.exclude(status__in=UNCOUNTED_POST_STATUSES)


def agreement_posts_committed(agreement: Agreement, *, excluding=None) -> int:
    """Openings of the agreement's counted posts (``excluding`` one post being checked).

    A caller about to add a post should hold the agreement's row lock (select_for_update)
    while it checks the sum, so two posts cannot both take the last pledged places."""
    posts = pledge_counted_posts(agreement.posts.all())
    if excluding is not None:
        posts = posts.exclude(pk=excluding.pk)
    return posts.aggregate(total=Sum("openings"))["total"] or 0


@rule(
    "enterprises.may_review_enterprise",
    other_authority=_("This enterprise is reviewed by another authority."),
)
def may_review_enterprise(user, enterprise: Enterprise) -> bool:
    """Centrally managed SOEs are the ministry's to review; every other one its HQ bureau's."""
    if enterprise.reviewed_by_ministry:
        return user.is_ministry
    return user.is_bureau and user.governs(enterprise.hq_region)


@rule(
    "enterprises.may_review_branch",
    outside=_("Only the bureau of the branch's region may review it."),
)
def may_review_branch(user, branch: Branch) -> bool:
    return user.is_bureau and user.governs(branch.region)


@rule(
    "enterprises.may_act_on_agreement",
    not_signatory=_("Only the signatory authority may act on this agreement."),
)
def may_act_on_agreement(user, agreement: Agreement) -> bool:
    """The ministry acts on its own agreements, a bureau on those signed in its region."""
    if agreement.signatory_level == Agreement.SignatoryLevel.MINISTRY:
        return user.is_ministry
    return user.is_bureau and user.governs(agreement.region)


@rule(
    "enterprises.may_renew_agreement",
    error=Conflict,
    not_expired=_("Only an agreement whose term has ended can be renewed."),
    renewed=_("This agreement has already been renewed."),
)
def may_renew_agreement(agreement: Agreement) -> str | None:
    if agreement.status != Agreement.Status.EXPIRED:
        return "not_expired"
    if Agreement.objects.filter(renewed_from=agreement).exists():
        return "renewed"
    return None


@rule("enterprises.staff_of", outsider=_("Only staff of this enterprise may do this."))
def staff_of(user, enterprise_id: int) -> bool:
    """The enterprise's own staff act on its branches, posts and applicants."""
    if not (user.is_authenticated and user.is_enterprise_staff and enterprise_id is not None):
        return False
    membership = getattr(user, "enterprise_membership", None)
    return membership is not None and membership.enterprise_id == enterprise_id


@rule(
    "enterprises.may_add_branch",
    error=Conflict,
    not_approved=_("Only an approved enterprise may add branches."),
)
def may_add_branch(enterprise: Enterprise) -> bool:
    """Branches (and so posts) come once the authority has approved the enterprise."""
    return enterprise.status == Enterprise.Status.APPROVED


@rule(
    "enterprises.admin_of",
    not_admin=_("Only an administrator of this enterprise may invite colleagues."),
)
def admin_of(user, enterprise: Enterprise) -> bool:
    return EnterpriseMember.objects.filter(
        enterprise=enterprise, user=user, role=EnterpriseMember.Role.ADMIN
    ).exists()


# Invitations and screening (issue 19) --------------------------------------------------


def authority_of(user) -> tuple[str, object] | None:
    """The signatory level and region a user invites and screens for: the ministry for its
    own agreements, a provincial or city bureau for those signed at its level in its region
    (agreements are not signed at district level). None for everyone else."""
    if not user.is_authenticated:
        return None
    if user.is_ministry:
        return Agreement.SignatoryLevel.MINISTRY, None
    if user.is_bureau and user.region.level in (
        Agreement.SignatoryLevel.PROVINCE,
        Agreement.SignatoryLevel.CITY,
    ):
        return user.region.level, user.region
    return None


@rule(
    "enterprises.may_invite",
    no_signatory=_("Only the ministry and provincial or city bureaus invite enterprises."),
)
def may_invite(user) -> bool:
    return authority_of(user) is not None


def _signs_for(user, obj) -> bool:
    """The authority that invited or screens ``obj`` (its level and region) is ``user``'s:
    the ministry for its own, a bureau for those in its region."""
    if obj.signatory_level == Agreement.SignatoryLevel.MINISTRY:
        return user.is_ministry
    return user.is_bureau and user.governs(obj.region)


@rule(
    "enterprises.may_manage_invitation",
    not_inviter=_("Only the authority that sent this invitation may act on it."),
)
def may_manage_invitation(user, invitation) -> bool:
    return _signs_for(user, invitation)


@rule(
    "enterprises.may_screen_prospect",
    not_signatory=_("Only the authority that would sign with this enterprise screens it."),
)
def may_screen_prospect(user, prospect) -> bool:
    return _signs_for(user, prospect)


@rule(
    "enterprises.may_use_invitation_link",
    error=Conflict,
    answered=_("This invitation has already been answered."),
    expired=_(
        "This invitation link has expired. Ask the authority that invited you to send it again."
    ),
)
def may_use_invitation_link(invitation) -> str | None:
    """The invitee's link registers or declines while the invitation is open and the link
    has not expired (to the second: valid at ``expires_at``, not after)."""
    if invitation.status in ("registered", "declined"):
        return "answered"
    if not invitation.link_works(timezone.now()):
        return "expired"
    return None


@rule(
    "enterprises.may_resend_invitation",
    error=Conflict,
    answered=_("An answered invitation is not sent again."),
)
def may_resend_invitation(invitation) -> bool:
    return invitation.status in ("sent", "expired")


@rule(
    "enterprises.may_decide_commendation",
    not_ministry=_("Only the ministry confirms, dismisses or adds commendations and warnings."),
)
def may_decide_commendation(user) -> bool:
    return user.is_authenticated and user.is_ministry


@rule(
    "enterprises.may_deactivate_member",
    not_admin=_("Only an administrator of this enterprise may deactivate a colleague's account."),
    self=_("You cannot deactivate your own account."),
)
def may_deactivate_member(user, member: EnterpriseMember):
    """A departing colleague's account is closed by the enterprise's administrator."""
    if not admin_of(user, member.enterprise):
        return "not_admin"
    if member.user_id == user.pk:
        return "self"
    return None
