"""`make loadtest`: locust, headless, against gunicorn on 127.0.0.1 (README "Load test").

    python scripts/loadtest.py [--users 100] [--seconds 60] [--spawn-rate 10]
                               [--scale medium] [--workers 4] [--runs 3] [--warmup 20]
                               [--settle-load 1.0] [--settle-timeout 300]

Uses a database of its own on the same PostgreSQL (the development one's name + "_loadtest",
or LOADTEST_DATABASE_URL), seeded once with `seed_demo --scale SCALE --seed 1`, and Redis
database 2 of the same Redis (emptied first) for the cache. gunicorn runs production
settings (DEBUG off) over plain http. Three phases against that one gunicorn: the mixed
phase (people browsing, searching, applying and reviewing, arriving over the first
seconds: `rps`, `p95_ms`, `errors`), then, with the same number of users all at once and
no pauses, only the trivial view /health/live/ and only the search page;
`search_vs_trivial` is the ratio of their throughputs.

Repeatable figures: after seeding, a warm-up mixed phase (`--warmup` seconds, not counted)
fills PostgreSQL's buffers, the workers' templates and the page cache, as on a server that
has been up a while; before each of `--runs` runs the driver waits until the machine's
1-minute load average is below `--settle-load` (at most `--settle-timeout` seconds; how long
it waited and whether it settled are in the JSON line). The headline figures are the
median run's; `spread` gives the min, median and max of p95 and of search_vs_trivial over
the runs, and `pages` each page's p95 (median over the runs, with min and max).
Prints one JSON line on stdout."""

import argparse
import csv
import json
import os
import secrets
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import environ

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"
WORDS = [
    "司机",
    "保安",
    "叉车",
    "销售",
    "工程师",
    "电工",
    "仓库",
    "客服",
    "物流",
    "厨师",
    "驾驶",
    "安全",
    "技术员",
    "管理",
]
PHASE_SECONDS = 20  # each yardstick phase
LOG = ROOT / "var" / "loadtest" / "gunicorn.log"


def urls() -> tuple[str, str]:
    """The load test's database and Redis URLs, beside the development servers."""
    env = environ.Env()
    if (ROOT / "var" / "devservers.env").exists():
        env.read_env(ROOT / "var" / "devservers.env")
    database = env("LOADTEST_DATABASE_URL", default="")
    if not database:
        parts = urlsplit(env("DATABASE_URL"))
        database = urlunsplit(parts._replace(path=parts.path + "_loadtest"))
    redis = urlsplit(env("REDIS_URL"))
    return database, env("LOADTEST_REDIS_URL", default=urlunsplit(redis._replace(path="/2")))


def create_database(url: str) -> None:
    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(urlunsplit(parts._replace(path="/postgres")))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        if not cursor.fetchone():
            cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def manage(env: dict, *args: str) -> None:
    # Their reports go to stderr: stdout is the one JSON line.
    subprocess.run([PYTHON, "manage.py", *args], env=env, cwd=ROOT, check=True, stdout=sys.stderr)


def prepare(env: dict, scale: str) -> None:
    """The load test's database, migrated and seeded (seed_demo does nothing when the data
    is there), and its Redis database emptied, so that every run starts with cold caches."""
    import redis

    redis.Redis.from_url(env["REDIS_URL"]).flushdb()
    manage(env, "migrate", "--noinput", "--verbosity", "0")
    manage(env, "seed_demo", "--scale", scale, "--seed", "1", "--verbosity", "0")
    manage(env, "collectstatic", "--noinput", "--verbosity", "0")


def world(env: dict, sessions_per_role: int) -> dict:
    """Sessions of demo users per role (made here, as a login would), post ids, words."""
    os.environ.update(env)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    import django

    django.setup()
    from django.test import Client

    from enterprises.models import CooperationBatch
    from enterprises.selectors import cooperative_enterprises
    from jobs.models import JobPost
    from portal.accounts.mfa import session_mark_verified
    from portal.accounts.middleware import is_staff_user
    from portal.accounts.models import User
    from portal.reference.models import Region
    from veterans.models import Consent

    consenting = Consent.objects.filter(
        purpose=Consent.Purpose.SENSITIVE_DATA, withdrawn_at__isnull=True
    ).values("user")
    users = {
        "veteran": User.objects.filter(role="veteran", pk__in=consenting),
        "enterprise": User.objects.filter(role="enterprise", is_active=True),
        "bureau": User.objects.filter(role="bureau", is_active=True),
    }
    sessions = {}
    for role, queryset in users.items():
        client = Client()
        keys = []
        for user in queryset.order_by("pk")[:sessions_per_role]:
            client.force_login(user)
            if is_staff_user(user):  # as after the one-time password step
                session_mark_verified(client.session, user)
            keys.append(client.cookies["sessionid"].value)
            client.cookies.clear()
        sessions[role] = keys
    posts = JobPost.objects.published().order_by("?").values_list("pk", flat=True)[:2000]
    provinces = Region.objects.filter(parent__isnull=True).values_list("code", flat=True)
    enterprises = cooperative_enterprises().order_by("?").values_list("pk", flat=True)[:500]
    batches = CooperationBatch.objects.released().values_list("number", flat=True)
    return {
        "sessions": sessions,
        "posts": list(posts),
        "enterprises": list(enterprises),
        "batches": list(batches) or [1],
        "words": WORDS,
        "provinces": list(provinces)[:10],
    }


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def start_gunicorn(env: dict, workers: int) -> tuple[subprocess.Popen, str]:
    port = free_port()
    # Its access lines (one a request, as in production) go to a file: a terminal scrolling
    # thousands of lines a second would slow the server it measures.
    LOG.parent.mkdir(parents=True, exist_ok=True)
    process = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "portal.wsgi", "-b", f"{HOST}:{port}", "-w", str(workers)]
        + ["--log-level", "info", "--backlog", "2048"],
        env=env,
        cwd=ROOT,
        stdout=LOG.open("w"),
        stderr=subprocess.STDOUT,
    )
    base = f"http://{HOST}:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(base + "/health/live/", timeout=5)
            return process, base
        except OSError:
            time.sleep(0.3)
    process.terminate()
    raise SystemExit("loadtest: gunicorn did not start")


def settle(threshold: float, timeout: float) -> dict:
    """Wait until the 1-minute load average is below `threshold` (the load test's own
    gunicorn and locust of the run before, other people's work), at most `timeout` s."""
    started = time.monotonic()
    load = os.getloadavg()[0]
    while load >= threshold and time.monotonic() - started < timeout:
        time.sleep(5)
        load = os.getloadavg()[0]
    return {
        "threshold": threshold,
        "waited_s": round(time.monotonic() - started, 1),
        "load_average": round(load, 2),
        "settled": load < threshold,
    }


def spread(values: list[float]) -> dict:
    return {
        "min": min(values),
        "median": statistics.median(values),
        "max": max(values),
    }


def run_locust(
    base: str, world_file: str, users: int, spawn_rate: int, seconds: int, classes: list[str]
) -> dict:
    """One headless locust run; the aggregated row of its statistics."""
    with tempfile.TemporaryDirectory() as directory:
        prefix = f"{directory}/run"
        subprocess.run(
            [PYTHON, "-m", "locust", "-f", str(ROOT / "loadtest" / "locustfile.py")]
            + ["--headless", "--only-summary", "--host", base, "--csv", prefix]
            + ["-u", str(users), "-r", str(spawn_rate), "-t", f"{seconds}s"]
            + ["--loglevel", "WARNING"]
            + classes,
            env={**os.environ, "LOADTEST_WORLD": world_file},
            check=False,  # locust exits 1 when a request failed: the figures say so
            stdout=subprocess.DEVNULL,
        )
        with open(f"{prefix}_stats.csv") as stats:
            rows = list(csv.DictReader(stats))
    total = next(row for row in rows if row["Name"] == "Aggregated")
    return {
        "requests": int(total["Request Count"]),
        "failures": int(total["Failure Count"]),
        "rps": float(total["Requests/s"]),
        "p95_ms": float(total["95%"]),
        "by_name": {
            row["Name"]: {
                "rps": round(float(row["Requests/s"]), 1),
                "p95_ms": float(row["95%"]),
                "failures": int(row["Failure Count"]),
            }
            for row in rows
            if row["Name"] != "Aggregated"
        },
    }


MIXED = ["Visitor", "Veteran", "EnterpriseStaff", "BureauOfficer"]


def one_run(base: str, world_file: str, args, number: int) -> dict:
    """The three phases once, after the machine settled."""
    settled = settle(args.settle_load, args.settle_timeout)
    print(f"loadtest: run {number}, settle {settled}", file=sys.stderr, flush=True)
    load_before = os.getloadavg()[0]
    restarts_before = worker_restarts()
    mixed = run_locust(base, world_file, args.users, args.spawn_rate, args.seconds, MIXED)
    trivial = run_locust(base, world_file, args.users, args.users, PHASE_SECONDS, ["TrivialOnly"])
    search = run_locust(base, world_file, args.users, args.users, PHASE_SECONDS, ["SearchOnly"])
    return {
        "rps": round(mixed["rps"], 1),
        "p95_ms": mixed["p95_ms"],
        "errors": mixed["failures"],
        "requests": mixed["requests"],
        "search_vs_trivial": round(search["rps"] / trivial["rps"], 3) if trivial["rps"] else None,
        "trivial_rps": round(trivial["rps"], 1),
        "search_rps": round(search["rps"], 1),
        "search_p95_ms_alone": search["p95_ms"],
        "settle": settled,
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        # Workers gunicorn replaced (max_requests) during the three phases.
        "worker_restarts": worker_restarts() - restarts_before,
        "pages": mixed["by_name"],
    }


def worker_restarts() -> int:
    """Workers replaced so far by gunicorn after their max_requests (its log says so)."""
    with LOG.open(errors="replace") as log:
        return sum("Autorestarting worker" in line for line in log)


def summary(runs: list[dict], args, warmup: dict | None) -> dict:
    """The median run's figures (by p95), the spread over the runs, each page's p95."""
    ordered = sorted(runs, key=lambda run: run["p95_ms"])
    middle = ordered[(len(ordered) - 1) // 2]
    ratios = [run["search_vs_trivial"] for run in runs if run["search_vs_trivial"] is not None]
    names = sorted({name for run in runs for name in run["pages"]})
    pages = {}
    for name in names:
        p95 = [run["pages"][name]["p95_ms"] for run in runs if name in run["pages"]]
        pages[name] = {
            "p95_ms": statistics.median(p95),
            "p95_ms_min": min(p95),
            "p95_ms_max": max(p95),
            "rps": round(
                statistics.median(
                    run["pages"][name]["rps"] for run in runs if name in run["pages"]
                ),
                2,
            ),
            "failures": sum(run["pages"][name]["failures"] for run in runs if name in run["pages"]),
        }
    return {
        "rps": middle["rps"],
        "p95_ms": middle["p95_ms"],
        # Every failed request of every run.
        "errors": sum(run["errors"] for run in runs),
        "search_vs_trivial": statistics.median(ratios) if ratios else None,
        "requests": sum(run["requests"] for run in runs),
        "worker_restarts": sum(run.get("worker_restarts", 0) for run in runs),
        "users": args.users,
        "seconds": args.seconds,
        "spawn_rate": args.spawn_rate,
        "scale": args.scale,
        "gunicorn_workers": args.workers,
        "runs": len(runs),
        "spread": {
            "p95_ms": spread([run["p95_ms"] for run in runs]),
            "search_vs_trivial": spread(ratios) if ratios else None,
            "rps": spread([run["rps"] for run in runs]),
        },
        "trivial_rps": middle["trivial_rps"],
        "search_rps": middle["search_rps"],
        "search_p95_ms_alone": middle["search_p95_ms_alone"],
        "load_average_before": runs[0]["load_average_before"],
        "load_average_after": runs[-1]["load_average_after"],
        "warmup": warmup,
        "per_run": [{key: value for key, value in run.items() if key != "pages"} for run in runs],
        "pages": pages,
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=100)
    parser.add_argument("--seconds", type=int, default=60)
    # People arrive over the first 10 seconds, not all in the same millisecond.
    parser.add_argument("--spawn-rate", type=int, default=10)
    parser.add_argument("--scale", default="medium")
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--runs", type=int, default=3, help="the phases this many times")
    parser.add_argument(
        "--warmup", type=int, default=20, help="seconds of mixed load, not counted, first"
    )
    parser.add_argument(
        "--settle-load",
        type=float,
        default=0.5 * (os.cpu_count() or 2),
        help="wait before each run for the 1-minute load average to fall below this",
    )
    parser.add_argument("--settle-timeout", type=float, default=300)
    args = parser.parse_args()

    database_url, redis_url = urls()
    create_database(database_url)
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "LOG_LEVEL": "WARNING",
        # Production settings, served over plain http on 127.0.0.1: no redirect to HTTPS,
        # cookies without the Secure flag, and keys for the load test's database only.
        "SECURE_SSL_REDIRECT": "false",
        "SECURE_COOKIES": "false",
        "SECURE_HSTS_SECONDS": "0",
        "PERSONAL_DATA_KEYS": "loadtest-only-personal-data-key",
        "PERSONAL_DATA_HASH_KEY": "loadtest-only-personal-data-hash-key",
    }
    prepare(env, args.scale)
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as world_file:
        json.dump(world(env, sessions_per_role=args.users), world_file)
    server, base = start_gunicorn(env, args.workers)
    try:
        warmup = None
        if args.warmup > 0:
            # Cold caches after seeding move the first run's figures: warm them, uncounted.
            warm = run_locust(
                base, world_file.name, args.users, args.spawn_rate, args.warmup, MIXED
            )
            warmup = {
                "seconds": args.warmup,
                "requests": warm["requests"],
                "p95_ms": warm["p95_ms"],
            }
        runs = [one_run(base, world_file.name, args, n + 1) for n in range(max(args.runs, 1))]
    finally:
        server.terminate()
        server.wait(timeout=30)
        os.unlink(world_file.name)
    print(json.dumps(summary(runs, args, warmup), ensure_ascii=False))


if __name__ == "__main__":
    main()
