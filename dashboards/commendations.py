"""The commendation and warning lists: the published criteria, the portal's proposals when a
quarterly report is computed, and the ministry's decisions on them.

The criteria (settings.COMMENDATION_CRITERIA) read an enterprise's nationwide figures of the
period (dashboards.models.EnterpriseQuarter, written with the report):

- fulfilment: posts published under its agreements against what the elapsed part of the
  terms calls for (figures.is_behind reads the same two numbers);
- verified share: its posts verified genuine against its posts published in the period;
- retention at 6 months: placements still employed at the 6-month follow-up, of those
  recorded (unknown when none reached 6 months: it neither commends nor warns);
- fake posts: reports of a fake post confirmed in the period.

A year's list reads the sums of its four quarters and the pledge as it stood at the
year's end, and is proposed when the fourth quarter is computed.
"""

import datetime

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from dashboards.models import EnterpriseQuarter
from dashboards.quarters import Quarter
from enterprises.models import Commendation
from enterprises.policies import may_decide_commendation
from enterprises.selectors import enterprises_visible_to
from portal.accounts.models import AuditAction
from portal.accounts.services import audit_event_record
from portal.workflow import Conflict, DomainError

# Summed over a year's quarters; the pledge figures are stocks and are read at its end.
FLOWS = (
    "posts_published",
    "posts_verified_genuine",
    "recorded_6",
    "employed_6",
    "reports_confirmed",
)


def _percent(share: float) -> int:
    return round(share * 100)


def published_criteria() -> dict[str, list[str]]:
    """The criteria as the pages publish them, with the thresholds of the settings."""
    c = settings.COMMENDATION_CRITERIA
    return {
        "commendation": [
            _(
                "Posts published under its agreements reach %(share)s%% of what the elapsed "
                "part of the term calls for."
            )
            % {"share": _percent(c["fulfilment_min"])},
            _("At least %(share)s%% of its posts published in the period were verified genuine.")
            % {"share": _percent(c["verified_share_min"])},
            _(
                "At least %(share)s%% of its hires are still employed at the 6-month "
                "follow-up (when any hire has reached 6 months)."
            )
            % {"share": _percent(c["retention_6_min"])},
            _("No report of a fake post was confirmed in the period."),
        ],
        "warning": [
            _("Fewer than %(share)s%% of the posts the elapsed term calls for were published.")
            % {"share": _percent(c["warning_fulfilment_below"])},
            _("Fewer than %(share)s%% of its hires are still employed at 6 months.")
            % {"share": _percent(c["warning_retention_6_below"])},
            _("A report of a fake post was confirmed in the period."),
        ],
    }


def _ratio(part, whole) -> float | None:
    return round(part / whole, 4) if whole else None


def measure(figures: dict) -> dict:
    """The criteria's four figures out of an enterprise's figures of a period."""
    verified = _ratio(figures.get("posts_verified_genuine", 0), figures.get("posts_published", 0))
    return {
        "pledged": figures.get("pledged", 0),
        "fulfilment": _ratio(figures.get("pledge_published", 0), figures.get("pledge_expected", 0)),
        "verified_share": min(verified, 1.0) if verified is not None else None,
        "retention_6": _ratio(figures.get("employed_6", 0), figures.get("recorded_6", 0)),
        "fake_posts": figures.get("reports_confirmed", 0),
    }


def deserves_commendation(m: dict) -> bool:
    c = settings.COMMENDATION_CRITERIA
    return (
        m["pledged"] > 0
        and m["fulfilment"] is not None
        and m["fulfilment"] >= c["fulfilment_min"]
        and m["verified_share"] is not None
        and m["verified_share"] >= c["verified_share_min"]
        and (m["retention_6"] is None or m["retention_6"] >= c["retention_6_min"])
        and m["fake_posts"] == 0
    )


def deserves_warning(m: dict) -> bool:
    c = settings.COMMENDATION_CRITERIA
    if m["pledged"] <= 0:
        return False
    behind = m["fulfilment"] is not None and m["fulfilment"] < c["warning_fulfilment_below"]
    retention = m["retention_6"]
    left = retention is not None and retention < c["warning_retention_6_below"]
    return behind or left or m["fake_posts"] > 0


def year_figures(year: int) -> dict[int, dict]:
    """Each enterprise's figures of a year: the flows summed, the pledge at the year's end."""
    rows = EnterpriseQuarter.objects.filter(year=year).order_by("quarter")
    by_enterprise: dict[int, dict] = {}
    for enterprise_id, figures in rows.values_list("enterprise_id", "figures"):
        summed = by_enterprise.setdefault(enterprise_id, dict.fromkeys(FLOWS, 0))
        for name in FLOWS:
            summed[name] += figures.get(name) or 0
        for name in ("pledged", "pledge_published", "pledge_expected"):
            summed[name] = figures.get(name) or 0
    return by_enterprise


def _reconcile(kind: str, year: int, number: int | None, ends_on, chosen: dict) -> int:
    """Make the period's proposals the ``chosen`` {enterprise id: figures}: proposals the
    figures no longer support go, new ones come, and the ministry's decisions stay."""
    entries = Commendation.objects.filter(kind=kind, year=year, quarter=number)
    undecided = entries.filter(status=Commendation.Status.PROPOSED)
    undecided.exclude(enterprise_id__in=list(chosen)).delete()
    Commendation.objects.bulk_create(
        [
            Commendation(
                kind=kind,
                enterprise_id=pk,
                year=year,
                quarter=number,
                period_ends_on=ends_on,
                figures=figures,
            )
            for pk, figures in chosen.items()
        ],
        update_conflicts=True,
        unique_fields=["kind", "enterprise", "year", "quarter"],
        update_fields=["figures"],
    )
    # A decided entry keeps the figures it was decided on.
    return undecided.count()


def _propose(year: int, number: int | None, ends_on, figures_by_enterprise: dict) -> dict:
    measured = {pk: measure(figures) for pk, figures in figures_by_enterprise.items()}
    decided = Commendation.objects.filter(year=year, quarter=number).exclude(
        status=Commendation.Status.PROPOSED
    )
    decided = set(decided.values_list("kind", "enterprise_id"))
    counts = {}
    for kind, test in (
        (Commendation.Kind.COMMENDATION, deserves_commendation),
        (Commendation.Kind.WARNING, deserves_warning),
    ):
        chosen = {pk: m for pk, m in measured.items() if test(m) and (kind, pk) not in decided}
        counts[kind.value] = _reconcile(kind, year, number, ends_on, chosen)
    return counts


def commendations_propose(*, quarter: Quarter) -> dict:
    """The quarter's lists (and the year's, after its fourth quarter) as the criteria
    choose them. Safe to run again: the same figures give the same proposals."""
    with transaction.atomic():
        rows = EnterpriseQuarter.objects.filter(year=quarter.year, quarter=quarter.number)
        result = {
            "quarter": _propose(
                quarter.year,
                quarter.number,
                quarter.last_day,
                {
                    enterprise_id: figures
                    for enterprise_id, figures in rows.values_list("enterprise_id", "figures")
                },
            )
        }
        if quarter.number == 4:
            year_end = datetime.date(quarter.year, 12, 31)
            result["year"] = _propose(quarter.year, None, year_end, year_figures(quarter.year))
    return result


def commendation_periods(entries) -> list[tuple[int, int | None]]:
    """The periods that have entries among ``entries``, latest first, each year after its
    fourth quarter."""
    found = set(entries.order_by().values_list("year", "quarter").distinct())
    return sorted(found, key=lambda p: (p[0], p[1] or 5), reverse=True)


# --- the ministry's decisions -----------------------------------------------------------------


def _decide(entry: Commendation, decider, note: str, move: str, action: AuditAction):
    may_decide_commendation.require(decider)
    with transaction.atomic():
        entry = Commendation.objects.select_for_update().get(pk=entry.pk)
        getattr(entry, move)(decider=decider, note=note)
        entry.save(update_fields=["status", "note", "decided_by", "decided_at"])
        audit_event_record(actor=decider, action=action, target=entry, note=note)
    return entry


def commendation_confirm(*, entry: Commendation, decider, note: str) -> Commendation:
    """Confirm a proposed (or dismissed) entry: a commendation then shows publicly."""
    return _decide(entry, decider, note, "confirm", AuditAction.COMMENDATION_CONFIRMED)


def commendation_dismiss(*, entry: Commendation, decider, note: str) -> Commendation:
    """Take an entry off its list, with the reason."""
    return _decide(entry, decider, note, "dismiss", AuditAction.COMMENDATION_DISMISSED)


def commendation_add(
    *, kind: str, credit_code: str, year: int, quarter: int | None, decider, note: str
) -> Commendation:
    """The ministry amends a list of a period that is over with an enterprise the criteria
    did not propose (named by its credit code); the entry is confirmed at once, with the
    ministry's note."""
    may_decide_commendation.require(decider)
    code = credit_code.strip().upper()
    enterprise = enterprises_visible_to(decider).filter(credit_code=code).first()
    if enterprise is None:
        raise DomainError(_("No enterprise has this unified social credit code."))
    ends_on = Quarter(year, quarter).last_day if quarter else datetime.date(year, 12, 31)
    entry = Commendation(
        kind=kind,
        enterprise=enterprise,
        year=year,
        quarter=quarter,
        period_ends_on=ends_on,
        proposed_by_portal=False,
    )
    entry.status = Commendation.Status.CONFIRMED
    entry.note, entry.decided_by = note, decider
    entry.decided_at = entry.created_at
    if ends_on >= timezone.localdate():
        raise DomainError(_("A list is made once its period is over."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                entry.save()
        except IntegrityError:
            raise Conflict(_("This enterprise is already on that list for that period.")) from None
        audit_event_record(
            actor=decider, action=AuditAction.COMMENDATION_ADDED, target=entry, note=note
        )
    return entry
