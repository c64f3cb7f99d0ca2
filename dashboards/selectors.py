"""Reads of the dashboards: which scope a user may open, the stored report rows, and the
few live counts a dashboard shows beside them. Every read takes the user or a scope the
user was allowed (scope_visible_to)."""

from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db.models import Count, Exists, OuterRef, Prefetch, Q, Sum
from django.http import Http404
from django.utils.translation import get_language

from dashboards import figures
from dashboards.models import (
    ActionItem,
    EnterpriseQuarter,
    PledgeFollowUp,
    QuarterlyMeeting,
    QuarterlyNotice,
    QuarterlyReport,
)
from dashboards.quarters import Quarter
from enterprises import selectors as enterprise_selectors
from enterprises.models import Agreement, Branch, Enterprise
from enterprises.selectors import enterprise_of, enterprise_review_queue
from jobs.models import JobPost, PostReport, Verification
from portal.accounts.models import ORGANISATION_STAFF_ROLES, User
from portal.reference.models import Region
from veterans.models import VeteranProfile

TREND_QUARTERS = 8


@dataclass(frozen=True)
class Scope:
    """The nation (region None), a province, a city or a district (a district's quarterly
    report is stored only for the quarters it had any figure in)."""

    region: Region | None

    @property
    def code(self) -> str:
        return self.region.code if self.region else "nation"

    @property
    def region_id(self) -> str | None:
        return self.region.code if self.region else None

    def __str__(self) -> str:
        return self.region.local_name if self.region else ""


def scope_visible_to(user, code: str | None) -> Scope:
    """The scope named by ``code`` ("nation" or a region code; None: the user's own).
    The ministry sees every scope; a bureau its region and the regions below; anyone else,
    and a scope out of reach, gets 404."""
    if not user.is_authenticated or not (user.is_ministry or user.is_bureau):
        raise Http404
    if code is None:
        return Scope(None if user.is_ministry else user.region)
    if code == "nation":
        if not user.is_ministry:
            raise Http404
        return Scope(None)
    region = Region.objects.filter(code=code).select_related("parent__parent").first()
    if region is None or not user.governs(region):
        raise Http404
    return Scope(region)


def breadcrumbs_for(user, scope: Scope) -> list[Scope]:
    """The scopes above this one that the user may open, top first."""
    chain = []
    region = scope.region
    while region is not None and region.parent_id is not None:
        region = region.parent
        chain.append(Scope(region))
    if user.is_ministry and scope.region is not None:
        chain.append(Scope(None))
    # A municipality's one city bears the province's name (北京市 above 北京市): the city,
    # whose page lists the districts, stands for both.
    chain = [
        s
        for s, below in zip(chain, [scope, *chain])
        if not (s.region and below.region and s.region.name == below.region.name) or s is chain[0]
    ]
    return [s for s in reversed(chain) if s.region is None or user.governs(s.region)]


def is_district(scope: Scope) -> bool:
    return scope.region is not None and scope.region.level == Region.Level.DISTRICT


def quarters_stored(scope: Scope) -> list[Quarter]:
    """The quarters computed for the scope. A district without a row in a computed quarter
    had nothing to count in it, so a district lists the quarters computed for the nation."""
    region_id = None if is_district(scope) else scope.region_id
    rows = QuarterlyReport.objects.filter(region_id=region_id).order_by("-year", "-quarter")
    return [Quarter(year, number) for year, number in rows.values_list("year", "quarter")]


def report_for(scope: Scope, quarter: Quarter) -> QuarterlyReport | None:
    rows = QuarterlyReport.objects.filter(region_id=scope.region_id)
    return rows.filter(year=quarter.year, quarter=quarter.number).first()


def report_computed_at(scope: Scope, quarter: Quarter):
    """When the scope's report of the quarter was stored (None: it has none)."""
    rows = QuarterlyReport.objects.filter(
        region_id=scope.region_id, year=quarter.year, quarter=quarter.number
    )
    return rows.values_list("computed_at", flat=True).first()


def dashboard_figures(scope: Scope, quarter: Quarter) -> dict | None:
    """What a dashboard shows of a stored report: its totals, batches and the compact
    enterprise table, read out of the JSON in the database (not the full figures)."""
    row = (
        QuarterlyReport.objects.filter(
            region_id=scope.region_id, year=quarter.year, quarter=quarter.number
        )
        .values("computed_at", "totals", "overview")
        .first()
    )
    if row is None:
        return None
    return {
        "computed_at": row["computed_at"],
        "totals": row["totals"],
        "feedback": row["overview"].get("feedback"),
        "batches": row["overview"].get("batches", {}),
        "modes": row["overview"].get("modes", {}),
        "industries": row["overview"].get("industries", {}),
        "enterprises": figures.table_rows(row["overview"].get("enterprise_table")),
    }


def trend_for(scope: Scope, until: Quarter) -> list[tuple[Quarter, dict]]:
    """The totals of the scope's last quarters up to ``until``, oldest first (only the
    totals are read out of the stored JSON)."""
    rows = (
        QuarterlyReport.objects.filter(region_id=scope.region_id)
        .filter(Q(year__lt=until.year) | Q(year=until.year, quarter__lte=until.number))
        .order_by("-year", "-quarter")
        .values_list("year", "quarter", "totals")[:TREND_QUARTERS]
    )
    return [(Quarter(year, number), totals or {}) for year, number, totals in rows][::-1]


def children_of(scope: Scope, quarter: Quarter) -> list[dict]:
    """The provinces of the nation, the cities of a province, or the districts and counties
    of a city, with their totals (a district only if it has a report for the quarter)."""
    if scope.region is None:
        regions = Region.objects.provinces()
    elif scope.region.level == Region.Level.PROVINCE:
        regions = Region.objects.cities().filter(parent=scope.region)
    elif scope.region.level == Region.Level.CITY:
        regions = Region.objects.districts().filter(parent=scope.region)
    else:
        return []
    english = not (get_language() or "zh").startswith("zh")
    names = dict(regions.values_list("code", "name_en" if english else "name"))
    rows = QuarterlyReport.objects.filter(
        year=quarter.year, quarter=quarter.number, region_id__in=list(names)
    ).values_list("region_id", "totals")
    return [{"code": code, "name": names[code], **(totals or {})} for code, totals in rows]


def _posts_in(scope: Scope):
    posts = JobPost.objects.all()
    if scope.region is not None:
        prefix = scope.region.scope_prefix
        # A range of six-digit codes, so the (status, region) index serves it.
        posts = posts.filter(
            region_id__gte=prefix.ljust(6, "0"), region_id__lte=prefix.ljust(6, "9")
        )
    return posts


def _live_key(code: str, role: str) -> str:
    return f"dashboards:live:{code}:{role}"


def _districts_live_key(code: str) -> str:
    return f"dashboards:districts-live:{code}"


def live_counts_forget(code: str) -> None:
    """Forget the live figures kept for a scope ("nation" or a region code), for every
    role: the next visit counts afresh."""
    keys = [_live_key(code, role) for role in User.Role.values] + [_districts_live_key(code)]
    cache.delete_many(keys)


def live_counts(scope: Scope, user) -> dict:
    """Posts open now, posts waiting for review, post reports waiting, and the enterprises
    waiting for *this user's* review in the scope: the very queue of the review page
    (enterprises.selectors.enterprise_review_queue), so the figure and the queue agree.

    Counted from indexes only (status, region), and kept for a minute per scope and role
    (the ministry's queue holds central SOEs, a bureau's the others): the nation's open
    posts are a count over every post of the country."""
    key = _live_key(scope.code, user.role)
    counts = cache.get(key)
    if counts is None:
        posts = _posts_in(scope)
        enterprises = enterprise_review_queue(user)
        if scope.region is not None:
            enterprises = enterprises.filter(hq_region__code__startswith=scope.region.scope_prefix)
        counts = {
            "open_posts": posts.filter(status=JobPost.Status.PUBLISHED).count(),
            "pending_review": posts.filter(status=JobPost.Status.PENDING).count(),
            "open_reports": PostReport.objects.filter(
                status=PostReport.Status.OPEN, post__in=posts
            ).count(),
            "enterprises_waiting": enterprises.order_by().count(),
        }
        cache.set(key, counts, settings.DASHBOARD_LIVE_COUNTS_SECONDS)
    return counts


# --- the enterprise's own dashboard --------------------------------------------------------


def enterprise_dashboard_of(user):
    """The enterprise of an enterprise staff user; 404 for anyone else."""
    enterprise = enterprise_of(user) if user.is_authenticated and user.is_enterprise_staff else None
    if enterprise is None:
        raise Http404
    return enterprise


def enterprise_trend(enterprise) -> list[tuple[Quarter, dict]]:
    """The enterprise's nationwide figures of its last quarters, oldest first."""
    rows = (
        EnterpriseQuarter.objects.filter(enterprise=enterprise)
        .order_by("-year", "-quarter")
        .values_list("year", "quarter", "figures")[:TREND_QUARTERS]
    )
    return [(Quarter(year, number), row) for year, number, row in rows][::-1]


def enterprise_live(enterprise) -> dict:
    posts = JobPost.objects.filter(branch__enterprise=enterprise)
    return posts.aggregate(
        open_posts=Count("pk", filter=Q(status=JobPost.Status.PUBLISHED)),
        openings_left=Sum("openings", filter=Q(status=JobPost.Status.PUBLISHED), default=0)
        - Sum("filled_count", filter=Q(status=JobPost.Status.PUBLISHED), default=0),
        filled_total=Sum("filled_count", default=0),
    )


# --- the public pages: the directory of cooperative enterprises and each one's page -------


def directory_rows(queryset):
    """The directory's enterprises with what a card shows, in a fixed number of queries:
    the announced agreements (batches, modes) and the public commendations."""
    announced = (
        enterprise_selectors.announced_agreements()
        .select_related("batch")
        .order_by("batch__number")
    )
    return (
        queryset.select_related("hq_region", "industry")
        .prefetch_related(
            Prefetch("agreements", queryset=announced, to_attr="announced"),
            Prefetch(
                "commendations",
                queryset=enterprise_selectors.public_commendations().order_by("-year", "-quarter"),
                to_attr="public_commendations",
            ),
        )
        .order_by("name", "pk")
    )


def public_branches_of(enterprise):
    return (
        enterprise.branches.filter(status=Branch.Status.APPROVED)
        .select_related("region")
        .order_by("region", "name")
    )


def open_posts_of(enterprise):
    """The enterprise's posts open to applications now, the newest first."""
    return (
        JobPost.objects.open_to_applications()
        .filter(branch__enterprise=enterprise)
        .select_related("region")
        .order_by("-published_at", "-pk")
    )


def modes_of(enterprise) -> list[str]:
    """The names of the cooperation modes of its announced agreements (directory_rows
    fetched them)."""
    modes = sorted({agreement.cooperation_mode for agreement in enterprise.announced})
    return [Agreement.CooperationMode(mode).label for mode in modes]


def verified_share(enterprise: Enterprise) -> dict:
    """Of the enterprise's published posts, how many a bureau has checked and found genuine."""
    genuine = Verification.objects.filter(post=OuterRef("pk"), result=Verification.Result.GENUINE)
    counts = (
        JobPost.objects.published()
        .filter(branch__enterprise=enterprise)
        .aggregate(published=Count("pk"), verified=Count("pk", filter=Q(Exists(genuine))))
    )
    published = counts["published"]
    counts["share"] = round(100 * counts["verified"] / published) if published else None
    return counts


# --- the quarterly communication: notices, follow-up tasks, meetings ---------------------


def notices_of(user):
    """The notices addressed to the user's own organisation: its enterprise, its bureau
    (the region it works for, not the regions below), or the ministry."""
    notices = QuarterlyNotice.objects.all()
    if not user.is_authenticated:
        return notices.none()
    if user.is_ministry:
        return notices.filter(audience=QuarterlyNotice.Audience.MINISTRY)
    if user.is_bureau:
        return notices.filter(audience=QuarterlyNotice.Audience.BUREAU, region_id=user.region_id)
    enterprise = enterprise_of(user)
    if enterprise is None:
        return notices.none()
    return notices.filter(audience=QuarterlyNotice.Audience.ENTERPRISE, enterprise=enterprise)


def notice_follow_up_of(user, notice: QuarterlyNotice) -> PledgeFollowUp | None:
    """The bureau's follow-up of a notice addressed to the user's own organisation (an
    enterprise's notice when it was behind its pledge), so its page can say how it was
    closed; None for any other notice, even one whose follow-up is in the user's queue."""
    rows = PledgeFollowUp.objects.filter(notice=notice, notice__in=notices_of(user))
    return rows.first()


def pledge_follow_ups_for(user, status: str | None = None):
    """The bureau's queue: follow-ups of enterprises headquartered in its region subtree;
    with ``status`` (open or closed) only those in it, with any other value all of them."""
    if not (user.is_authenticated and user.is_bureau):
        return PledgeFollowUp.objects.none()
    rows = PledgeFollowUp.objects.filter(region__code__startswith=user.region.scope_prefix)
    if status in PledgeFollowUp.Status.values:
        rows = rows.filter(status=status)
    return rows.select_related("enterprise", "notice", "region")


def meetings_of(user):
    """The meetings the user took part in or recorded."""
    if not user.is_authenticated or user.is_veteran:
        return QuarterlyMeeting.objects.none()
    mine = Q(participants=user) | Q(recorded_by=user)
    ids = QuarterlyMeeting.objects.filter(mine).values("pk")
    return QuarterlyMeeting.objects.filter(pk__in=ids).select_related("recorded_by")


def meeting_pages_of(user):
    """The user's meetings (meetings_of) with what a meeting's page and the API show of it:
    the participants by role, and every action item of the meeting, whoever owns it, the
    soonest due first."""
    items = ActionItem.objects.select_related("owner").order_by("due_on", "pk")
    return meetings_of(user).prefetch_related(
        Prefetch("participants", queryset=User.objects.order_by("role", "pk")),
        Prefetch("action_items", queryset=items),
    )


def action_items_of(user):
    """The action items the user owns."""
    if not user.is_authenticated:
        return ActionItem.objects.none()
    return ActionItem.objects.filter(owner=user).select_related("meeting")


def meeting_list_of(user):
    """The user's meetings, newest first, each with its number of open action items (the
    count's GROUP BY drops the model's ordering, hence the explicit one)."""
    open_items = Count("action_items", filter=Q(action_items__status=ActionItem.Status.OPEN))
    return meetings_of(user).annotate(open_items=open_items).order_by("-held_on", "-pk")


def open_action_items_of(user, limit: int = 50):
    """The user's open action items, the soonest due first."""
    items = action_items_of(user).filter(status=ActionItem.Status.OPEN)
    return items.order_by("due_on", "pk")[:limit]


def meeting_participants_choosable():
    """Who can take part in a quarterly meeting: active staff of enterprises, bureaus and
    the ministry (veterans do not sit in them)."""
    return User.objects.filter(is_active=True, role__in=ORGANISATION_STAFF_ROLES)


def region_names(codes) -> dict[str, str]:
    """{code: name in the active language} of the regions named (one query, none for no
    region)."""
    codes = list(codes)
    if not codes:
        return {}
    english = not (get_language() or "zh").startswith("zh")
    rows = Region.objects.filter(code__in=codes)
    return dict(rows.values_list("code", "name_en" if english else "name"))


def districts_live(scope: Scope, quarter: Quarter | None = None) -> list[dict]:
    """A city's districts and counties with what is live in each (posts open, veterans
    looking for work; counted from indexes and kept as long as live_counts) and, for
    ``quarter``, the stored report's posts published and hires (zero where the district
    has no report: nothing happened there), for the drill-down below a city: four queries
    for any number of districts, two while the live figures are kept."""
    if scope.region is None or scope.region.level != Region.Level.CITY:
        return []
    districts = Region.objects.districts().filter(parent=scope.region).order_by("code")
    english = not (get_language() or "zh").startswith("zh")
    names = dict(districts.values_list("code", "name_en" if english else "name"))
    live = _districts_live_counts(scope.region.code, list(names))
    reported = {}
    if quarter is not None:
        rows = QuarterlyReport.objects.filter(
            year=quarter.year, quarter=quarter.number, region_id__in=list(names)
        )
        reported = dict(rows.values_list("region_id", "totals"))
    return [
        {
            "code": code,
            "name": name,
            "open_posts": live["open_posts"].get(code, 0),
            "veterans_seeking": live["veterans_seeking"].get(code, 0),
            "reported": code in reported,
            "posts_published": (reported.get(code) or {}).get("posts_published", 0),
            "hires": (reported.get(code) or {}).get("hires", 0),
        }
        for code, name in names.items()
    ]


def _districts_live_counts(city: str, codes: list[str]) -> dict[str, dict[str, int]]:
    key = _districts_live_key(city)
    counts = cache.get(key)
    if counts is None:
        posts = JobPost.objects.filter(status=JobPost.Status.PUBLISHED, region_id__in=codes)
        seeking = VeteranProfile.objects.filter(
            home_region_id__in=codes, seeking_status=VeteranProfile.SeekingStatus.SEEKING
        )
        counts = {
            "open_posts": dict(posts.values_list("region_id").annotate(n=Count("pk"))),
            "veterans_seeking": dict(seeking.values_list("home_region_id").annotate(n=Count("pk"))),
        }
        cache.set(key, counts, settings.DASHBOARD_LIVE_COUNTS_SECONDS)
    return counts
