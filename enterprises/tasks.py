"""Daily jobs of the enterprises app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from enterprises import services


@shared_task
def expire_agreements() -> int:
    """Agreements in force whose term has ended expire; idempotent (README "Processes")."""
    return services.expire_agreements_past_term()
