"""Nightly jobs of the jobs app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE).

All are idempotent: a rerun, or a run after a missed night, does only what is left.
"""

from celery import shared_task
from django.conf import settings
from django.db import InterfaceError, OperationalError

from jobs import services
from jobs.matching import shards
from jobs.models import SavedSearch


@shared_task
def expire_job_posts() -> int:
    return services.expire_due_posts()


@shared_task
def mark_follow_ups_due() -> int:
    return services.follow_ups_mark_due()


@shared_task
def send_job_alerts() -> int:
    """Daily: one task per saved search with alerts on, so many workers share the work."""
    ids = list(SavedSearch.objects.filter(alerts_enabled=True).values_list("pk", flat=True))
    for pk in ids:
        send_job_alert.delay(pk)
    return len(ids)


@shared_task
def send_job_alert(saved_search_id: int) -> int:
    search = SavedSearch.objects.filter(pk=saved_search_id).first()
    return services.saved_search_send_alert(saved_search=search) if search else 0


@shared_task
def matching_run() -> int:
    """Nightly at 02:00 (and `manage.py run_matching`): plan a run, enqueue its shards."""
    return services.matching_run_start().pk


@shared_task(
    bind=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3
)
def matching_shard(self, run_id: int, number: int) -> bool:
    """One region shard. Idempotent: a redelivered or repeated task finds its shard done,
    or redoes it from nothing (the killed attempt's transaction was rolled back)."""
    shards.count_attempt(run_id, number)
    try:
        worked = shards.run_shard(run_id, number)
    except (OperationalError, InterfaceError) as error:
        # A database hiccup: Celery retries; after the last retry the run has failed,
        # rather than waiting, still "running", for the next night to call it stale.
        if self.request.retries >= self.max_retries:
            shards.fail_run(run_id, f"Shard {number}, after {self.max_retries} retries: {error!r}")
        raise
    except Exception as error:
        shards.fail_run(run_id, f"Shard {number}: {error!r}")
        raise
    if worked:
        matching_finish.apply_async((run_id,), queue=settings.MATCHING_QUEUE)
    return worked


@shared_task
def matching_finish(run_id: int) -> bool:
    return services.matching_run_finish(run_id=run_id)
