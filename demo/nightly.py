"""What the portal's scheduled jobs would have made of the demo data by now: the quarterly
reports of the last four quarters (the dashboards) with the commendation and warning lists
they propose, the ministry's decisions on the latest quarter's lists, and a finished
matching run (veterans' recommendations, enterprises' candidates), which reads the
commendations. All through the real services; each step is skipped when its result is
already there, so a second `seed_demo` does nothing."""

from dashboards import commendations
from dashboards import services as reports
from dashboards.models import EnterpriseQuarter, QuarterlyReport
from dashboards.quarters import Quarter
from enterprises.models import Commendation
from jobs import services as matching
from jobs.matching import shards
from jobs.models import MatchingRun
from portal.accounts.models import User

REPORTED_QUARTERS = 4
# The ministry's decisions on the latest quarter's proposals: the first few confirmed.
CONFIRMED_COMMENDATIONS, CONFIRMED_WARNINGS = 6, 3


def run_nightly_jobs(*, today, log=print) -> None:
    for quarter in ended_quarters(today):
        if not QuarterlyReport.objects.filter(year=quarter.year, quarter=quarter.number).exists():
            result = reports.quarterly_report_compute(quarter=quarter)
            log(f"  quarterly report {quarter}: {result['scopes']} scopes")
    decide_commendations(ended_quarters(today)[-1], log=log)
    if not MatchingRun.objects.filter(is_current=True).exists():
        run = matching.matching_run_start(enqueue=_match_shard_now)
        run.refresh_from_db()
        log(f"  matching run {run.pk}: {run.status}, {run.recommendations:,} recommendations")


def decide_commendations(quarter: Quarter, *, log=print) -> None:
    """The ministry confirms the first proposals of the quarter's lists, with a note."""
    entries = Commendation.objects.filter(year=quarter.year, quarter=quarter.number)
    if entries.exclude(status=Commendation.Status.PROPOSED).exists():
        return
    ministry = User.objects.filter(role=User.Role.MINISTRY).order_by("pk").first()
    for kind, count, note in (
        (Commendation.Kind.COMMENDATION, CONFIRMED_COMMENDATIONS, "岗位兑现及时，核实比例高，经研究予以表扬。"),
        (Commendation.Kind.WARNING, CONFIRMED_WARNINGS, "岗位发布明显滞后于承诺，请属地退役军人事务部门督促整改。"),
    ):  # fmt: skip
        for entry in entries.filter(kind=kind).order_by("enterprise__name")[:count]:
            commendations.commendation_confirm(entry=entry, decider=ministry, note=note)
    proposed = entries.count()
    _amend(quarter, ministry, CONFIRMED_COMMENDATIONS - entries.filter(kind="commendation").count())
    confirmed = entries.filter(status=Commendation.Status.CONFIRMED).count()
    log(f"  commendations {quarter}: {proposed} proposed, {confirmed} confirmed")


def _amend(quarter: Quarter, ministry, missing: int) -> None:
    """The demo's few verifications leave the criteria few to propose: the ministry amends
    the list with the enterprises furthest ahead of their pledge that are on no list."""
    if missing <= 0:
        return
    listed = Commendation.objects.filter(year=quarter.year, quarter=quarter.number)
    rows = EnterpriseQuarter.objects.filter(year=quarter.year, quarter=quarter.number).exclude(
        enterprise__in=listed.values("enterprise")
    )
    ahead = sorted(
        (row for row in rows.select_related("enterprise") if row.figures.get("pledged")),
        key=lambda row: -(commendations.measure(row.figures)["fulfilment"] or 0),
    )
    for row in ahead[:missing]:
        commendations.commendation_add(
            kind=Commendation.Kind.COMMENDATION,
            credit_code=row.enterprise.credit_code,
            year=quarter.year,
            quarter=quarter.number,
            decider=ministry,
            note="岗位发布进度领先于承诺，经研究增补表扬。",
        )


def ended_quarters(today) -> list[Quarter]:
    """The last REPORTED_QUARTERS quarters that ended before `today`, oldest first."""
    return Quarter.of(today).previous.back(REPORTED_QUARTERS)


def _match_shard_now(run_id: int, number: int) -> None:
    """The shard task's work, in this process: no Celery worker runs while the demo loads."""
    shards.run_shard(run_id, number)
    matching.matching_run_finish(run_id=run_id)
