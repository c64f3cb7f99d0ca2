"""Who may refer a veteran to a post and who answers a referral, decided once (portal.rules)."""

from django.utils.translation import gettext_lazy as _

from enterprises.policies import staff_of
from jobs.models import Application, JobPost, Referral
from jobs.policies import may_apply
from jobs.referrals.selectors import referral_consent_q
from portal.rules import rule
from portal.workflow import Conflict
from veterans.models import VeteranProfile
from veterans.selectors import matched_q


@rule(
    "referrals.may_refer",
    outside=_("Only the veterans-affairs bureau of the veteran's and the post's region may refer."),
)
def may_refer(user, veteran, post: JobPost) -> bool:
    """A bureau officer refers a veteran of the region subtree to a post of it."""
    return bool(
        user.is_authenticated
        and user.is_bureau
        and user.governs(veteran.home_region)
        and user.governs(post.region)
    )


@rule(
    "referrals.may_be_referred",
    error=Conflict,
    no_consent=_(
        "This veteran has not consented to referrals (or withdrew the consent), or is no "
        "longer looking for work."
    ),
    already_referred=_("This veteran was already referred to this post."),
    already_applied=_("This veteran has already applied to this post."),
    post_closed=_("This post takes no applications now, so nobody can be referred to it."),
)
def may_be_referred(veteran, post: JobPost) -> str | None:
    """The veteran consents (to referrals and to the processing of their sensitive data)
    and looks for work, the post is open, and neither a referral nor an application joins
    them yet. The unique constraint still decides between two officers at once."""
    consenting = VeteranProfile.objects.filter(matched_q(), referral_consent_q(), pk=veteran.pk)
    if not consenting.exists():
        return "no_consent"
    if Application.objects.filter(post=post, veteran=veteran).exists():
        return "already_applied"
    if not may_apply.allows(post):
        return "post_closed"
    if Referral.objects.filter(post=post, veteran=veteran).exists():
        return "already_referred"
    return None


@rule(
    "referrals.may_answer",
    not_staff=_("Only the staff of the post's enterprise may answer this referral."),
)
def may_answer_referral(user, referral: Referral) -> bool:
    """The enterprise the veteran was referred to answers; whether the referral still
    waits for an answer is its transition map's."""
    return staff_of.allows(user, referral.post.branch.enterprise_id)
