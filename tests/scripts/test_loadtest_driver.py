"""scripts/loadtest.py's repeatability: the wait for a settled machine and the summary of
several runs (the spread, each page's p95). The runs themselves need gunicorn and locust
(`make loadtest`); here they are given."""

import importlib.util

from django.conf import settings

spec = importlib.util.spec_from_file_location(
    "loadtest_driver", settings.BASE_DIR / "scripts" / "loadtest.py"
)
driver = importlib.util.module_from_spec(spec)
spec.loader.exec_module(driver)


class Args:
    users, seconds, spawn_rate, scale, workers = 300, 120, 10, "medium", 4


def run(p95, ratio, pages, errors=0):
    return {
        "rps": 100.0,
        "p95_ms": p95,
        "errors": errors,
        "requests": 1000,
        "search_vs_trivial": ratio,
        "trivial_rps": 2000.0,
        "search_rps": 2000.0 * ratio,
        "search_p95_ms_alone": 20.0,
        "settle": {"settled": True},
        "load_average_before": 0.5,
        "load_average_after": 3.0,
        "pages": {
            name: {"rps": 10.0, "p95_ms": value, "failures": errors}
            for name, value in pages.items()
        },
    }


def test_the_summary_gives_the_median_run_the_spread_and_each_pages_p95():
    runs = [
        run(300.0, 0.7, {"/": 40.0, "/jobs/review/": 90.0}),
        run(120.0, 0.9, {"/": 20.0, "/jobs/review/": 70.0}, errors=2),
        run(200.0, 0.8, {"/": 30.0}),
    ]

    result = driver.summary(runs, Args, warmup={"seconds": 20})

    assert (result["p95_ms"], result["search_vs_trivial"], result["errors"]) == (200.0, 0.8, 2)
    assert result["spread"]["p95_ms"] == {"min": 120.0, "median": 200.0, "max": 300.0}
    assert result["spread"]["search_vs_trivial"] == {"min": 0.7, "median": 0.8, "max": 0.9}
    assert result["pages"]["/"] == {
        "p95_ms": 30.0,
        "p95_ms_min": 20.0,
        "p95_ms_max": 40.0,
        "rps": 10.0,
        "failures": 2,
    }
    assert result["pages"]["/jobs/review/"]["p95_ms"] == 80.0
    assert result["runs"] == 3 and len(result["per_run"]) == 3
    assert "pages" not in result["per_run"][0]


def test_settling_waits_no_longer_than_its_timeout_and_says_whether_it_settled():
    calm = driver.settle(threshold=10_000, timeout=60)
    busy = driver.settle(threshold=0, timeout=0)

    assert calm["settled"] and calm["waited_s"] < 1
    assert not busy["settled"] and busy["threshold"] == 0 and busy["load_average"] >= 0
