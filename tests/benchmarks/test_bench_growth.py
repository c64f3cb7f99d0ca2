"""`make bench-growth` (scripts/bench_growth.py) end to end at the tiny sizes: every
benchmark in a scratch database of its own, one JSON line each, the table, the plot and the
fitted exponents written, and the scratch databases dropped after."""

import json
import os
import subprocess
import sys
from urllib.parse import quote

import psycopg2
import pytest
from django.conf import settings

pytestmark = pytest.mark.slow


def _url(name: str) -> str:
    db = settings.DATABASES["default"]
    auth = quote(db["USER"]) + (f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else "")
    return f"postgres://{auth}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{name}"


def _databases_named(prefix: str) -> list[str]:
    connection = psycopg2.connect(_url("postgres"))
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT datname FROM pg_database WHERE datname LIKE %s", [prefix + "%"])
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()


def test_the_growth_pipeline_runs_every_benchmark_and_writes_table_plot_and_exponents(tmp_path):
    # A base name of the test's own, so the scratch databases are the test's alone.
    base = f"growthtest{os.getpid()}"
    env = {
        **os.environ,
        "DATABASE_URL": _url(base),
        "GROWTH_REDIS_URL": settings.REDIS_URL,
        "DEBUG": "true",
        "GROWTH_SIZES": "tiny",
    }
    env.pop("DJANGO_SETTINGS_MODULE", None)

    result = subprocess.run(
        # One matching worker: the suite's other xdist worker (browser tests) shares the cores.
        [sys.executable, "scripts/bench_growth.py", "--out", str(tmp_path), "--workers", "1"],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=1800,
    )

    assert result.returncode == 0, result.stderr[-4000:]
    assert result.stdout.strip().splitlines()[-1] == str(tmp_path / "growth.json")
    report = json.loads((tmp_path / "growth.json").read_text())
    assert report["preset"] == "tiny"
    runs = {(run["benchmark"], run["size"]): run["result"] for run in report["runs"]}
    assert set(runs) == {
        ("matching", 400),
        ("matching", 800),
        ("search", 150),
        ("search", 300),
        ("reports", "tiny"),
        ("reports", "small"),
    }
    # The run reads the planted veterans looking for work; the posts all.
    assert (
        0 < runs[("matching", 800)]["veterans"] <= 800 and runs[("matching", 800)]["posts"] == 160
    )
    assert runs[("matching", 400)]["total_s"] > 0
    assert runs[("search", 300)]["posts"] == 300 and runs[("search", 150)]["p95_ms"] > 0
    assert runs[("reports", "small")]["veterans"] > runs[("reports", "tiny")]["veterans"]
    assert runs[("reports", "tiny")]["quarterly_run_s"] > 0
    fitted = {(item["benchmark"], item["figure"]): item for item in report["series"]}
    assert set(fitted) == {
        ("matching", "total_s"),
        ("search", "p95_ms"),
        ("reports", "quarterly_run_s"),
        ("reports", "dashboard_p95_ms"),
    }
    assert all(isinstance(item["exponent"], float) for item in fitted.values())
    assert [p[0] for p in fitted[("matching", "total_s")]["points"]] == [400, 800]
    assert [p[0] for p in fitted[("search", "p95_ms")]["points"]] == [150, 300]
    table = (tmp_path / "growth.md").read_text()
    assert "| matching | 800 veterans |" in table and "exponent" in table
    assert (tmp_path / "growth.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _databases_named(base) == []
