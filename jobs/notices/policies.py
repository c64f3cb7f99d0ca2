"""Who publishes and changes notices, decided once (portal.rules)."""

from django.utils.translation import gettext_lazy as _

from jobs.models import Notice
from portal.rules import rule
from portal.workflow import Conflict


@rule(
    "notices.may_manage",
    outside=_(
        "Only the ministry changes national notices, and only the bureau of a region its own."
    ),
)
def may_manage_notice(user, notice: Notice) -> bool:
    """A notice is the publisher's alone: a province bureau does not change its cities'."""
    if not user.is_authenticated:
        return False
    if notice.region_id is None:
        return user.is_ministry
    return user.is_bureau and user.region_id == notice.region_id


@rule(
    "notices.may_edit",
    error=Conflict,
    published=_("A published notice cannot be changed: withdraw it first, then edit it."),
)
def may_edit_notice(notice: Notice) -> bool:
    return notice.is_editable
