"""Periodic jobs of the veterans app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from veterans import services


@shared_task
def personal_data_purge() -> dict[str, int]:
    """Daily retention run (#8); idempotent, so a rerun or a missed night is harmless."""
    return services.personal_data_purge()
