"""The quarterly report's queries on several database connections at once
(dashboards.queries.run_every): the same results as on one, each query run once."""

import time

import pytest
from django.conf import settings
from django.db import connection, transaction

from dashboards import figures, queries
from dashboards.models import QuarterlyReport
from dashboards.services import quarterly_report_compute
from tests.dashboards.world import build_world


def _params(quarter) -> dict:
    return {
        "start": quarter.starts_at,
        "end": quarter.ends_at,
        "first_day": quarter.first_day,
        "last_day": quarter.last_day,
        "zone": settings.TIME_ZONE,
    }


def test_every_query_of_the_report_is_run_and_in_the_longest_first_order_once():
    assert len(set(queries.EVERY_QUERY)) == len(queries.EVERY_QUERY)
    assert set(queries.EVERY_QUERY) == {*queries.FACT_QUERIES, queries.AGREEMENTS, queries.FEEDBACK}


@pytest.fixture
def spied(monkeypatch):
    """The backend process of each query's connection, and whether it ran in a transaction."""
    seen = []
    real_run = queries.run

    def run(sql, params):
        seen.append((sql, connection.connection.get_backend_pid(), connection.in_atomic_block))
        return real_run(sql, params)

    monkeypatch.setattr(queries, "run", run)
    return seen


@pytest.mark.django_db(transaction=True)
def test_two_connections_give_what_one_gives_each_query_once(spied):
    world = build_world()
    params = _params(world["quarter"])
    own_pid = connection.cursor().connection.get_backend_pid()

    one = queries.run_every(params, connections=1)
    serial = list(spied)
    spied.clear()
    two = queries.run_every(params, connections=2)

    assert {sql for sql, _pid, _atomic in serial} == set(queries.EVERY_QUERY)
    assert {pid for _sql, pid, _atomic in serial} == {own_pid}
    assert sorted(sql for sql, _pid, _atomic in spied) == sorted(queries.EVERY_QUERY)
    pids = {pid for _sql, pid, _atomic in spied}
    assert len(pids) == 2 and own_pid not in pids
    assert all(atomic for _sql, _pid, atomic in spied)  # each thread's post table lives on
    assert two.keys() == one.keys()
    for sql, (columns, rows) in one.items():
        assert two[sql][0] == columns
        assert sorted(two[sql][1], key=repr) == sorted(rows, key=repr)
    # The threads' connections are closed: their server processes end (a moment after the
    # client's goodbye: the server lists them until they have exited).
    assert _gone_within(pids, seconds=10)


def _gone_within(pids: set[int], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while True:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_activity WHERE pid = ANY(%s)", [list(pids)]
            )
            if cursor.fetchone()[0] == 0:
                return True
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)


@pytest.mark.django_db(transaction=True)
def test_the_stored_report_is_the_oracle_s_whichever_the_number_of_connections(spied, settings):
    world = build_world()
    expected = {}
    for count in (1, 2):
        settings.QUARTERLY_REPORT_CONNECTIONS = count
        quarterly_report_compute(quarter=world["quarter"])
        expected[count] = {
            report.region_id: (report.figures, report.totals, report.overview)
            for report in QuarterlyReport.objects.all()
        }
    assert expected[1] == expected[2]
    assert len({pid for _sql, pid, _atomic in spied}) == 3  # its own, then two of their own


@pytest.mark.django_db
def test_inside_a_transaction_the_queries_run_on_its_connection_and_see_its_rows(spied):
    world = build_world()  # not committed: only this test's transaction sees it
    own_pid = connection.cursor().connection.get_backend_pid()

    with transaction.atomic():
        by_scope = figures.every_scope(world["quarter"])

    assert {pid for _sql, pid, _atomic in spied} == {own_pid}
    assert by_scope[figures.NATION]["totals"]["applications"] > 0
