"""Reads of enterprises, branches and agreements, scoped to the user who asks (DESIGN.md §2).

Anything outside the user's scope is simply absent from the queryset, so views answer 404.
"""

import datetime
from collections import defaultdict

from django.conf import settings
from django.db.models import (
    Count,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
)
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from enterprises.models import (
    Agreement,
    Branch,
    Commendation,
    CooperationBatch,
    Enterprise,
    EnterpriseInvitation,
    InvitationUpload,
    Prospect,
)
from enterprises.policies import pledge_counted_posts
from portal.accounts.models import User
from portal.reference.models import Region


def _role(user) -> str | None:
    return user.role if user.is_authenticated else None


def _within(user: User, field: str) -> Q:
    """Rows whose ``field`` region lies in the bureau user's region subtree."""
    return Q(**{f"{field}__code__startswith": user.region.scope_prefix})


def staff_enterprise_id(user) -> int | None:
    """The enterprise a staff user works for, or None for everyone else."""
    if not user.is_authenticated or not user.is_enterprise_staff:
        return None
    membership = getattr(user, "enterprise_membership", None)
    return membership.enterprise_id if membership else None


def enterprise_of(user) -> Enterprise | None:
    if not user.is_authenticated:
        return None
    return Enterprise.objects.filter(members__user=user).first()


def enterprises_visible_to(user) -> QuerySet[Enterprise]:
    """A bureau also sees enterprises from elsewhere that have a branch in its region."""
    role, enterprises = _role(user), Enterprise.objects.all()
    if role == User.Role.MINISTRY:
        return enterprises
    if role == User.Role.BUREAU:
        branch_here = Branch.objects.filter(_within(user, "region"), enterprise=OuterRef("pk"))
        return enterprises.filter(_within(user, "hq_region") | Q(Exists(branch_here)))
    if role == User.Role.ENTERPRISE:
        return enterprises.filter(members__user=user)
    return enterprises.approved()


def branches_visible_to(user) -> QuerySet[Branch]:
    """A bureau sees branches in its region and every branch of enterprises seated there."""
    role, branches = _role(user), Branch.objects.select_related("enterprise", "region")
    if role == User.Role.MINISTRY:
        return branches
    if role == User.Role.BUREAU:
        return branches.filter(_within(user, "region") | _within(user, "enterprise__hq_region"))
    if role == User.Role.ENTERPRISE:
        return branches.filter(enterprise__members__user=user)
    return branches.filter(
        status=Branch.Status.APPROVED, enterprise__status=Enterprise.Status.APPROVED
    )


def agreements_visible_to(user) -> QuerySet[Agreement]:
    """Drafts are seen only by the authorities that may sign them (and bureaus below)."""
    role, agreements = _role(user), Agreement.objects.select_related("batch", "enterprise")
    not_draft = ~Q(status=Agreement.Status.DRAFT)
    if role == User.Role.MINISTRY:
        return agreements
    if role == User.Role.BUREAU:
        own_enterprises = Q(enterprise__in=enterprises_visible_to(user)) & not_draft
        return agreements.filter(_within(user, "region") | own_enterprises)
    if role == User.Role.ENTERPRISE:
        return agreements.filter(not_draft, enterprise__members__user=user)
    return agreements.active().filter(enterprise__status=Enterprise.Status.APPROVED)


def _oldest_first_with_waiting(queryset: QuerySet) -> QuerySet:
    waiting = ExpressionWrapper(Now() - F("created_at"), output_field=DurationField())
    return queryset.annotate(waiting=waiting).order_by("created_at", "pk")


def enterprise_review_queue(user) -> QuerySet[Enterprise]:
    """Applications this user may decide: central SOEs for the ministry, the rest by HQ."""
    role = _role(user)
    applied = Enterprise.objects.filter(status=Enterprise.Status.APPLIED)
    central = Q(ownership=Enterprise.Ownership.CENTRAL_SOE)
    if role == User.Role.MINISTRY:
        applied = applied.filter(central)
    elif role == User.Role.BUREAU:
        applied = applied.filter(~central, _within(user, "hq_region"))
    else:
        applied = applied.none()
    return _oldest_first_with_waiting(applied.select_related("hq_region", "industry"))


def branch_review_queue(user) -> QuerySet[Branch]:
    pending = Branch.objects.filter(status=Branch.Status.PENDING)
    if _role(user) == User.Role.BUREAU:
        pending = pending.filter(_within(user, "region"))
    else:
        pending = pending.none()
    return _oldest_first_with_waiting(pending.select_related("enterprise", "region"))


def agreements_with_progress(queryset: QuerySet[Agreement]) -> QuerySet[Agreement]:
    """Annotate ``posted`` (openings of counted posts: drafts and posts awaiting review
    included, as they hold their places), ``published`` (openings of those that were
    published, as the quarterly report counts them) and ``filled`` (their hires).

    Correlated subqueries rather than joins, so the annotations stay right whatever else
    the caller annotates. JobPost is reached through the relation: jobs sits above us.
    """
    post_model = Agreement._meta.get_field("posts").related_model
    counted = (
        pledge_counted_posts(post_model.objects.filter(agreement=OuterRef("pk")))
        .order_by()
        .values("agreement")
    )

    def total(field: str, posts=counted) -> Coalesce:
        subquery = Subquery(posts.annotate(total=Sum(field)).values("total"))
        return Coalesce(subquery, 0, output_field=IntegerField())

    published = counted.filter(published_at__isnull=False)
    return queryset.annotate(
        posted=total("openings"),
        published=total("openings", published),
        filled=total("filled_count"),
    ).annotate(unpublished=F("posted") - F("published"))


def _by_authority(user, queryset: QuerySet) -> QuerySet:
    """Invitations, uploads and prospects of the user's authority: all for the ministry
    (its own and the bureaus'), those of its region subtree for a bureau, none otherwise."""
    role = _role(user)
    if role == User.Role.MINISTRY:
        return queryset
    if role == User.Role.BUREAU:
        return queryset.filter(_within(user, "region"))
    return queryset.none()


def invitations_visible_to(user) -> QuerySet[EnterpriseInvitation]:
    invitations = EnterpriseInvitation.objects.select_related("region", "enterprise")
    return _by_authority(user, invitations)


def invitation_uploads_visible_to(user) -> QuerySet[InvitationUpload]:
    return _by_authority(user, InvitationUpload.objects.all())


def prospects_visible_to(user) -> QuerySet[Prospect]:
    prospects = Prospect.objects.select_related(
        "enterprise__hq_region", "enterprise__industry", "region", "batch", "agreement"
    )
    return _by_authority(user, prospects)


# --- what the public sees: released batches, cooperative enterprises, commendations ---------

# An agreement signed in a released batch is announced, and stays in the batch's record
# after its term; drafts and terminated agreements never are.
ANNOUNCED_STATUSES = (Agreement.Status.SIGNED, Agreement.Status.ACTIVE, Agreement.Status.EXPIRED)


def batches_visible_to(user, today=None) -> QuerySet[CooperationBatch]:
    """The regulators see every batch; anyone else only those released by today."""
    batches = CooperationBatch.objects.all()
    if _role(user) in (User.Role.MINISTRY, User.Role.BUREAU):
        return batches
    return batches.released(today)


def announced_agreements(today=None) -> QuerySet[Agreement]:
    """Agreements of released batches, signed or after, of approved enterprises."""
    return Agreement.objects.filter(
        batch__in=CooperationBatch.objects.released(today),
        status__in=ANNOUNCED_STATUSES,
        enterprise__status=Enterprise.Status.APPROVED,
    )


def cooperative_enterprises(today=None) -> QuerySet[Enterprise]:
    """The public directory: approved enterprises with an announced agreement."""
    announced = announced_agreements(today).filter(enterprise=OuterRef("pk"))
    return Enterprise.objects.approved().filter(Exists(announced))


def batch_pledges(batch: CooperationBatch) -> dict:
    """A released batch's announced pledges: its enterprises (with their pledged posts and
    cooperation modes), and the pledged posts by province and by industry.

    A pledge counts in the province of the bureau that signed it, or, when the ministry
    signed, in the province of the enterprise's headquarters."""
    agreements = announced_agreements().filter(batch=batch)
    province = Coalesce(F("region_id"), F("enterprise__hq_region_id"))
    by_province = (
        agreements.annotate(code=province)
        .values("code")
        .annotate(pledged=Sum("pledged_posts"))
        .order_by()
    )
    by_industry = (
        agreements.values("enterprise__industry")
        .annotate(pledged=Sum("pledged_posts"), enterprises=Count("enterprise", distinct=True))
        .order_by("-pledged")
    )
    provinces = defaultdict(int)
    for row in by_province:
        provinces[row["code"][:2] + "0000"] += row["pledged"]
    return {
        "agreements": agreements.select_related(
            "enterprise__industry", "enterprise__hq_region"
        ).order_by("enterprise__name", "pk"),
        "by_province": provinces,
        "by_industry": list(by_industry),
    }


def commendations_visible_to(user) -> QuerySet[Commendation]:
    """The ministry sees every entry, proposed or decided. A bureau sees the confirmed
    commendations and warnings of the enterprises it oversees; everyone else only the
    confirmed commendations of cooperative enterprises (warnings are for regulators)."""
    role = _role(user)
    entries = Commendation.objects.select_related("enterprise")
    if role == User.Role.MINISTRY:
        return entries
    confirmed = entries.filter(status=Commendation.Status.CONFIRMED)
    if role == User.Role.BUREAU:
        return confirmed.filter(enterprise__in=enterprises_visible_to(user))
    return confirmed.filter(
        kind=Commendation.Kind.COMMENDATION, enterprise__in=cooperative_enterprises()
    )


def public_commendations() -> QuerySet[Commendation]:
    """What anyone may see: confirmed commendations (never a warning, never a proposal)."""
    return Commendation.objects.filter(
        kind=Commendation.Kind.COMMENDATION, status=Commendation.Status.CONFIRMED
    )


def lifting_commendations(today=None) -> QuerySet[Commendation]:
    """Confirmed commendations whose period ended within settings.COMMENDATION_LIFT_DAYS:
    their enterprises' posts come first in search and score higher in matching."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=settings.COMMENDATION_LIFT_DAYS)
    return Commendation.objects.filter(
        kind=Commendation.Kind.COMMENDATION,
        status=Commendation.Status.CONFIRMED,
        period_ends_on__gte=since,
    )


def commended_enterprise_ids(today=None) -> set[int]:
    return set(lifting_commendations(today).values_list("enterprise_id", flat=True))


def target_provinces_of(agreement) -> list:
    """The provinces a regional agreement's posts are aimed at, in code order."""
    if not agreement.target_provinces:
        return []
    return list(Region.objects.filter(code__in=agreement.target_provinces).order_by("code"))
