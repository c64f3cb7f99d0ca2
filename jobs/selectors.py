"""Reads of the jobs app, scoped to the user who asks (DESIGN.md §2).

What a user may not see is simply not in the queryset, so views answer 404. Every list
joins what its rows display, so rendering a page costs a constant number of queries.
"""

import datetime

from django.conf import settings
from django.db.models import (
    Case,
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
    Value,
    When,
)
from django.db.models.functions import Coalesce, Now
from django.utils import timezone

from enterprises.models import Agreement, Branch
from enterprises.selectors import staff_enterprise_id  # noqa: F401 (read here too)
from jobs.models import (
    Application,
    FollowUp,
    Interview,
    InterviewSlot,
    Invitation,
    JobPost,
    MessageReport,
    OfflineHire,
    Placement,
    PostImport,
    PostReport,
    RecruitmentEvent,
    SavedPost,
    SavedSearch,
    Verification,
    VerificationEvidence,
)
from portal.reference.models import Occupation


def _scope(user, *, post: str) -> Q | None:
    """Rows under posts the user oversees or owns; None means all rows, Q() no rows.

    ``post`` is the lookup path from the queried model to its JobPost ("" for JobPost).
    """
    prefix = f"{post}__" if post else ""
    if not user.is_authenticated:
        return Q(pk__in=[])
    if user.is_ministry:
        return None
    if user.is_bureau:
        return Q(**{f"{prefix}region__code__startswith": user.region.scope_prefix})
    enterprise_id = staff_enterprise_id(user)
    if enterprise_id is not None:
        return Q(**{f"{prefix}branch__enterprise_id": enterprise_id})
    return Q(pk__in=[])


def _scoped(queryset: QuerySet, user, *, post: str) -> QuerySet:
    scope = _scope(user, post=post)
    return queryset if scope is None else queryset.filter(scope)


# --- what a post may name (the post form and the upload template alike) -------------------


def post_branch_choices(enterprise_id, current_id=None) -> QuerySet:
    """The enterprise's approved branches (and the post's own, when it is being edited)."""
    branches = Branch.objects.filter(enterprise_id=enterprise_id).select_related("region")
    return branches.filter(Q(status=Branch.Status.APPROVED) | Q(pk=current_id))


def post_agreement_choices(enterprise_id, current_id=None) -> QuerySet:
    """The enterprise's active agreements (and the post's own, when it is being edited)."""
    agreements = Agreement.objects.filter(enterprise_id=enterprise_id).select_related(
        "batch", "region"
    )
    return agreements.filter(Q(status=Agreement.Status.ACTIVE) | Q(pk=current_id))


def post_occupation_choices() -> QuerySet:
    return Occupation.objects.filter(level=Occupation.Level.DETAILED).order_by("code")


def post_imports_visible_to(user) -> QuerySet:
    """The uploads of the user's own enterprise (enterprise staff only)."""
    enterprise_id = staff_enterprise_id(user) if user.is_authenticated else None
    if enterprise_id is None:
        return PostImport.objects.none()
    return PostImport.objects.filter(enterprise_id=enterprise_id).defer("content")


def posts_visible_to(user) -> QuerySet:
    posts = JobPost.objects.select_related(
        "branch__enterprise", "region", "occupation", "industry", "agreement"
    )
    scope = _scope(user, post="")
    if scope is None:
        return posts
    return posts.filter(scope | Q(status=JobPost.Status.PUBLISHED))


def posts_reachable_by(user) -> QuerySet:
    """What posts_visible_to shows, and for a veteran also a post that was public once or
    one they applied to: an old link (on the page or in the API) says why the post takes no
    applications instead of vanishing."""
    posts = posts_visible_to(user)
    if user.is_authenticated and user.is_veteran:
        applied = Application.objects.filter(veteran__user=user).values("post_id")
        once_public = Q(published_at__isnull=False) & ~Q(status=JobPost.Status.TAKEN_DOWN)
        posts = posts | JobPost.objects.filter(once_public | Q(pk__in=applied))
    return posts


def post_review_queue(user) -> QuerySet:
    """Pending posts this user may decide (a bureau over the post's region), oldest first."""
    posts = posts_visible_to(user).filter(status=JobPost.Status.PENDING)
    if not (user.is_authenticated and user.is_bureau):
        return posts.none()
    return (
        _scoped(posts, user, post="")
        .annotate(
            waiting=ExpressionWrapper(Now() - F("submitted_at"), output_field=DurationField())
        )
        .order_by("submitted_at", "pk")
    )


def applications_visible_to(user) -> QuerySet:
    applications = Application.objects.select_related(
        "post__branch__enterprise", "post__region", "veteran__user", "resume"
    )
    if user.is_authenticated and user.is_veteran:
        return applications.filter(veteran__user=user)
    return _scoped(applications, user, post="post")


# --- the enterprise staff's own posts and applicant pipeline ---------------------------------


def enterprise_posts_of(user) -> QuerySet:
    """The posts of the user's own enterprise, whatever their status (posts_visible_to also
    lists everyone's published ones); none for anyone who is not its staff."""
    return posts_visible_to(user).filter(branch__enterprise_id=staff_enterprise_id(user))


def enterprise_post_list(user, *, status: str | None = None) -> QuerySet:
    """The enterprise's post list: newest first, each with its number of applications and
    whether it was posted again."""
    # A count per post in a subquery, not a join grouped by every column of the wide row
    # (the post with its branch, enterprise, region and agreement).
    applications = (
        Application.objects.filter(post=OuterRef("pk"))
        .order_by()
        .values("post")
        .annotate(count=Count("pk"))
        .values("count")
    )
    posts = enterprise_posts_of(user).annotate(
        application_count=Coalesce(Subquery(applications), 0),
        reposted=Exists(JobPost.objects.filter(reposted_from=OuterRef("pk"))),
    )
    if status:
        posts = posts.filter(status=status)
    return posts.order_by("-created_at", "-pk")


def pipeline_post_choices(user) -> QuerySet:
    """The pipeline's post filter: only what its options print (title, branch, city)."""
    return (
        enterprise_posts_of(user)
        .select_related(None)
        .select_related("branch__region")
        .only(
            "pk",
            "title",
            "created_at",
            "branch__name",
            "branch__region__name",
            "branch__region__name_en",
        )
        .order_by("-created_at", "-pk")
    )


def pipeline_applications(user, *, post=None, status: str | None = None) -> QuerySet:
    """The applications to the enterprise's posts, newest first, with what a row shows."""
    applications = _enterprise_applications(user).select_related(
        "post", "veteran__status_confirmation"
    )
    if post is not None:
        applications = applications.filter(post=post)
    if status:
        applications = applications.filter(status=status)
    return applications.order_by("-created_at", "-pk")


def _enterprise_applications(user) -> QuerySet:
    """Applications to the posts of the user's own enterprise (a regulator, who sees them
    through applications_visible_to, has none here)."""
    return applications_visible_to(user).filter(
        post__branch__enterprise_id=staff_enterprise_id(user)
    )


def applicants_of(user) -> QuerySet:
    """The applications whose applicant's page the enterprise may open, with the profile's
    places, specialty and status confirmation."""
    return _enterprise_applications(user).select_related(
        "veteran__home_region", "veteran__military_specialty", "veteran__status_confirmation"
    )


def applicant_skills(application: Application) -> QuerySet:
    """The skills on the applicant's page (an application read through applicants_of)."""
    return application.veteran.skill_links.select_related("skill").order_by("skill__name")


def application_interviews(application: Application) -> QuerySet:
    return application.interviews.select_related("chosen_slot").prefetch_related("slots")


def placements_visible_to(user) -> QuerySet:
    placements = Placement.objects.select_related(
        "post__branch__enterprise", "post__region", "veteran__user", "application"
    )
    if user.is_authenticated and user.is_veteran:
        return placements.filter(veteran__user=user)
    return _scoped(placements, user, post="post")


def _regulator_scoped(queryset: QuerySet, user, *, post: str) -> QuerySet:
    """Bureau records (follow-ups, verifications, reports): bureaus and the ministry only."""
    if not (user.is_authenticated and (user.is_bureau or user.is_ministry)):
        return queryset.none()
    return _scoped(queryset, user, post=post)


def follow_ups_visible_to(user) -> QuerySet:
    follow_ups = FollowUp.objects.select_related(
        "placement__post__branch__enterprise",
        "placement__post__region",
        "placement__veteran__user",
        "recorded_by",
    )
    return _regulator_scoped(follow_ups, user, post="placement__post")


FOLLOW_UP_ORDER = Case(
    When(status=FollowUp.Status.DUE, then=Value(0)),
    When(status=FollowUp.Status.SCHEDULED, then=Value(1)),
    default=Value(2),
    output_field=IntegerField(),
)


def follow_up_list(user, *, status: str = "") -> QuerySet:
    """The follow-ups list: those of `status`, or every one not done; due first, then
    scheduled, each earliest due first."""
    follow_ups = follow_ups_visible_to(user)
    if status:
        follow_ups = follow_ups.filter(status=status)
    else:
        follow_ups = follow_ups.exclude(status=FollowUp.Status.DONE)
    return follow_ups.order_by(FOLLOW_UP_ORDER, "due_on", "pk")


def follow_ups_due_for(user) -> QuerySet:
    """Follow-ups waiting for this bureau to record an outcome, earliest due first."""
    if not (user.is_authenticated and user.is_bureau):
        return FollowUp.objects.none()
    return follow_ups_visible_to(user).filter(status=FollowUp.Status.DUE).order_by("due_on", "pk")


def post_reports_queue(user) -> QuerySet:
    """Open reports this user may decide (a bureau over the post's region), oldest first."""
    reports = PostReport.objects.select_related(
        "post__branch__enterprise", "post__region", "reporter"
    ).filter(status=PostReport.Status.OPEN)
    if not (user.is_authenticated and user.is_bureau):
        return reports.none()
    return _scoped(reports, user, post="post").order_by("created_at", "pk")


def verifications_visible_to(user) -> QuerySet:
    verifications = Verification.objects.select_related(
        "post__branch__enterprise", "post__region", "verified_by"
    ).prefetch_related("evidence")
    return _regulator_scoped(verifications, user, post="post")


def verification_evidence_visible_to(user) -> QuerySet:
    """Evidence files under the posts a regulator oversees; nobody else's."""
    evidence = VerificationEvidence.objects.select_related("verification__post__region")
    return _regulator_scoped(evidence, user, post="verification__post")


def posts_overseen_by(user) -> QuerySet:
    """Posts in any status that a regulator oversees: a bureau's region subtree, or all."""
    return _regulator_scoped(posts_visible_to(user), user, post="")


def events_visible_to(user) -> QuerySet:
    """A bureau sees the events of its region subtree; for everyone else the events are a
    public notice board."""
    events = RecruitmentEvent.objects.select_related("region", "organiser")
    if user.is_authenticated and user.is_bureau:
        return events.filter(region__code__startswith=user.region.scope_prefix)
    return events


def post_reports_visible_to(user) -> QuerySet:
    """Reports in any status under the posts a regulator oversees."""
    reports = PostReport.objects.select_related(
        "post__branch__enterprise", "post__region", "reporter", "handled_by"
    )
    return _regulator_scoped(reports, user, post="post")


def _own(queryset: QuerySet, user) -> QuerySet:
    """A veteran's own rows; nobody else's, whatever their role."""
    if not (user.is_authenticated and user.is_veteran):
        return queryset.none()
    return queryset.filter(veteran__user=user)


def saved_posts_of(user) -> QuerySet:
    saved = SavedPost.objects.select_related("post__branch__enterprise", "post__region")
    return _own(saved, user)


def saved_searches_of(user) -> QuerySet:
    return _own(SavedSearch.objects.all(), user)


def saved_post_ids(user, posts) -> set[int]:
    """Which of these posts the user saved (one query, none for other roles)."""
    ids = [post.pk for post in posts]
    saved = saved_posts_of(user).filter(post_id__in=ids) if ids else SavedPost.objects.none()
    return set(saved.values_list("post_id", flat=True))


# --- the bureaus' verification work list ------------------------------------------------


def quarter_start(today: datetime.date) -> datetime.date:
    return datetime.date(today.year, 3 * ((today.month - 1) // 3) + 1, 1)


def posts_due_for_verification(user, *, today: datetime.date | None = None) -> QuerySet:
    """Published posts of the bureau's region subtree that were never verified or whose
    last check is older than VERIFICATION_INTERVAL_DAYS: never verified first, then the
    longest unchecked, each annotated with ``last_verified_on`` (None when never)."""
    if not (user.is_authenticated and user.is_bureau):
        return JobPost.objects.none()
    today = today or timezone.localdate()
    due_before = today - datetime.timedelta(days=settings.VERIFICATION_INTERVAL_DAYS)
    last = Verification.objects.filter(post=OuterRef("pk")).order_by("-verified_on")
    posts = _scoped(posts_visible_to(user).published(), user, post="")
    return (
        posts.annotate(last_verified_on=Subquery(last.values("verified_on")[:1]))
        .filter(Q(last_verified_on__isnull=True) | Q(last_verified_on__lt=due_before))
        .order_by(F("last_verified_on").asc(nulls_first=True), "published_at", "pk")
    )


def agreement_verification_shares(user, *, today: datetime.date | None = None) -> list[dict]:
    """For each agreement with published posts in the bureau's region subtree: how many of
    those posts were verified this quarter, their share and whether it reaches
    VERIFICATION_SAMPLING_TARGET. One query; the least-sampled agreements first."""
    if not (user.is_authenticated and user.is_bureau):
        return []
    today = today or timezone.localdate()
    checked = Verification.objects.filter(
        post=OuterRef("pk"), verified_on__gte=quarter_start(today), verified_on__lte=today
    )
    posts = _scoped(JobPost.objects.published().filter(agreement__isnull=False), user, post="")
    rows = (
        posts.annotate(checked=Exists(checked))
        .values(
            "agreement_id",
            "agreement__batch__name",
            "agreement__enterprise__name",
            "agreement__starts_on",
            "agreement__ends_on",
        )
        .annotate(published=Count("pk"), verified=Count("pk", filter=Q(checked=True)))
        .order_by("agreement_id")
    )
    target = settings.VERIFICATION_SAMPLING_TARGET
    shares = [
        {
            **row,
            "share": row["verified"] / row["published"],
            "target": target,
            "behind": row["verified"] / row["published"] < target,
        }
        for row in rows
    ]
    return sorted(shares, key=lambda row: (row["share"], row["agreement_id"]))


# --- hires made at events or directly ----------------------------------------------------


def offline_hires_visible_to(user) -> QuerySet:
    """The enterprise's hires on its posts, a bureau's on posts of its region, the
    ministry's all; a veteran's those that name them or invited their e-mail address."""
    hires = OfflineHire.objects.select_related(
        "post__branch__enterprise", "post__region", "event", "veteran__user", "recorded_by"
    )
    if user.is_authenticated and user.is_veteran:
        mine = Q(veteran__user=user) | (
            Q(veteran__isnull=True) & Q(invited_email__iexact=user.email)
        )
        return hires.filter(mine)
    return _scoped(hires, user, post="post")


def posts_open_for_hire(user) -> QuerySet:
    """Published posts with openings that this enterprise or bureau may record a hire on."""
    if not (user.is_authenticated and (user.is_bureau or user.is_enterprise_staff)):
        return JobPost.objects.none()
    posts = _scoped(posts_visible_to(user).published().with_openings(), user, post="")
    return posts.order_by("title", "pk")


# --- interviews, messages and invitations (#18) -------------------------------------------


def threads_visible_to(user) -> QuerySet:
    """Applications whose message thread (and interviews) the user takes part in: the
    applicant's own, and those of the posts of the user's enterprise. Bureaus and the
    ministry are not parties (a reported message reaches them through its report)."""
    if not user.is_authenticated or user.is_bureau or user.is_ministry:
        return Application.objects.none()
    return applications_visible_to(user)


def interviews_visible_to(user) -> QuerySet:
    interviews = Interview.objects.select_related(
        "application__post__branch__enterprise",
        "application__post__region",
        "application__veteran__user",
        "chosen_slot",
    )
    return interviews.filter(application__in=threads_visible_to(user).values("pk"))


def upcoming_interviews_for(user) -> QuerySet:
    """The enterprise's interviews still to come (proposed with a slot ahead, or accepted
    for a time ahead), soonest first."""
    now = Now()
    ahead = Q(status=Interview.Status.ACCEPTED, chosen_slot__starts_at__gte=now) | Q(
        status=Interview.Status.PROPOSED, slots__starts_at__gte=now
    )
    upcoming = interviews_visible_to(user).filter(ahead).distinct()
    first = InterviewSlot.objects.filter(interview=OuterRef("pk")).order_by("starts_at")
    return (
        upcoming.annotate(first_start=Subquery(first.values("starts_at")[:1]))
        .prefetch_related("slots")
        .order_by(Coalesce("chosen_slot__starts_at", "first_start"), "pk")
    )


def messages_of(application: Application) -> QuerySet:
    return application.messages.order_by("created_at", "pk")


def message_reports_queue(user) -> QuerySet:
    """Open reports of messages on posts of the bureau's region, oldest first."""
    if not (user.is_authenticated and user.is_bureau):
        return MessageReport.objects.none()
    return message_reports_visible_to(user).filter(status=MessageReport.Status.OPEN)


def message_reports_visible_to(user) -> QuerySet:
    reports = MessageReport.objects.select_related(
        "message__application__post__branch__enterprise",
        "message__application__post__region",
        "reporter",
    ).order_by("created_at", "pk")
    return _regulator_scoped(reports, user, post="message__application__post")


def invitations_visible_to(user) -> QuerySet:
    """A veteran's invitations; an enterprise's staff see those of its posts."""
    invitations = Invitation.objects.select_related(
        "post__branch__enterprise", "post__region", "post__occupation", "post__industry",
        "post__agreement", "veteran__user",
    )  # fmt: skip
    if user.is_authenticated and user.is_veteran:
        return invitations.filter(veteran__user=user)
    if user.is_authenticated and (user.is_bureau or user.is_ministry):
        return invitations.none()
    return _scoped(invitations, user, post="post")


def invitations_sent_today(post: JobPost) -> int:
    """Invitations of the post since local midnight (INVITATIONS_PER_POST_PER_DAY)."""
    midnight = timezone.localtime().replace(hour=0, minute=0, second=0, microsecond=0)
    return Invitation.objects.filter(post=post, created_at__gte=midnight).count()
