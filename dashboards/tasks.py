"""The quarterly report's periodic task, scheduled in portal/settings.py
(CELERY_BEAT_SCHEDULE: the first day of each quarter at 03:00 Beijing time)."""

from celery import shared_task

from dashboards import services
from dashboards.quarters import Quarter


@shared_task
def quarterly_report(quarter: str = "") -> dict:
    """The quarter just ended (or the one named, ``2026Q3``). Idempotent: a rerun, or the
    task redelivered after its worker died, replaces the same rows."""
    chosen = Quarter.parse(quarter) if quarter else Quarter.current().previous
    return services.quarterly_report_compute(quarter=chosen)
