"""One run at a time, and the newest wins: a start while a run is running is refused (the
command says so, the schedule skips and logs it); should two runs ever both finish, in
either order, the newer one is current and the clean-up keeps the current run's rows."""

import datetime
import logging

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from jobs import services, tasks
from jobs.matching import shards
from jobs.models import MatchingRun, Recommendation
from portal.workflow import Conflict
from tests.jobs.matching.test_runs import planned

pytestmark = pytest.mark.django_db


def _started() -> MatchingRun:
    """A run started through the service whose shard tasks are never sent."""
    return services.matching_run_start(enqueue=lambda run_id, number: None)


def _written(run: MatchingRun, numbers: list[int]) -> None:
    for number in numbers:
        shards.count_attempt(run.pk, number)
        assert shards.run_shard(run.pk, number)


def _has_rows(run: MatchingRun) -> bool:
    return Recommendation.objects.filter(run=run).exists()


def test_overlap_a_second_start_is_refused_while_a_run_is_running(population):
    first = _started()
    with pytest.raises(Conflict, match="already running"):
        _started()
    assert list(MatchingRun.objects.values_list("pk", flat=True)) == [first.pk]


def test_overlap_run_matching_says_a_run_is_already_running(population):
    _started()
    with pytest.raises(CommandError, match="already running"):
        call_command("run_matching", "--no-wait")
    assert MatchingRun.objects.count() == 1


def test_overlap_the_nightly_task_skips_and_logs_while_a_run_is_running(population, caplog):
    _started()
    with caplog.at_level(logging.WARNING, logger="jobs.tasks"):
        assert tasks.matching_run() is None
    assert "Nightly matching skipped" in caplog.text
    assert MatchingRun.objects.count() == 1


def test_overlap_a_stale_run_no_longer_blocks_a_start(population, settings):
    first = _started()
    old = timezone.now() - datetime.timedelta(hours=settings.MATCHING_STALE_HOURS + 1)
    MatchingRun.objects.filter(pk=first.pk).update(started_at=old)
    second = _started()
    first.refresh_from_db()
    assert first.status == MatchingRun.Status.FAILED and "in time" in first.error
    assert second.status == MatchingRun.Status.RUNNING


def test_overlap_the_newer_run_finishing_first_stays_current(population):
    older, older_shards = planned()
    newer, newer_shards = planned()
    _written(older, older_shards)
    _written(newer, newer_shards)
    assert services.matching_run_finish(run_id=newer.pk)
    assert not services.matching_run_finish(run_id=older.pk)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert newer.is_current and newer.status == MatchingRun.Status.DONE
    assert not older.is_current and older.status == MatchingRun.Status.FAILED
    assert "Superseded" in older.error
    assert _has_rows(newer) and not _has_rows(older)
    assert set(
        Recommendation.objects.filter(run__is_current=True).values_list("run", flat=True)
    ) == {newer.pk}


def test_overlap_the_older_run_finishing_first_is_replaced_by_the_newer(population, settings):
    settings.MATCHING_KEEP_RUNS = 2
    older, older_shards = planned()
    newer, newer_shards = planned()
    _written(older, older_shards)
    assert services.matching_run_finish(run_id=older.pk)
    _written(newer, newer_shards)
    assert services.matching_run_finish(run_id=newer.pk)
    older.refresh_from_db()
    newer.refresh_from_db()
    assert newer.is_current and not older.is_current
    assert older.status == MatchingRun.Status.DONE
    assert _has_rows(newer) and _has_rows(older)


def test_overlap_the_clean_up_never_drops_the_current_runs_rows(population, settings):
    """Even when newer finished runs exist and none are to be kept."""
    settings.MATCHING_KEEP_RUNS = 0
    current, numbers = planned()
    _written(current, numbers)
    assert services.matching_run_finish(run_id=current.pk)
    newer, newer_shards = planned()
    _written(newer, newer_shards)
    MatchingRun.objects.filter(pk=newer.pk).update(status=MatchingRun.Status.DONE)
    shards.drop_old_runs()
    assert _has_rows(current)
