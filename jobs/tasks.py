"""Nightly jobs of the jobs app, scheduled in portal/settings.py (CELERY_BEAT_SCHEDULE).

All are idempotent: a rerun, or a run after a missed night, does only what is left.
"""

import logging

from celery import shared_task
from django.db import InterfaceError, OperationalError

from jobs import services
from jobs.models import JobPost, SavedSearch
from jobs.referrals import services as referrals
from jobs.services.digests import digest_veteran_ids, recommendation_digest_send
from jobs.training.cooperation import interview_guarantees_retry_owed
from portal.workflow import Conflict

logger = logging.getLogger(__name__)


@shared_task
def expire_job_posts() -> int:
    return services.expire_due_posts()


@shared_task
def mark_follow_ups_due() -> int:
    return services.follow_ups_mark_due()


@shared_task
def application_digest_send(post_id: int) -> int:
    """At the end of a post's window (APPLICATION_DIGEST_MINUTES): one e-mail to its
    enterprise listing the applications that came in (scheduled by application_submit)."""
    post = JobPost.objects.filter(pk=post_id).first()
    return services.application_digest_send(post=post) if post else 0


@shared_task
def expire_offline_hires() -> int:
    """Daily: hires the veteran did not confirm within OFFLINE_HIRE_CONFIRM_DAYS expire."""
    return services.offline_hires_expire()


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
def matching_run() -> int | None:
    """Nightly at 02:00: plan a run, enqueue its shards; skipped (and logged) while a run
    is still running."""
    try:
        return services.matching_run_start().pk
    except Conflict as refusal:
        logger.warning("Nightly matching skipped: %s", refusal)
        return None


@shared_task(
    bind=True, autoretry_for=(OperationalError, InterfaceError), retry_backoff=5, max_retries=3
)
def matching_shard(self, run_id: int, number: int) -> bool:
    """One region shard. Idempotent: a redelivered or repeated task finds its shard done,
    or redoes it from nothing (the killed attempt's transaction was rolled back). After the
    last retry of a database error the run has failed, rather than waiting, still
    "running", for the next start to call it stale."""
    final = self.request.retries >= self.max_retries
    return services.matching_shard_run(run_id=run_id, number=number, final=final)


@shared_task
def matching_finish(run_id: int) -> bool:
    return services.matching_run_finish(run_id=run_id)


@shared_task
def matching_veteran(veteran_id: int) -> int:
    """A small run for one veteran whose profile changed (jobs.services.matching)."""
    return services.matching_veteran_refresh(veteran_id=veteran_id)


@shared_task
def post_import_run(post_import_id: int) -> int:
    """Check (and create the posts of) a large upload; its page shows the progress."""
    return services.post_import_run(post_import_id=post_import_id).posts_created


@shared_task
def remind_interviews() -> int:
    """Daily: both sides of tomorrow's accepted interviews are reminded (once)."""
    return services.interviews_remind()


@shared_task
def mark_referrals_overdue() -> int:
    """Daily: unanswered referrals past their working days come back to the officers."""
    return referrals.referrals_mark_overdue()


@shared_task
def send_recommendation_digests() -> int:
    """Weekly: one task per veteran looking for work, so many workers share the work."""
    ids = digest_veteran_ids()
    for pk in ids:
        send_recommendation_digest.delay(pk)
    return len(ids)


@shared_task
def send_recommendation_digest(veteran_id: int) -> int:
    """Idempotent per week (one RecommendationDigest row per veteran and week)."""
    digest = recommendation_digest_send(veteran_id=veteran_id)
    return digest.new_count if digest else 0


@shared_task
def retry_owed_interview_guarantees() -> int:
    """Daily: every owed interview guarantee of training cooperation is tried again, as a
    post's approval would (jobs.training.cooperation); answers how many were given."""
    counts = interview_guarantees_retry_owed()
    logger.info(
        "Owed interview guarantees retried: %d given, %d still owed, %d lapsed, %d failed",
        counts.given,
        counts.still_owed,
        counts.lapsed,
        counts.failed,
    )
    return counts.given
