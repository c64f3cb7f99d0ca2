"""The weekly digest of new recommendations for veterans looking for work."""

import datetime

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from jobs.matching.selectors import recommendations_for
from jobs.models import RecommendationDigest
from portal.accounts.models import AuditAction
from portal.accounts.notifications import notify_after_commit
from portal.accounts.services import audit_event_record
from veterans.models import VeteranProfile
from veterans.selectors import matched_q

DIGEST_POSTS = 50  # as many as the recommendations page shows
DIGEST_LISTED = 5  # titles written into the notice itself


def week_of(day: datetime.date) -> datetime.date:
    return day - datetime.timedelta(days=day.weekday())


def digest_veteran_ids() -> list[int]:
    """The veterans a digest is for: looking for work, as the matching counts them."""
    return list(VeteranProfile.objects.filter(matched_q()).values_list("pk", flat=True))


def recommendation_digest_send(
    *, veteran_id: int, today: datetime.date | None = None
) -> RecommendationDigest | None:
    """This week's digest of the veteran's recommendations not in last week's: an inbox
    entry (and the e-mail if they chose it). One row per veteran and week, written with the
    notice, so a second run of the week sends nothing; None when there was nothing to do
    (the veteran gone, no longer looking, or already sent to this week)."""
    week = week_of(today or timezone.localdate())
    veteran = (
        VeteranProfile.objects.filter(matched_q(), pk=veteran_id).select_related("user").first()
    )
    if veteran is None:
        return None
    if RecommendationDigest.objects.filter(veteran=veteran, week_of=week).exists():
        return None
    recommended = list(recommendations_for(veteran.user)[:DIGEST_POSTS])
    earlier = (
        RecommendationDigest.objects.filter(veteran=veteran, week_of__lt=week)
        .order_by("-week_of")
        .values_list("post_ids", flat=True)
        .first()
    )
    seen = set(earlier or [])
    new = [rec for rec in recommended if rec.post_id not in seen]
    try:
        with transaction.atomic():
            digest = RecommendationDigest.objects.create(
                veteran=veteran,
                week_of=week,
                post_ids=[rec.post_id for rec in recommended],
                new_count=len(new),
            )
            if new:
                _notify(veteran, new)
                audit_event_record(
                    actor=None,
                    action=AuditAction.RECOMMENDATION_DIGEST_SENT,
                    target=veteran,
                    week=week.isoformat(),
                    posts=len(new),
                )
    except IntegrityError:  # a concurrent run of the same week wrote it first
        return None
    return digest


def _notify(veteran: VeteranProfile, new: list) -> None:
    posts = [
        {"title": rec.post.title, "enterprise": rec.post.branch.enterprise.name}
        for rec in new[:DIGEST_LISTED]
    ]
    notify_after_commit(
        to=[veteran.user.email],
        event="recommendation_digest",
        context={
            "full_name": veteran.full_name,
            "count": len(new),
            "posts": posts,
            "more": max(len(new) - DIGEST_LISTED, 0),
        },
        link=reverse("jobs:recommendations"),
    )
