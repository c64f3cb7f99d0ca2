"""`make bench-growth` (scripts/bench_growth.py) end to end at the tiny sizes: every
benchmark in a scratch database of its own, one JSON line each, the table, the plot and the
fitted exponents written, and the scratch databases dropped after."""

import importlib.util
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


def test_the_growth_pipeline_runs_every_benchmark_and_writes_its_table_and_plot(tmp_path):
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
    assert set(runs) == {("matching", 400), ("search", 150), ("reports", "tiny")}
    # The run reads the planted veterans looking for work; the posts all.
    assert 0 < runs[("matching", 400)]["veterans"] <= 400 and runs[("matching", 400)]["posts"] == 80
    assert runs[("matching", 400)]["total_s"] > 0
    assert runs[("search", 150)]["posts"] == 150 and runs[("search", 150)]["p95_ms"] > 0
    assert runs[("search", 150)]["rebuild_posts_per_s"] > 0
    assert runs[("reports", "tiny")]["veterans"] > 0
    assert runs[("reports", "tiny")]["quarterly_run_s"] > 0
    fitted = {(item["benchmark"], item["figure"]): item for item in report["series"]}
    assert set(fitted) == {
        ("matching", "total_s"),
        ("search", "p95_ms"),
        ("reports", "quarterly_run_s"),
        ("reports", "dashboard_p95_ms"),
    }
    # One size each: nothing to fit, and the table says so.
    assert all(item["exponent"] is None for item in fitted.values())
    table = (tmp_path / "growth.md").read_text()
    assert "| matching | 400 veterans |" in table and "too few sizes to fit" in table
    assert (tmp_path / "growth.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert _databases_named(base) == []


growth = importlib.util.module_from_spec(
    spec := importlib.util.spec_from_file_location(
        "bench_growth", settings.BASE_DIR / "scripts" / "bench_growth.py"
    )
)
spec.loader.exec_module(growth)


def _run(benchmark: str, size, result: dict) -> dict:
    return {
        "benchmark": benchmark,
        "size": size,
        "command": f"bench_{benchmark}",
        "wall_s": 1.0,
        "seed_demo_s": None,
        "seed_demo_peak_rss_mib": None,
        "command_peak_rss_mib": 100,
        "load_average_before": 0.5,
        "load_average_after": 0.6,
        "result": result,
    }


@pytest.mark.parametrize(
    ("times", "exponent", "reading"),
    [
        ([10.0, 20.0, 40.0], 1.0, "grows about linearly"),
        ([10.0, 40.0, 160.0], 2.0, "grows faster than the size"),
        ([10.0, 10.0, 10.0], 0.0, "grows slower than the size"),
    ],
)
def test_the_growth_exponent_is_the_slope_of_log_time_against_log_size(times, exponent, reading):
    runs = [
        _run("matching", size, {"veterans": size, "posts": size // 5, "total_s": seconds})
        for size, seconds in zip([250_000, 500_000, 1_000_000], times)
    ]
    [item] = growth.series(runs)
    assert (item["figure"], item["exponent"], item["reading"]) == ("total_s", exponent, reading)
    assert item["points"] == [[250_000, times[0]], [500_000, times[1]], [1_000_000, times[2]]]


def test_the_table_and_the_plot_show_each_size_and_each_fit(tmp_path):
    runs = [
        _run("matching", 250_000, {"veterans": 250_000, "total_s": 60.0}),
        _run("matching", 500_000, {"veterans": 500_000, "total_s": 120.0}),
        _run("search", 200_000, {"posts": 200_000, "p95_ms": 20.0}),
        _run("search", 1_000_000, {"posts": 1_000_000, "p95_ms": 25.0}),
        _run("reports", "large", {"veterans": 1_000_000, "quarterly_run_s": 6.0}),
        _run("reports", "xlarge", {"veterans": 2_000_000, "quarterly_run_s": 12.0}),
    ]
    report = {
        "started": "2026-12-07T00:00:00+00:00",
        "finished": "2026-12-07T01:00:00+00:00",
        "preset": "full",
        "cpus": 2,
        "workers": 2,
        "runs": runs,
        "series": growth.series(runs),
    }
    exponents = {(i["benchmark"], i["figure"]): i["exponent"] for i in report["series"]}
    assert exponents[("matching", "total_s")] == 1.0
    assert exponents[("reports", "quarterly_run_s")] == 1.0
    assert 0 < exponents[("search", "p95_ms")] < 0.85
    table = growth.markdown(report)
    assert "| matching | 500,000 veterans |" in table
    assert "| reports | 2,000,000 veterans (`xlarge`) |" in table
    assert "| search | `p95_ms` (ms) | 200,000, 1,000,000 posts | 0.14 | grows slower" in table
    growth.plot(report, tmp_path / "growth.png")
    assert (tmp_path / "growth.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
