"""A real Celery worker killed in the middle of a run: after redelivery to a new worker the
run is complete, without duplicates, and a reader in another connection only ever saw
whole runs."""

import threading
import time

import psycopg2
import pytest
from django.db import connection

from jobs import services
from jobs.matching import shards
from jobs.models import MatchingRun, MatchingShard
from portal.celery import app
from tests.jobs.matching.conftest import populate
from tests.workers import celery_worker, kill_worker

VISIBILITY = 4  # seconds: the killed task's message comes back after this
# The machine may be shared and loaded: generous limits, which only a failure waits out.
PING_TIMEOUT = 120
CURRENT_COUNT = """
    SELECT r.id, count(x.*) FROM jobs_matchingrun r
    LEFT JOIN jobs_recommendation x ON x.run_id = r.id
    WHERE r.is_current GROUP BY r.id
"""


def _connect():
    db = connection.settings_dict
    return psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"],
        host=db["HOST"] or "127.0.0.1", port=db["PORT"] or 5432,
    )  # fmt: skip


class Reader(threading.Thread):
    """Counts the current run's recommendations over and over, one statement at a time."""

    def __init__(self):
        super().__init__(daemon=True)
        self.seen, self.stop = set(), threading.Event()

    def run(self):
        db = _connect()
        db.autocommit = True
        with db.cursor() as cursor:
            while not self.stop.is_set():
                cursor.execute(CURRENT_COUNT)
                self.seen.update(cursor.fetchall())
                time.sleep(0.02)
        db.close()


def _copy_waiting_on_lock(timeout=180.0) -> int | None:
    """The backend of the worker's shard once its COPY waits on the test's lock. (Not any
    backend waiting on a lock: the Reader waits on the same lock from the first moment.)"""
    deadline = time.monotonic() + timeout
    with _connect() as db, db.cursor() as cursor:
        while time.monotonic() < deadline:
            cursor.execute(
                "SELECT pid FROM pg_stat_activity WHERE wait_event_type = 'Lock' "
                "AND datname = current_database() AND query LIKE %s",
                ["COPY jobs_recommendation %"],
            )
            row = cursor.fetchone()
            if row:
                return row[0]
            time.sleep(0.1)
    return None


def _wait_until_finished(run: MatchingRun, timeout=300.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run.refresh_from_db()
        if run.status != MatchingRun.Status.RUNNING:
            return
        time.sleep(0.3)


def _kill_a_worker_in_the_middle_of_a_shard(run: MatchingRun) -> None:
    """A worker takes the first shard and stops at its COPY (the test holds a lock on the
    run's partition), mid-transaction; there it is killed with SIGKILL."""
    blocker = _connect()
    try:
        with blocker.cursor() as cursor:
            table = shards.partition("jobs_recommendation", run.pk)
            cursor.execute(f"LOCK TABLE {table} IN ACCESS EXCLUSIVE MODE")
            with celery_worker(
                ping_timeout=PING_TIMEOUT, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY)
            ) as worker:
                try:
                    reached = _copy_waiting_on_lock()
                finally:
                    kill_worker(worker)  # also when it never got there: no waiting on it
            assert reached, "no shard reached its COPY"
        attempts = MatchingShard.objects.filter(run=run).values_list("attempts", flat=True)
        assert sorted(attempts) == [0, 1]  # one shard started and killed, the other queued
    finally:
        blocker.rollback()
        blocker.close()


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_run_survives_a_worker_killed_mid_shard():
    populate(veterans=45, posts=30)
    first = services.matching_run_start()  # eager: the current run before the test's run
    reader = Reader()
    reader.start()
    app.conf.task_always_eager = False
    try:
        second = services.matching_run_start()  # its two shard tasks wait in the queue
        _kill_a_worker_in_the_middle_of_a_shard(second)
        time.sleep(VISIBILITY + 1)  # the killed task's message becomes visible again
        with celery_worker(ping_timeout=PING_TIMEOUT, CELERY_VISIBILITY_TIMEOUT=str(VISIBILITY)):
            _wait_until_finished(second)
    finally:
        app.conf.task_always_eager = True
        reader.stop.set()
        reader.join()
    first.refresh_from_db()
    second.refresh_from_db()
    assert second.status == MatchingRun.Status.DONE, second.error  # the shard's exception
    assert second.is_current
    assert second.shards_done == second.shards_total == 2  # Beijing and Shanghai
    assert max(MatchingShard.objects.filter(run=second).values_list("attempts", flat=True)) >= 2
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT (veteran_id, post_id)) FROM jobs_recommendation "
            "WHERE run_id = %s",
            [second.pk],
        )
        rows, distinct = cursor.fetchone()
    assert rows == distinct == second.recommendations > 0
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), count(DISTINCT (post_id, veteran_id)) FROM jobs_postcandidate "
            "WHERE run_id = %s",
            [second.pk],
        )
        rows, distinct = cursor.fetchone()
    assert rows == distinct > 0
    whole = {(first.pk, first.recommendations), (second.pk, second.recommendations)}
    assert reader.seen and reader.seen <= whole
