"""A matching run's life: start, its shards, finish, failure and the clean-up of old rows.

Every change of a run's status happens here, under a lock: starting and finishing take the
runs' lock (a PostgreSQL advisory lock held to the end of the transaction), so that one
run at a time is running and the newest finished run is the current one; each status move
also locks the run's row. The work itself (plan, shard, write, drop) is
jobs/matching/shards.py.

The Celery tasks (jobs/tasks.py) call these functions; these enqueue the tasks by name
through Celery's current app, so this module never imports the tasks module.
"""

import datetime
import logging

from celery import current_app
from django.conf import settings
from django.db import InterfaceError, OperationalError, connection, transaction
from django.utils import timezone

from jobs.matching import shards
from jobs.models import MatchingRun, MatchingShard
from jobs.policies import may_start_matching_run
from portal.accounts.models import AuditAction
from portal.accounts.services import audit_event_record

logger = logging.getLogger(__name__)

SHARD_TASK = "jobs.tasks.matching_shard"
FINISH_TASK = "jobs.tasks.matching_finish"
VETERAN_TASK = "jobs.tasks.matching_veteran"
# What the matching reads from a profile: a change to any of these (or a new profile) gets
# the veteran a small run of its own, REFRESH_DELAY seconds later (a few edits in a row
# make one run).
MATCHING_INPUTS = frozenset(
    {
        "home_region",
        "education",
        "military_specialty",
        "desired_salary",
        "willing_to_relocate",
        "seeking_status",
        "preferred_regions",
        "preferred_industries",
        "skills",
    }
)
REFRESH_DELAY = 30
RUNS_LOCK = 0x6D61_7463  # pg_advisory_xact_lock key of the matching runs ("matc")


def _enqueue(task: str, *args, **options) -> None:
    signature = current_app.signature(task, args=args, queue=settings.MATCHING_QUEUE)
    signature.apply_async(**options)


def _lock_runs() -> None:
    """Serialise the starts and finishes of runs until the transaction ends."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(%s)", [RUNS_LOCK])


def matching_run_start(*, actor=None, enqueue=None) -> MatchingRun:
    """Start a run: refused (Conflict) while another one is running. Plans it and hands its
    shards to Celery, biggest first, once the plan is committed. `actor` is the ministry
    user who started it from the runs page (audited); None for the schedule and the
    command. `enqueue(run_id, number)` defaults to the shard task; a run without seekers is
    finished at once (an empty run still replaces yesterday's recommendations)."""
    with transaction.atomic():
        _lock_runs()
        _fail_stale_runs()
        may_start_matching_run.require(actor)
        run = MatchingRun.objects.create()
        if actor is not None:
            audit_event_record(actor=actor, action=AuditAction.MATCHING_RUN_STARTED, target=run)
    try:
        numbers = shards.prepare_run(run)
    except Exception as error:
        matching_run_fail(run_id=run.pk, error=f"Planning failed: {error!r}")
        raise
    run.refresh_from_db()
    enqueue = enqueue or (lambda run_id, number: _enqueue(SHARD_TASK, run_id, number))
    for number in numbers:
        transaction.on_commit(lambda number=number: enqueue(run.pk, number))
    if not numbers:
        matching_run_finish(run_id=run.pk)
    return run


def _fail_stale_runs() -> None:
    """A run still running after MATCHING_STALE_HOURS lost a shard for good."""
    stale = timezone.now() - datetime.timedelta(hours=settings.MATCHING_STALE_HOURS)
    running = MatchingRun.objects.filter(status=MatchingRun.Status.RUNNING, started_at__lt=stale)
    for run_id in running.values_list("pk", flat=True):
        matching_run_fail(run_id=run_id, error="No worker finished every shard in time.")


def matching_shard_run(*, run_id: int, number: int, final: bool = True) -> bool:
    """One shard of a run; False when there was nothing to do. A database error is raised
    for the task to retry, and fails the run on the `final` attempt; any other error fails
    the run at once. The shard that completes the run has it finished (a task)."""
    shards.count_attempt(run_id, number)
    try:
        worked = shards.run_shard(run_id, number)
    except (OperationalError, InterfaceError) as error:
        if final:
            matching_run_fail(run_id=run_id, error=f"Shard {number}, after retries: {error!r}")
        raise
    except Exception as error:
        matching_run_fail(run_id=run_id, error=f"Shard {number}: {error!r}")
        raise
    if worked:
        _enqueue(FINISH_TASK, run_id)
    return worked


def matching_run_finish(*, run_id: int) -> bool:
    """Make the run current once every shard is done, then drop the rows of old runs; safe
    to call any number of times (each shard calls it when it ends). True if this call made
    it current. A run that ends after a newer one became current never replaces it: it is
    marked failed ("superseded") and its rows go."""
    with transaction.atomic():
        _lock_runs()
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if run.status != MatchingRun.Status.RUNNING:
            return False
        if run.shards.filter(status=MatchingShard.Status.DONE).count() < run.shards_total:
            return False
        newer = MatchingRun.objects.filter(
            status=MatchingRun.Status.DONE, started_at__gt=run.started_at
        )
        previous = MatchingRun.objects.filter(is_current=True).values_list("pk", flat=True).first()
        if newer.exists():
            run.fail(error="Superseded: a newer run finished first.")
            run.save(update_fields=["status", "error", "finished_at"])
            logger.warning("Matching run %s finished after a newer run: not made current", run.pk)
            made_current = False
        else:
            shards.top_up(run)
            # Profiles saved during the run keep their rows until their own small run.
            changed = shards.carry_over(run, previous) if previous else []
            for veteran_id in changed:
                transaction.on_commit(lambda v=veteran_id: _enqueue(VETERAN_TASK, v))
            MatchingRun.objects.filter(is_current=True).update(is_current=False)
            run.finish()
            run.save(update_fields=["status", "is_current", "finished_at", "swap_phases"])
            made_current = True
        shards.drop_old_runs()
    return made_current


def matching_run_fail(*, run_id: int, error: str) -> None:
    with transaction.atomic():
        run = MatchingRun.objects.select_for_update().get(pk=run_id)
        if run.status == MatchingRun.Status.RUNNING:
            run.fail(error=error[:2000])
            run.save(update_fields=["status", "error", "finished_at"])


def matching_profile_changed(sender, *, profile, fields, **kwargs) -> None:
    """veterans.signals.profile_changed: a new profile, or a change to what the matching
    reads, queues a run for this veteran alone."""
    if MATCHING_INPUTS & set(fields):
        _enqueue(VETERAN_TASK, profile.pk, countdown=REFRESH_DELAY)


def matching_veteran_refresh(*, veteran_id: int) -> int:
    """A small run for one veteran: its recommendations in the current run made again from
    its profile as it is now, within the exposure left on each post. While a run is running
    it waits: that run carries the veteran's rows over and queues this again when it ends.
    Returns the recommendations written."""
    with transaction.atomic():
        _lock_runs()
        if MatchingRun.objects.filter(status=MatchingRun.Status.RUNNING).exists():
            return 0
        run = MatchingRun.objects.filter(is_current=True).first()
        if run is None:
            return 0
        return shards.rematch_veteran(run, veteran_id)
