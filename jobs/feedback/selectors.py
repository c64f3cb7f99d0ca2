"""Reads of feedback: a veteran's own questions, and the aggregates per enterprise,
training institution, event and region that the regulators read (and, above a minimum
number of answers, an enterprise of itself). A quarter's aggregates go into the stored
quarterly report (dashboards.queries.FEEDBACK), which the dashboards read."""

from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Count, F, QuerySet

from jobs.models import Feedback
from portal.reference.models import Region

# What an aggregate is grouped by: the key and the name shown.
GROUPS = {
    "enterprise": ("enterprise_id", "enterprise__name"),
    "institution": ("institution_id", "institution__name"),
    "event": ("event_id", "event__title"),
    "region": ("region_id", "region__name"),
}


def feedback_of(user) -> QuerySet:
    """A veteran's own questions, those waiting first."""
    if not (user.is_authenticated and user.is_veteran):
        return Feedback.objects.none()
    return (
        Feedback.objects.filter(veteran__user=user)
        .select_related(
            "placement__post", "enterprise", "enrolment__programme", "institution", "event"
        )
        .order_by(F("answered_at").desc(nulls_first=True), "-asked_at", "-pk")
    )


def feedback_waiting_for(user) -> QuerySet:
    return feedback_of(user).filter(status=Feedback.Status.ASKED)


def answered_feedback_visible_to(user, region: Region | None = None) -> QuerySet:
    """Answered feedback a regulator may count: the ministry's nationwide, a bureau's in
    its region subtree; ``region`` narrows to one region and below."""
    answered = Feedback.objects.filter(status=Feedback.Status.ANSWERED)
    if not user.is_authenticated:
        return answered.none()
    if user.is_bureau:
        answered = answered.filter(region__code__startswith=user.region.scope_prefix)
    elif not user.is_ministry:
        return answered.none()
    if region is not None:
        answered = answered.filter(region__code__startswith=region.scope_prefix)
    return answered


def aggregates(feedback: QuerySet, by: str) -> list[dict]:
    """One row per enterprise, institution, event or region: answers and the two average
    ratings, most answers first. One GROUP BY query."""
    key, name = GROUPS[by]
    rows = (
        feedback.filter(**{f"{key}__isnull": False})
        .values(key, name)
        .annotate(answers=Count("pk"), score_1=Avg("score_1"), score_2=Avg("score_2"))
        .order_by("-answers", name)
    )
    return [
        {"id": row[key], "name": row[name], "answers": row["answers"],
         "score_1": row["score_1"], "score_2": row["score_2"]}
        for row in rows
    ]  # fmt: skip


def totals(feedback: QuerySet) -> dict:
    """Answers and average ratings per subject (job, training, event)."""
    rows = feedback.values("subject").annotate(
        answers=Count("pk"), score_1=Avg("score_1"), score_2=Avg("score_2")
    )
    found = {row["subject"]: row for row in rows}
    return {
        subject: found.get(subject, {"answers": 0, "score_1": None, "score_2": None})
        for subject in Feedback.Subject.values
    }


def recent_comments(feedback: QuerySet, limit: int = 20) -> list[dict]:
    """The newest comments, without anything that says who wrote them: the subject, what
    it was about and the month."""
    rows = (
        feedback.exclude(comment="")
        .order_by("-answered_at", "-pk")
        .values("subject", "enterprise__name", "institution__name", "event__title",
                "answered_at", "comment")[:limit]
    )  # fmt: skip
    return [
        {
            "subject": Feedback.Subject(row["subject"]).label,
            "about": row["enterprise__name"] or row["institution__name"] or row["event__title"],
            "month": row["answered_at"],
            "comment": row["comment"],
        }
        for row in rows
    ]


@dataclass(frozen=True)
class EnterpriseFeedback:
    """What enterprise staff see of their veterans' ratings: the count always, the
    averages only over at least FEEDBACK_MIN_ANSWERS answers, never a comment or a name."""

    answers: int
    minimum: int
    score_1: float | None = None
    score_2: float | None = None

    @property
    def shown(self) -> bool:
        return self.answers >= self.minimum


def enterprise_feedback(enterprise_id: int) -> EnterpriseFeedback:
    answered = Feedback.objects.filter(status=Feedback.Status.ANSWERED, enterprise_id=enterprise_id)
    row = answered.aggregate(answers=Count("pk"), score_1=Avg("score_1"), score_2=Avg("score_2"))
    minimum = settings.FEEDBACK_MIN_ANSWERS
    if row["answers"] < minimum:
        return EnterpriseFeedback(answers=row["answers"], minimum=minimum)
    return EnterpriseFeedback(minimum=minimum, **row)
