"""Checks and helpers shared by the jobs app's services."""

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from enterprises.models import Agreement, Branch, Enterprise
from enterprises.policies import agreement_posts_committed, staff_of
from jobs.models import (
    MATERIAL_FIELDS,
    Application,
    JobPost,
)
from portal.accounts.models import User
from portal.workflow import Conflict, NotAllowed

EDITABLE_FIELDS = frozenset(MATERIAL_FIELDS) | {"deadline", "is_national"}
# A pending post is being reviewed as it stands; later statuses are final.
EDITABLE_STATUSES = (JobPost.Status.DRAFT, JobPost.Status.REJECTED, JobPost.Status.PUBLISHED)
# The employer's pipeline steps; hiring and withdrawal have their own services.
PIPELINE_STEPS = frozenset(Application.OPEN[1:]) | {Application.Status.REJECTED}
REVIEW_FIELDS = ["status", "decision_reason", "reviewed_by", "reviewed_at", "updated_at"]
HANDLED_FIELDS = ["status", "handled_by", "handled_at", "resolution_note"]
RECORDED_FIELDS = ["status", "outcome", "left_reason", "note", "recorded_by", "recorded_at"]


# --- checks and helpers ---------------------------------------------------------------


def _require_reason(reason: str) -> None:
    if not (reason or "").strip():
        raise ValidationError(_("Please give a reason."), code="reason_required")


def _locked(model, pk):
    return model.objects.select_for_update().get(pk=pk)


def _enterprise_emails(enterprise_id: int) -> list[str]:
    staff = User.objects.filter(enterprise_membership__enterprise_id=enterprise_id, is_active=True)
    return list(staff.values_list("email", flat=True))


def _post_context(post: JobPost) -> dict:
    return {"post_title": post.title, "enterprise": post.branch.enterprise.name}


def _check_pledge(post: JobPost) -> None:
    """Refuse a post that would over-pledge its agreement (what counts is
    enterprises.policies'). The agreement row is locked while its posts' openings are
    summed, so two posts created at once under the same agreement cannot both take its last
    pledged places."""
    if post.agreement_id is None:
        return
    agreement = _locked(Agreement, post.agreement_id)
    if agreement.enterprise_id != post.branch.enterprise_id:
        raise NotAllowed(_("This agreement belongs to another enterprise."))
    # Before the daily task expires it, an agreement past its term takes no posts either.
    if agreement.status != Agreement.Status.ACTIVE or agreement.ends_on < timezone.localdate():
        raise Conflict(_("Posts can only be counted against an active agreement."))
    committed = agreement_posts_committed(agreement, excluding=post)
    if committed + post.openings > agreement.pledged_posts:
        raise Conflict(
            _("This agreement pledges %(pledged)d posts and %(left)d are still free.")
            % {"pledged": agreement.pledged_posts, "left": agreement.pledged_posts - committed}
        )


def _check_branch(post: JobPost, user) -> None:
    branch = post.branch
    staff_of.require(user, branch.enterprise_id)
    if branch.status != Branch.Status.APPROVED:
        raise Conflict(_("Posts can only be published under an approved branch."))
    _check_enterprise(branch.enterprise)


def _check_enterprise(enterprise: Enterprise) -> None:
    if enterprise.status != Enterprise.Status.APPROVED:
        raise Conflict(_("Your enterprise is not approved to publish posts."))


def _validate(post: JobPost, *, exclude=None, today=None) -> None:
    """The model's checks and the deadline's. Bulk posting (jobs.bulk) excludes the
    reference fields it looked up itself and skips the database constraints, which
    JobPost.clean and the field validators say first (full_clean would ask the database
    once per constraint and row), and the unique checks (a post has no unique field)."""
    if exclude:
        post.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
    else:
        post.full_clean()
    if post.deadline < (today or timezone.localdate()):
        raise ValidationError({"deadline": _("The deadline cannot be in the past.")})
