"""Reads of referrals, scoped to the user who asks: out-of-scope rows are not in the queryset."""

import datetime

from dateutil.relativedelta import relativedelta
from django.conf import settings
from django.db.models import (
    Case,
    DateField,
    Exists,
    ExpressionWrapper,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from enterprises.selectors import staff_enterprise_id
from jobs.models import JobPost, Referral
from veterans.models import Consent, VeteranProfile, VeteranSkill
from veterans.selectors import matched_q


def referral_consent_q(prefix: str = "") -> Q:
    """A live consent to referrals (Q on VeteranProfile, or through ``prefix``)."""
    consent = Consent.objects.filter(
        user_id=OuterRef(f"{prefix}user_id"),
        purpose=Consent.Purpose.REFERRAL,
        withdrawn_at__isnull=True,
    )
    return Q(Exists(consent))


def searching_since():
    """Since when a veteran searches: the discharge date, or the day they registered."""
    registered = Cast("created_at", output_field=DateField())
    return ExpressionWrapper(Coalesce("discharge_date", registered), output_field=DateField())


def months_searching(profile: VeteranProfile, today: datetime.date | None = None) -> int:
    """Whole months since searching_since, for one profile (the list computes it in SQL)."""
    today = today or timezone.localdate()
    since = profile.discharge_date or timezone.localtime(profile.created_at).date()
    delta = relativedelta(today, since)
    return max(delta.years * 12 + delta.months, 0)


def is_hard_to_place(profile: VeteranProfile, today: datetime.date | None = None) -> bool:
    """Searching for longer than REFERRAL_HARD_TO_PLACE_MONTHS."""
    return months_searching(profile, today) > settings.REFERRAL_HARD_TO_PLACE_MONTHS


def referral_candidates_for(user) -> QuerySet[VeteranProfile]:
    """The veterans a bureau may refer: of its region subtree, looking for work with an
    active account and a live consent both to the processing of their sensitive data and to
    referrals. A withdrawn consent takes the veteran off at once (read at every request)."""
    if not (user.is_authenticated and user.is_bureau):
        return VeteranProfile.objects.none()
    skills = VeteranSkill.objects.select_related("skill").order_by("skill__name")
    return (
        VeteranProfile.objects.filter(
            matched_q(),
            referral_consent_q(),
            home_region__code__startswith=user.region.scope_prefix,
        )
        .select_related("home_region", "military_specialty", "status_confirmation")
        .prefetch_related(Prefetch("skill_links", queryset=skills))
        .annotate(searching_since=searching_since())
        .order_by("searching_since", "pk")
    )


def filter_candidates(
    candidates: QuerySet[VeteranProfile],
    *,
    military_specialty=None,
    skill=None,
    discharge_year: int | None = None,
    months_searching_min: int | None = None,
    hard_to_place: bool = False,
    today: datetime.date | None = None,
) -> QuerySet[VeteranProfile]:
    """The bureau list's filters; each one given narrows the list."""
    today = today or timezone.localdate()
    if military_specialty is not None:
        candidates = candidates.filter(military_specialty=military_specialty)
    if skill is not None:
        candidates = candidates.filter(skill_links__skill=skill)
    if discharge_year:
        candidates = candidates.filter(discharge_date__year=discharge_year)
    months = months_searching_min or 0
    if hard_to_place:
        months = max(months, settings.REFERRAL_HARD_TO_PLACE_MONTHS + 1)
    if months:
        candidates = candidates.filter(searching_since__lte=today - relativedelta(months=months))
    return candidates


def referrals_visible_to(user) -> QuerySet[Referral]:
    """A bureau sees the referrals of its region subtree (by the bureau that referred), the
    ministry all, enterprise staff those to their enterprise's posts, a veteran their own."""
    referrals = Referral.objects.select_related(
        "veteran__home_region",
        "veteran__military_specialty",
        "post__branch__enterprise",
        "post__region",
        "bureau_region",
        "referred_by",
        "answered_by",
        "application",
    )
    if not user.is_authenticated:
        return referrals.none()
    if user.is_ministry:
        return referrals
    if user.is_bureau:
        return referrals.filter(bureau_region__code__startswith=user.region.scope_prefix)
    if user.is_veteran:
        return referrals.filter(veteran__user=user)
    enterprise_id = staff_enterprise_id(user)
    if enterprise_id is None:
        return referrals.none()
    return referrals.filter(post__branch__enterprise_id=enterprise_id)


def referral_waiting_first(referrals: QuerySet[Referral]) -> QuerySet[Referral]:
    """Overdue first, then open by due date, then the answered ones newest first."""
    order = Case(
        When(status=Referral.Status.OVERDUE, then=Value(0)),
        When(status=Referral.Status.OPEN, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return referrals.order_by(order, "answer_due_on", "-created_at", "-pk")


def referable_posts_for(user) -> QuerySet[JobPost]:
    """The posts a bureau may refer to: open to applications, in its region subtree."""
    if not (user.is_authenticated and user.is_bureau):
        return JobPost.objects.none()
    return (
        JobPost.objects.open_to_applications()
        .filter(region__code__startswith=user.region.scope_prefix)
        .select_related("branch__enterprise", "region")
        .order_by("branch__enterprise__name", "title", "pk")
    )
