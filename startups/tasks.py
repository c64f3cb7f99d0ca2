"""Daily jobs of the start-ups app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from startups import cases


@shared_task
def mark_case_follow_ups_due() -> int:
    """Entrepreneurs' follow-ups whose day came are marked due and their bureaus reminded;
    a rerun, or a run after a missed day, does only what is left."""
    return cases.case_follow_ups_mark_due()
