"""What the portal's scheduled jobs would have made of the demo data by now: a finished
matching run (veterans' recommendations, enterprises' candidates) and the quarterly reports
of the last four quarters (the dashboards). Both through the real services; each step is
skipped when its result is already there, so a second `seed_demo` does nothing."""

from dashboards import services as reports
from dashboards.models import QuarterlyReport
from dashboards.quarters import Quarter
from jobs import services as matching
from jobs.matching import shards
from jobs.models import MatchingRun

REPORTED_QUARTERS = 4


def run_nightly_jobs(*, today, log=print) -> None:
    if not MatchingRun.objects.filter(is_current=True).exists():
        run = matching.matching_run_start(enqueue=_match_shard_now)
        run.refresh_from_db()
        log(f"  matching run {run.pk}: {run.status}, {run.recommendations:,} recommendations")
    for quarter in ended_quarters(today):
        if not QuarterlyReport.objects.filter(year=quarter.year, quarter=quarter.number).exists():
            result = reports.quarterly_report_compute(quarter=quarter)
            log(f"  quarterly report {quarter}: {result['scopes']} scopes")


def ended_quarters(today) -> list[Quarter]:
    """The last REPORTED_QUARTERS quarters that ended before `today`, oldest first."""
    return Quarter.of(today).previous.back(REPORTED_QUARTERS)


def _match_shard_now(run_id: int, number: int) -> None:
    """The shard task's work, in this process: no Celery worker runs while the demo loads."""
    shards.run_shard(run_id, number)
    matching.matching_run_finish(run_id=run_id)
