"""Daily jobs of the enterprises app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE)."""

from celery import shared_task

from enterprises import invitations, services


@shared_task
def expire_agreements() -> int:
    """Agreements in force whose term has ended expire; idempotent (README "Processes")."""
    return services.expire_agreements_past_term()


@shared_task
def remind_and_expire_invitations() -> dict:
    """Invitations past their link's end expire; those near it get one reminder; safe to
    run twice (README "Inviting and screening enterprises")."""
    return invitations.remind_and_expire_invitations()
