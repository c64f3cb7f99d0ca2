"""Starting and finishing a nightly matching run (jobs/matching/shards.py does the work)."""

from django.conf import settings
from django.db import transaction

from jobs.matching import shards
from jobs.models import MatchingRun


def matching_run_start(*, enqueue=None) -> MatchingRun:
    """Plan a run and hand its shards to Celery, biggest first, once the plan is committed.

    `enqueue(run_id, number)` defaults to the shard task; a run without seekers is
    finished at once (an empty run still replaces yesterday's recommendations).
    """
    from jobs import tasks  # the tasks module imports this one

    run, numbers = shards.plan_run()
    enqueue = enqueue or (
        lambda run_id, number: tasks.matching_shard.apply_async(
            (run_id, number), queue=settings.MATCHING_QUEUE
        )
    )
    for number in numbers:
        transaction.on_commit(lambda number=number: enqueue(run.pk, number))
    if not numbers:
        matching_run_finish(run_id=run.pk)
    return run


def matching_run_finish(*, run_id: int) -> bool:
    """Swap the run in when every shard is done, then drop the rows of old runs; safe to
    call any number of times (each shard calls it when it ends)."""
    if not shards.finish_run(run_id):
        return False
    shards.drop_old_runs()
    return True
