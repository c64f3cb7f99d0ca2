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


@rule(
    "feedback.may_see_aggregates",
    not_regulator=_("Only the veterans-affairs authorities see the feedback of a region."),
)
def may_see_feedback_aggregates(user) -> bool:
    """The ministry (nationwide) and bureau staff (their region subtree); never who said
    what: the aggregates carry no names, the comments none either."""
    return bool(user.is_authenticated and (user.is_ministry or user.is_bureau))
