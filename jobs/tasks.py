"""Nightly jobs of the jobs app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE).

Both are idempotent: a rerun, or a run after a missed night, does only what is left.
"""

from celery import shared_task

from jobs import services


@shared_task
def expire_job_posts() -> int:
    return services.expire_due_posts()


@shared_task
def mark_follow_ups_due() -> int:
    return services.follow_ups_mark_due()
