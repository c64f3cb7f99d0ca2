"""Writing the quarterly report."""

import time

from django.db import transaction
from django.utils import timezone

from portal.dashboards import figures
from portal.dashboards.models import QuarterlyReport
from portal.dashboards.quarters import Quarter
from portal.workflow import DomainError


class FutureQuarter(DomainError):
    """A quarter that has not begun has no figures."""


def quarterly_report_compute(*, quarter: Quarter) -> dict:
    """Compute the quarter for the nation and every province and city, and store one row
    per scope. A rerun replaces the rows in place (one upsert on the unique scope, in one
    transaction), so readers see the old report or the new one and never a duplicate.

    Returns the number of scopes written and the seconds spent computing and writing.
    """
    if quarter.first_day > timezone.localdate():
        raise FutureQuarter(quarter)
    started = time.perf_counter()
    by_scope = figures.every_scope(quarter)
    computed = time.perf_counter()
    now = timezone.now()
    rows = [
        QuarterlyReport(
            year=quarter.year,
            quarter=quarter.number,
            region_id=scope,
            figures=scope_figures,
            computed_at=now,
        )
        for scope, scope_figures in by_scope.items()
    ]
    with transaction.atomic():
        QuarterlyReport.objects.bulk_create(
            rows,
            batch_size=200,
            update_conflicts=True,
            unique_fields=["year", "quarter", "region"],
            update_fields=["figures", "computed_at"],
        )
    return {
        "quarter": str(quarter),
        "scopes": len(rows),
        "compute_s": round(computed - started, 2),
        "write_s": round(time.perf_counter() - computed, 2),
    }
