"""Screening prospects (issue 19): the published criteria, the figures the portal computes
from its own data, the scores the reviewer enters, consultations, and the decision that
feeds the draft agreement.

CRITERIA is the one source of the criteria: the public page prints it and the scores are
computed from it, so what is published is what is applied.
"""

import datetime
import statistics
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Aggregate, Count, F, FloatField, Q
from django.db.models.functions import Substr
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from enterprises import services
from enterprises.models import (
    Agreement,
    Branch,
    Consultation,
    CooperationBatch,
    Enterprise,
    Prospect,
)
from enterprises.policies import authority_of, may_screen_prospect, staff_of
from portal.accounts.models import AuditAction, User
from portal.accounts.services import audit_event_record
from portal.reference.models import Region
from portal.workflow import Conflict, NotAllowed

SCORE_MAX = 5
# Branches in this many provinces earn the full coverage score.
COVERAGE_FULL_PROVINCES = 10
# Pay this far above the regional median of similar posts earns the full pay score.
PAY_RATIO_FULL = Decimal("1.2")
# JobPost's values, reached through the relation: jobs sits above this app.
FULL_TIME, GENUINE = "full_time", "genuine"
UNCOUNTED = ("draft", "pending", "rejected")


@dataclass(frozen=True)
class Criterion:
    key: str
    label: str
    how: str
    computed: bool
    weight: int  # points out of 100


CRITERIA = [
    Criterion(
        "overall_strength",
        gettext_lazy("Overall strength"),
        gettext_lazy(
            "Size, finances and standing of the enterprise, scored 0 to 5 by the reviewer "
            "with a note of what the score rests on."
        ),
        False,
        25,
    ),
    Criterion(
        "industry_influence",
        gettext_lazy("Industry influence"),
        gettext_lazy(
            "Its place in its industry, scored 0 to 5 by the reviewer with a note of what "
            "the score rests on."
        ),
        False,
        25,
    ),
    Criterion(
        "geographic_coverage",
        gettext_lazy("Geographic coverage"),
        gettext_lazy(
            "Provinces in which it has an approved branch on the portal: half a point per "
            "province, the full 5 points from 10 provinces."
        ),
        True,
        25,
    ),
    Criterion(
        "post_quality",
        gettext_lazy("Post quality"),
        gettext_lazy(
            "From its posts published on the portal, in equal parts: pay against the "
            "regional median of similar posts (same occupation, same province; full marks "
            "at 1.2 times the median), the share of full-time posts and the share of posts "
            "a bureau verified as genuine. Scored 0 to 5."
        ),
        True,
        25,
    ),
]


class Median(Aggregate):
    function = "percentile_cont"
    template = "%(function)s(0.5) WITHIN GROUP (ORDER BY %(expressions)s)"
    output_field = FloatField()


def _posts(enterprise: Enterprise):
    """Its posts that were ever published (drafts and posts refused at review say nothing
    of what it offers)."""
    post_model = Branch._meta.get_field("posts").related_model
    posts = post_model.objects.filter(branch__enterprise=enterprise, published_at__isnull=False)
    return post_model, posts.exclude(status__in=UNCOUNTED)


def _pay_ratio(post_model, posts) -> Decimal | None:
    """The median, over its posts, of each post's mid-pay against the median mid-pay of
    other enterprises' published posts of the same occupation in the same province."""
    mid = (F("salary_min") + F("salary_max")) / 2.0
    own = list(
        posts.annotate(province=Substr("region_id", 1, 2), mid=mid).values_list(
            "occupation_id", "province", "mid"
        )
    )
    if not own:
        return None
    peers = (
        post_model.objects.filter(
            published_at__isnull=False, occupation_id__in={o for o, _p, _m in own}
        )
        .exclude(branch__enterprise_id=posts.values("branch__enterprise_id")[:1])
        .annotate(province=Substr("region_id", 1, 2))
        .filter(province__in={p for _o, p, _m in own})
        .values("occupation_id", "province")
        .annotate(median=Median(mid))
    )
    medians = {(row["occupation_id"], row["province"]): row["median"] for row in peers}
    ratios = [m / medians[(o, p)] for o, p, m in own if medians.get((o, p))]
    return Decimal(str(round(statistics.median(ratios), 2))) if ratios else None


def _share(part: int, whole: int) -> Decimal | None:
    return Decimal(str(round(part / whole, 3))) if whole else None


def prospect_figures(enterprise: Enterprise) -> dict:
    """What the portal's data says of the enterprise: provinces with an approved branch,
    and of its published posts the pay ratio, the full-time share and the verified share."""
    branches = Branch.objects.filter(enterprise=enterprise, status=Branch.Status.APPROVED)
    provinces = {code[:2] for code in branches.values_list("region_id", flat=True)}
    post_model, posts = _posts(enterprise)
    counts = posts.aggregate(
        total=Count("pk", distinct=True),
        full_time=Count("pk", filter=Q(employment_type=FULL_TIME), distinct=True),
        verified=Count("pk", filter=Q(verifications__result=GENUINE), distinct=True),
    )
    return {
        "branch_provinces": len(provinces),
        "pay_ratio": _pay_ratio(post_model, posts),
        "full_time_share": _share(counts["full_time"], counts["total"]),
        "verified_share": _share(counts["verified"], counts["total"]),
    }


def coverage_score(prospect: Prospect) -> Decimal:
    return min(Decimal(SCORE_MAX), Decimal(prospect.branch_provinces) / 2)


def post_quality_score(prospect: Prospect) -> Decimal | None:
    parts = []
    if prospect.pay_ratio is not None:
        parts.append(min(Decimal(1), prospect.pay_ratio / PAY_RATIO_FULL))
    for share in (prospect.full_time_share, prospect.verified_share):
        if share is not None:
            parts.append(share)
    if not parts:
        return None
    return round(SCORE_MAX * sum(parts) / len(parts), 1)


def criterion_scores(prospect: Prospect) -> dict[str, Decimal | None]:
    return {
        "overall_strength": _entered(prospect.overall_strength),
        "industry_influence": _entered(prospect.industry_influence),
        "geographic_coverage": coverage_score(prospect),
        "post_quality": post_quality_score(prospect),
    }


def _entered(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


def total_score(prospect: Prospect) -> Decimal | None:
    """Out of 100 by the criteria's weights; None until every criterion has a score."""
    scores = criterion_scores(prospect)
    if any(score is None for score in scores.values()):
        return None
    points = sum(scores[c.key] / SCORE_MAX * c.weight for c in CRITERIA)
    return round(points, 1)


def _refresh_figures(prospect: Prospect) -> None:
    for name, value in prospect_figures(prospect.enterprise).items():
        setattr(prospect, name, value)
    prospect.figures_at = timezone.now()


FIGURES = ["branch_provinces", "pay_ratio", "full_time_share", "verified_share", "figures_at"]


# --- services ------------------------------------------------------------------------------


def _open(*, enterprise: Enterprise, actor, level: str, region, invitation=None) -> Prospect:
    prospect = Prospect(
        enterprise=enterprise, signatory_level=level, region=region, invitation=invitation
    )
    _refresh_figures(prospect)
    try:
        with transaction.atomic():
            prospect.save()
    except IntegrityError:
        raise Conflict(_("This enterprise is already being screened by this authority.")) from None
    audit_event_record(actor=actor, action=AuditAction.PROSPECT_OPENED, target=prospect)
    return prospect


def prospect_add(*, enterprise: Enterprise, actor: User) -> Prospect:
    """A registered enterprise that wants to sign, added to the screening of the actor's
    authority (the ministry, or a provincial or city bureau at its level)."""
    authority = authority_of(actor)
    if authority is None:
        raise NotAllowed(_("Only the ministry and provincial or city bureaus screen enterprises."))
    if enterprise.status in (Enterprise.Status.REJECTED, Enterprise.Status.SUSPENDED):
        raise Conflict(_("A rejected or suspended enterprise is not screened."))
    level, region = authority
    with transaction.atomic():
        return _open(enterprise=enterprise, actor=actor, level=level, region=region)


def prospect_request(*, enterprise: Enterprise, actor: User) -> Prospect:
    """A self-registered enterprise's own staff ask to sign: it is screened by the authority
    that reviews it, the ministry for centrally managed state-owned enterprises, the bureau
    of its headquarters' province for the others."""
    staff_of.require(actor, enterprise.pk)
    if enterprise.status in (Enterprise.Status.REJECTED, Enterprise.Status.SUSPENDED):
        raise Conflict(_("A rejected or suspended enterprise is not screened."))
    if enterprise.reviewed_by_ministry:
        level, region = Agreement.SignatoryLevel.MINISTRY, None
    else:
        level = Agreement.SignatoryLevel.PROVINCE
        region = Region.objects.get(code=enterprise.hq_region_id[:2] + "0000")
    with transaction.atomic():
        return _open(enterprise=enterprise, actor=actor, level=level, region=region)


def _locked(prospect: Prospect, actor: User) -> Prospect:
    locked = Prospect.objects.select_for_update(of=("self",)).select_related("enterprise")
    prospect = locked.get(pk=prospect.pk)
    may_screen_prospect.require(actor, prospect)
    return prospect


def _screening(prospect: Prospect) -> None:
    if prospect.status != Prospect.Status.SCREENING:
        raise Conflict(_("The screening of this enterprise has been decided."))


SCORE_FIELDS = (
    "overall_strength", "strength_note", "industry_influence", "influence_note",
    "proposed_posts", "cooperation_mode",
)  # fmt: skip


def prospect_screening_update(*, prospect: Prospect, actor: User, **scores) -> Prospect:
    """The reviewer's scores (each with its note), the posts and mode proposed; the
    computed figures are refreshed at the same time."""
    unknown = set(scores) - set(SCORE_FIELDS)
    if unknown:
        raise TypeError(f"Not editable: {', '.join(sorted(unknown))}")
    with transaction.atomic():
        prospect = _locked(prospect, actor)
        _screening(prospect)
        for name, value in scores.items():
            setattr(prospect, name, value)
        errors = {}
        for score, note in (("overall_strength", "strength_note"),
                            ("industry_influence", "influence_note")):  # fmt: skip
            if getattr(prospect, score) is not None and not (getattr(prospect, note) or "").strip():
                errors[note] = _("Say what the score rests on.")
            if getattr(prospect, score) is not None and not 0 <= getattr(prospect, score) <= 5:
                errors[score] = _("Score from 0 to 5.")
        if errors:
            raise ValidationError(errors)
        _refresh_figures(prospect)
        prospect.full_clean(validate_unique=False, validate_constraints=False)
        prospect.save(update_fields=[*scores, *FIGURES])
        audit_event_record(
            actor=actor, action=AuditAction.PROSPECT_SCORED, target=prospect, fields=sorted(scores)
        )
    return prospect


def consultation_record(
    *, prospect: Prospect, actor: User, held_on: datetime.date, participants: str, summary: str
) -> Consultation:
    if held_on > timezone.localdate():
        raise ValidationError({"held_on": _("A consultation is recorded once it was held.")})
    with transaction.atomic():
        prospect = _locked(prospect, actor)
        _screening(prospect)
        consultation = Consultation(
            prospect=prospect,
            held_on=held_on,
            participants=participants,
            summary=summary,
            recorded_by=actor,
        )
        consultation.full_clean()
        consultation.save()
        audit_event_record(
            actor=actor,
            action=AuditAction.PROSPECT_CONSULTED,
            target=prospect,
            consultation=consultation.pk,
        )
    return consultation


def _require_reason(reason: str) -> str:
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give a reason for this decision.")})
    return reason.strip()


def prospect_select(
    *,
    prospect: Prospect,
    actor: User,
    batch: CooperationBatch,
    reason: str,
    pledged_posts: int | None = None,
    cooperation_mode: str = "",
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Prospect:
    """To sign in batch N: a draft agreement in that batch, signed at the prospect's level,
    with the posts and mode the consultations arrived at (unless given here)."""
    reason = _require_reason(reason)
    with transaction.atomic():
        prospect = _locked(prospect, actor)
        _screening(prospect)
        pledged = pledged_posts or prospect.proposed_posts
        mode = cooperation_mode or prospect.cooperation_mode
        if not pledged or not mode:
            raise ValidationError(
                {"pledged_posts": _("Enter the posts and the cooperation mode agreed.")}
            )
        agreement = services.agreement_create(
            creator=actor,
            batch=batch,
            enterprise=prospect.enterprise,
            cooperation_mode=mode,
            pledged_posts=pledged,
            starts_on=starts_on,
            ends_on=ends_on,
            signatory_level=prospect.signatory_level,
            region=prospect.region,
        )
        _refresh_figures(prospect)
        prospect.select(batch=batch, agreement=agreement, reviewer=actor, reason=reason)
        prospect.save(
            update_fields=["status", "batch", "agreement", "decision_reason", "decided_by",
                           "decided_at", *FIGURES]
        )  # fmt: skip
        audit_event_record(
            actor=actor,
            action=AuditAction.PROSPECT_SELECTED,
            target=prospect,
            note=reason,
            agreement=agreement.pk,
        )
    return prospect


def prospect_defer(*, prospect: Prospect, actor: User, reason: str) -> Prospect:
    """Not now, with the reason; the enterprise may be screened again later."""
    reason = _require_reason(reason)
    with transaction.atomic():
        prospect = _locked(prospect, actor)
        _screening(prospect)
        _refresh_figures(prospect)
        prospect.defer(reviewer=actor, reason=reason)
        prospect.save(
            update_fields=["status", "decision_reason", "decided_by", "decided_at", *FIGURES]
        )
        audit_event_record(
            actor=actor, action=AuditAction.PROSPECT_DEFERRED, target=prospect, note=reason
        )
    return prospect


def agreement_defaults(prospect: Prospect) -> dict:
    """The decision form's starting values: the proposed figures, a three-year term from
    the first of next month, the latest batch."""
    today = timezone.localdate()
    starts = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=1)
    return {
        "batch": CooperationBatch.objects.order_by("-number").first(),
        "pledged_posts": prospect.proposed_posts,
        "cooperation_mode": prospect.cooperation_mode or Agreement.CooperationMode.INDUSTRY,
        "starts_on": starts,
        "ends_on": starts.replace(year=starts.year + 3),
    }
