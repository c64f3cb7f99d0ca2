"""DATABASE_REPLICA_URL: dashboards, reports and exports read from the replica, everything
else and every write from the primary. The replica here is a second connection to the test
database, read-only like a hot standby, so a write sent there would fail."""

import json
import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.db import connections
from django.db.backends.base.base import BaseDatabaseWrapper
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from dashboards.services import quarterly_report_compute
from enterprises.models import CooperationBatch
from portal.routers import REPLICA, ReplicaRouter, replica_reads
from tests import factories as f
from tests.dashboards.world import the_quarter

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.filterwarnings("ignore:Overriding setting DATABASES"),
]


@pytest.fixture
def replica(settings, monkeypatch, django_db_blocker):
    """A second connection to the test database under the alias "replica". Django's test
    case refuses connections to aliases the test did not declare, and this one is made
    here, after it started: the real ensure_connection is put back for the test."""
    real = django_db_blocker._real_ensure_connection
    monkeypatch.setattr(BaseDatabaseWrapper, "ensure_connection", real)
    primary = connections.settings["default"]
    replica_settings = {
        **primary,
        "OPTIONS": {**primary["OPTIONS"], "options": "-c default_transaction_read_only=on"},
    }
    connections.settings[REPLICA] = replica_settings
    settings.DATABASES = {**settings.DATABASES, REPLICA: replica_settings}
    yield connections[REPLICA]
    connections[REPLICA].close()
    delattr(connections._connections, REPLICA)
    del connections.settings[REPLICA]


@pytest.fixture
def reported(enterprise_a):
    quarter = the_quarter()
    f.JobPostFactory(branch=f.BranchFactory(enterprise=enterprise_a))
    quarterly_report_compute(quarter=quarter)
    return quarter


def tables_read(queries) -> set[str]:
    return {table for query in queries for table in _tables(query["sql"])}


def _tables(sql: str) -> set[str]:
    words = sql.replace('"', " ").split()
    return {words[i + 1] for i, word in enumerate(words[:-1]) if word in ("FROM", "JOIN")}


def test_the_nation_dashboard_reads_its_figures_from_the_replica(
    client, ministry, replica, reported
):
    client.force_login(ministry)

    with (
        CaptureQueriesContext(connections["default"]) as primary,
        CaptureQueriesContext(replica) as from_replica,
    ):
        response = client.get(reverse("dashboards:nation"))

    assert response.status_code == 200
    assert "dashboards_quarterlyreport" in tables_read(from_replica.captured_queries)
    assert "dashboards_quarterlyreport" not in tables_read(primary.captured_queries)
    assert "django_session" in tables_read(primary.captured_queries)  # who asks: the primary


@pytest.mark.parametrize("name", ["report_xlsx", "report_csv", "report_print"])
def test_the_reports_and_exports_read_from_the_replica(client, ministry, replica, reported, name):
    client.force_login(ministry)
    url = reverse(f"dashboards:{name}", kwargs={"quarter": str(reported), "scope": "nation"})

    with CaptureQueriesContext(replica) as from_replica:
        response = client.get(url)

    assert response.status_code == 200
    assert "dashboards_quarterlyreport" in tables_read(from_replica.captured_queries)


def test_the_enterprise_dashboard_reads_from_the_replica(client, hr_a, replica, reported):
    client.force_login(hr_a)

    with CaptureQueriesContext(replica) as from_replica:
        assert client.get(reverse("dashboards:enterprise")).status_code == 200

    assert from_replica.captured_queries


def test_without_a_replica_the_dashboards_read_the_primary(client, ministry, reported):
    client.force_login(ministry)

    with CaptureQueriesContext(connections["default"]) as primary:
        assert client.get(reverse("dashboards:nation")).status_code == 200

    assert REPLICA not in settings.DATABASES
    assert "dashboards_quarterlyreport" in tables_read(primary.captured_queries)


def test_a_write_inside_replica_reads_goes_to_the_read_write_primary(replica):
    with replica_reads():
        CooperationBatch.objects.create(number=99, name="第九十九批", published_on="2026-01-01")

    assert CooperationBatch.objects.using(REPLICA).filter(number=99).count() == 1


def test_pages_outside_the_dashboards_never_read_the_replica(client, veteran, replica):
    client.force_login(veteran.user)

    with CaptureQueriesContext(replica) as from_replica:
        client.get("/?q=guard")

    assert from_replica.captured_queries == []


def test_the_replica_is_never_migrated_and_sessions_never_read_from_it(replica):
    router = ReplicaRouter()
    from django.contrib.sessions.models import Session

    from jobs.models import JobPost

    assert router.allow_migrate(REPLICA, "jobs") is False
    assert router.allow_migrate("default", "jobs") is True
    with replica_reads():
        assert router.db_for_read(JobPost) == REPLICA
        assert router.db_for_read(Session) is None
    assert router.db_for_read(JobPost) is None


def test_database_replica_url_adds_the_replica_alias_with_the_primarys_options():
    script = (
        "import json, django; django.setup(); from django.conf import settings as s; "
        "r = s.DATABASES['replica']; print(json.dumps([r['HOST'], r['PORT'], r['ENGINE'], "
        "r['OPTIONS'], r['TEST']['MIRROR'], s.DATABASE_ROUTERS]))"
    )
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_REPLICA_URL": "postgres://reader@standby.example.internal:5433/portal",
    }
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=settings.BASE_DIR,
        env=environment,
        capture_output=True,
        text=True,
    )

    assert json.loads(result.stdout) == [
        "standby.example.internal",
        5433,
        "portal.postgresql",
        {"connect_timeout": 2},
        "default",
        ["portal.routers.ReplicaRouter"],
    ], result.stderr
