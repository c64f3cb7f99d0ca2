"""Writing the quarterly report."""

import time

from django.db import transaction
from django.utils import timezone

from dashboards import commendations, figures
from dashboards.models import EnterpriseQuarter, QuarterlyReport
from dashboards.quarters import Quarter
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
            totals=scope_figures["totals"],
            overview=figures.overview(scope_figures),
            computed_at=now,
        )
        for scope, scope_figures in by_scope.items()
    ]
    with transaction.atomic():
        QuarterlyReport.objects.bulk_create(
            rows,
            batch_size=100,
            update_conflicts=True,
            unique_fields=["year", "quarter", "region"],
            update_fields=["figures", "totals", "overview", "computed_at"],
        )
        _write_enterprise_quarters(quarter, by_scope[figures.NATION]["enterprises"])
        proposed = commendations.commendations_propose(quarter=quarter)
    return {
        "quarter": str(quarter),
        "scopes": len(rows),
        "compute_s": round(computed - started, 2),
        "write_s": round(time.perf_counter() - computed, 2),
        "commendations_proposed": proposed,
    }


def _write_enterprise_quarters(quarter: Quarter, enterprises: dict) -> None:
    """Each enterprise's nationwide row, replacing the quarter's earlier rows."""
    earlier = EnterpriseQuarter.objects.filter(year=quarter.year, quarter=quarter.number)
    earlier.exclude(enterprise_id__in=[int(pk) for pk in enterprises]).delete()
    EnterpriseQuarter.objects.bulk_create(
        [
            EnterpriseQuarter(
                year=quarter.year, quarter=quarter.number, enterprise_id=int(pk), figures=row
            )
            for pk, row in enterprises.items()
        ],
        batch_size=500,
        update_conflicts=True,
        unique_fields=["enterprise", "year", "quarter"],
        update_fields=["figures"],
    )
