"""Who answers feedback and who sees its aggregates, decided once (portal.rules)."""

from django.utils.translation import gettext_lazy as _

from jobs.models import Feedback
from portal.rules import rule


@rule(
    "feedback.may_answer",
    not_asked=_("Only the veteran these questions were put to may answer them."),
)
def may_answer_feedback(user, feedback: Feedback) -> bool:
    """Whether the questions still wait for an answer is the transition map's."""
    return bool(user.is_authenticated and user.is_veteran and feedback.veteran.user_id == user.pk)
