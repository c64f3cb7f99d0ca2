"""`make bench-growth`: how each benchmark's time grows with the size (README "Benchmarks").

    python scripts/bench_growth.py [--sizes full|small|tiny] [--matching 250000,500000,...]
                                   [--search 200000,...] [--reports large,xlarge]
                                   [--workers 2] [--out var/bench] [--keep]

Runs, each in a scratch database of its own on the development PostgreSQL (the development
database's name + "_growth_<benchmark>_<size>", copied from a migrated template with the
reference data, "_growth_template"), so the development database is never touched:

- `bench_matching --veterans N --posts N/5 --workers W` at each matching size;
- `bench_search --posts N` at each search size (the posts are loaded untimed first);
- `seed_demo --scale S`, then `bench_reports` at each reports scale.

The sizes: `--sizes` (or GROWTH_SIZES) picks a preset, "full" by default (matching 250,000 /
500,000 / 1,000,000 veterans, search 200,000 / 500,000 / 1,000,000 posts, reports at the
large demo and at xlarge, twice it); `--matching`, `--search` and `--reports` override one
list (GROWTH_ARGS in `make bench-growth`). Each benchmark prints one JSON line; they are collected into OUT/growth.json, a
Markdown table OUT/growth.md and a plot of time against size, log-log, OUT/growth.png, with
the fitted growth exponent (the slope of log time against log size: 1 is linear) of each.
The scratch databases are dropped after their benchmark unless `--keep` is given.
Progress goes to stderr; the last line on stdout is the path of growth.json.
"""

import argparse
import datetime
import json
import math
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable

PRESETS = {
    "full": {
        "matching": [250_000, 500_000, 1_000_000],
        "search": [200_000, 500_000, 1_000_000],
        "reports": ["large", "xlarge"],
    },
    # A quick look at the shape in minutes, not hours.
    "small": {
        "matching": [25_000, 50_000, 100_000],
        "search": [20_000, 50_000, 100_000],
        "reports": ["small", "medium"],
    },
    # The test of the whole pipeline (tests/benchmarks/test_bench_growth.py): one size each,
    # each benchmark run once in its scratch database; the fit over several sizes is tested
    # on given runs there.
    "tiny": {
        "matching": [400],
        "search": [150],
        "reports": ["tiny"],
    },
}

# What each series plots against what: (benchmark, figure of its JSON line, unit, size key).
SERIES = (
    ("matching", "total_s", "s", "veterans"),
    ("search", "p95_ms", "ms", "posts"),
    ("reports", "quarterly_run_s", "s", "veterans"),
    ("reports", "dashboard_p95_ms", "ms", "veterans"),
)
# Extra figures shown in the table beside the plotted one.
DETAILS = {
    "matching": ("veterans", "posts", "peak_rss_mib", "phases"),
    "search": ("page1_ms", "deep_page_ms", "cold_p95_ms"),
    "reports": ("posts", "applications", "compute_s", "write_s"),
}


def log(message: str) -> None:
    print(f"[bench-growth {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def sizes_list(text: str, cast=int) -> list:
    return [cast(part.replace("_", "")) for part in text.split(",") if part.strip()]


def base_urls() -> tuple[str, str]:
    """The development database and Redis URLs (the environment, else var/devservers.env)."""
    values = dict(os.environ)
    env_file = ROOT / "var" / "devservers.env"
    if env_file.exists():
        for line in env_file.read_text().splitlines():
            name, _, value = line.partition("=")
            if name.strip() and not line.startswith("#"):
                values.setdefault(name.strip(), value.strip())
    if not values.get("DATABASE_URL") or not values.get("REDIS_URL"):
        raise SystemExit("bench-growth: DATABASE_URL and REDIS_URL are unset (make servers)")
    return values["DATABASE_URL"], values["REDIS_URL"]


class Databases:
    """Scratch databases beside the development one, copied from a migrated template."""

    def __init__(self, url: str):
        self.url = url
        parts = urlsplit(url)
        self.base = parts.path.lstrip("/")
        self.parts = parts
        self.template = f"{self.base}_growth_template"

    def url_of(self, name: str) -> str:
        return urlunsplit(self.parts._replace(path=f"/{name}"))

    def _admin(self, *statements: str, query: str | None = None, args=()):
        import psycopg2

        connection = psycopg2.connect(self.url_of("postgres"))
        connection.autocommit = True
        try:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                if query:
                    cursor.execute(query, args)
                    return cursor.fetchall()
        finally:
            connection.close()

    def exists(self, name: str) -> bool:
        return bool(self._admin(query="SELECT 1 FROM pg_database WHERE datname = %s", args=[name]))

    def drop(self, name: str) -> None:
        self._admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    def prepare_template(self, env: dict) -> None:
        if not self.exists(self.template):
            self._admin(f'CREATE DATABASE "{self.template}"')
        template_env = {**env, "DATABASE_URL": self.url_of(self.template)}
        manage(template_env, "migrate", "--noinput", "--verbosity", "0")
        manage(template_env, "load_reference", "--verbosity", "0")

    def scratch(self, name: str, keep: bool) -> str:
        """A database copied from the template (kept from an earlier --keep run if there)."""
        full = f"{self.base}_growth_{name}"
        if not (keep and self.exists(full)):
            self.drop(full)
            self._admin(f'CREATE DATABASE "{full}" TEMPLATE "{self.template}"')
        return full


PEAK_RSS_MIB = {}  # command -> the peak memory of its largest process (MiB)


def manage(env: dict, *args: str) -> dict | None:
    """Run a management command; its reports go to stderr, and the last stdout line is
    returned parsed when it is a JSON object. The peak resident memory of the command's
    largest process (it or a child it waited for) goes to PEAK_RSS_MIB."""
    with tempfile.TemporaryFile("w+") as out:
        process = subprocess.Popen(
            [PYTHON, "manage.py", *args], env=env, cwd=ROOT, stdout=out, stderr=sys.stderr
        )
        _pid, status, usage = os.wait4(process.pid, 0)
        process.returncode = os.waitstatus_to_exitcode(status)
        PEAK_RSS_MIB[args[0]] = usage.ru_maxrss // 1024  # KiB on Linux
        out.seek(0)
        stdout = out.read()
    if process.returncode:
        sys.stderr.write(stdout[-3000:])
        raise SystemExit(f"bench-growth: manage.py {' '.join(args)} failed ({process.returncode})")
    lines = stdout.strip().splitlines()
    if lines and lines[-1].startswith("{"):
        return json.loads(lines[-1])
    return None


def run_one(databases: Databases, env: dict, benchmark: str, size, args, keep: bool) -> dict:
    name = databases.scratch(f"{benchmark}_{size}", keep)
    scratch_env = {**env, "DATABASE_URL": databases.url_of(name)}
    log(f"{benchmark} at {size} in database {name}")
    started = time.monotonic()
    load_before = os.getloadavg()[0]
    try:
        if benchmark == "reports":
            manage(scratch_env, "seed_demo", "--scale", size, "--seed", "1", "--verbosity", "0")
        seeded_s = time.monotonic() - started
        result = manage(scratch_env, *args)
    finally:
        if not keep:
            databases.drop(name)
    wall_s = time.monotonic() - started
    log(f"{benchmark} at {size}: {wall_s:.1f} s")
    return {
        "benchmark": benchmark,
        "size": size,
        "command": " ".join(args),
        "wall_s": round(wall_s, 1),
        "seed_demo_s": round(seeded_s, 1) if benchmark == "reports" else None,
        "seed_demo_peak_rss_mib": PEAK_RSS_MIB.get("seed_demo") if benchmark == "reports" else None,
        # The benchmark command's largest process (bench_matching: also its Celery workers).
        "command_peak_rss_mib": PEAK_RSS_MIB.get(args[0]),
        "load_average_before": round(load_before, 2),
        "load_average_after": round(os.getloadavg()[0], 2),
        "result": result,
    }


def growth_exponent(sizes: list[float], times: list[float]) -> float | None:
    """The least-squares slope of log(time) against log(size): 1 grows linearly, 2 with the
    square; None below two distinct sizes or with a time of zero."""
    points = [(s, t) for s, t in zip(sizes, times) if s and t and s > 0 and t > 0]
    if len({s for s, _ in points}) < 2:
        return None
    xs = [math.log(s) for s, _ in points]
    ys = [math.log(t) for _, t in points]
    mean_x, mean_y = sum(xs) / len(xs), sum(ys) / len(ys)
    spread = sum((x - mean_x) ** 2 for x in xs)
    return round(sum((x - mean_x) * (y - mean_y) for x, y in zip(xs, ys)) / spread, 3)


def reading(exponent: float | None) -> str:
    if exponent is None:
        return "too few sizes to fit"
    if exponent < 0.85:
        return "grows slower than the size"
    if exponent <= 1.15:
        return "grows about linearly"
    return "grows faster than the size"


def size_of(run: dict) -> int:
    """The size a run is plotted at: the veterans planted (matching; its line's `veterans`
    counts those looking for work, which the run read) or the posts asked for (search), the
    veterans the loaded demo holds (reports)."""
    if isinstance(run["size"], int):
        return run["size"]
    size_key = next(s for b, _f, _u, s in SERIES if b == run["benchmark"])
    return run["result"][size_key]


def series(runs: list[dict]) -> list[dict]:
    """Each plotted series: its points (size, figure) and the fitted exponent."""
    out = []
    for benchmark, figure, unit, size_key in SERIES:
        points = [
            (size_of(run), run["result"][figure])
            for run in runs
            if run["benchmark"] == benchmark and run["result"] and figure in run["result"]
        ]
        if not points:
            continue
        points.sort()
        exponent = growth_exponent([p[0] for p in points], [p[1] for p in points])
        out.append(
            {
                "benchmark": benchmark,
                "figure": figure,
                "unit": unit,
                "size": size_key,
                "points": [list(p) for p in points],
                "exponent": exponent,
                "reading": reading(exponent),
            }
        )
    return out


def number(value) -> str:
    if isinstance(value, float):
        return f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, dict):
        return ", ".join(f"{k} {number(v)}" for k, v in value.items())
    return str(value)


def memory(run: dict) -> str:
    """The command's peak, and seed_demo's before it (reports)."""
    peak = number(run.get("command_peak_rss_mib"))
    if run.get("seed_demo_peak_rss_mib") is not None:
        return f"{peak} (seed_demo {number(run['seed_demo_peak_rss_mib'])})"
    return peak


def markdown(report: dict) -> str:
    lines = [
        "# Growth of the benchmarks",
        "",
        f"Run {report['started']} to {report['finished']} on {report['cpus']} cores, "
        f"sizes `{report['preset']}`; each benchmark in a scratch database of its own. "
        "`wall_s` is the whole run of the benchmark, data loading included.",
        "",
        "| benchmark | size | plotted figures | other figures | `wall_s` | peak memory (MiB) "
        "| load average |",
        "|---|---|---|---|---|---|---|",
    ]
    plotted = {benchmark: [] for benchmark, *_ in SERIES}
    for benchmark, figure, unit, _size in SERIES:
        plotted[benchmark].append((figure, unit))
    for run in report["runs"]:
        result = run["result"] or {}
        size_key = next(s for b, _f, _u, s in SERIES if b == run["benchmark"])
        size = f"{number(size_of(run)) if result else run['size']} {size_key}"
        if run["benchmark"] == "reports":
            size += f" (`{run['size']}`)"
        figures = "; ".join(
            f"`{figure}` {number(result.get(figure))} {unit}"
            for figure, unit in plotted[run["benchmark"]]
        )
        details = "; ".join(
            f"`{name}` {number(result[name])}"
            for name in DETAILS[run["benchmark"]]
            if name in result
        )
        load = f"{run['load_average_before']} → {run['load_average_after']}"
        lines.append(
            f"| {run['benchmark']} | {size} | {figures} | {details} | {run['wall_s']} "
            f"| {memory(run)} | {load} |"
        )
    lines += [
        "",
        "Growth exponent: the least-squares slope of log(time) against log(size) "
        "(1: twice the size takes twice the time; 2: four times). At small sizes fixed "
        "costs (starting the workers, planning, the first queries) and the machine's other "
        "work weigh more than the size, and the exponents say little.",
        "",
        "| benchmark | figure | sizes | exponent | reading |",
        "|---|---|---|---|---|",
    ]
    for item in report["series"]:
        sizes = ", ".join(number(p[0]) for p in item["points"])
        exponent = "—" if item["exponent"] is None else f"{item['exponent']:.2f}"
        lines.append(
            f"| {item['benchmark']} | `{item['figure']}` ({item['unit']}) | {sizes} {item['size']} "
            f"| {exponent} | {item['reading']} |"
        )
    return "\n".join(lines) + "\n"


def plot(report: dict, path: Path) -> None:
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.ticker import FuncFormatter, NullFormatter

    items = report["series"]
    columns = 2 if len(items) > 1 else 1
    rows = max(1, math.ceil(len(items) / columns))
    figure, grid = pyplot.subplots(rows, columns, figsize=(5.5 * columns, 4.2 * rows))
    axes = list(grid.flat) if hasattr(grid, "flat") else [grid]
    # Sizes in full ("1,000,000", not "1e+06"); small times with their decimals.
    plain = FuncFormatter(
        lambda value, _position: f"{value:,.0f}" if value >= 1000 else f"{value:,.6g}"
    )
    for axis in axes[len(items) :]:
        axis.set_visible(False)
    for axis, item in zip(axes, items):
        sizes = [p[0] for p in item["points"]]
        times = [p[1] for p in item["points"]]
        axis.loglog(sizes, times, "o-", label="measured")
        if item["exponent"] is not None:
            # The fitted line through the points' geometric mean.
            mx = math.exp(sum(math.log(s) for s in sizes) / len(sizes))
            my = math.exp(sum(math.log(t) for t in times) / len(times))
            fitted = [my * (s / mx) ** item["exponent"] for s in sizes]
            axis.loglog(sizes, fitted, "--", label=f"fit: exponent {item['exponent']:.2f}")
        axis.set_title(f"{item['benchmark']}: {item['figure']}")
        axis.set_xlabel(item["size"])
        axis.set_ylabel(item["unit"])
        axis.set_xticks(sizes)
        for scale in (axis.xaxis, axis.yaxis):
            scale.set_major_formatter(plain)
            scale.set_minor_formatter(NullFormatter())
        axis.set_yticks(times)
        axis.grid(True, which="both", alpha=0.3)
        axis.legend(fontsize=8)
    figure.suptitle(f"Time against size (log-log), sizes: {report['preset']}")
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    pyplot.close(figure)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--sizes", default=os.environ.get("GROWTH_SIZES", "full"), choices=list(PRESETS)
    )
    parser.add_argument("--matching", type=sizes_list, help="veterans, comma-separated")
    parser.add_argument("--search", type=sizes_list, help="posts, comma-separated")
    parser.add_argument(
        "--reports", type=lambda text: sizes_list(text, str), help="seed_demo scales"
    )
    parser.add_argument("--workers", type=int, default=os.cpu_count())
    parser.add_argument("--searches", type=int, default=200)
    parser.add_argument("--out", type=Path, default=ROOT / "var" / "bench")
    parser.add_argument("--keep", action="store_true", help="keep the scratch databases")
    args = parser.parse_args()

    preset = PRESETS[args.sizes]
    matching = preset["matching"] if args.matching is None else args.matching
    search = preset["search"] if args.search is None else args.search
    reports = preset["reports"] if args.reports is None else args.reports
    tiny = args.sizes == "tiny"

    database_url, redis_url = base_urls()
    databases = Databases(database_url)
    env = {
        **os.environ,
        # Redis database 3 (or GROWTH_REDIS_URL): the benches' Celery queue and cache, not
        # the development one's.
        "REDIS_URL": os.environ.get("GROWTH_REDIS_URL")
        or urlunsplit(urlsplit(redis_url)._replace(path="/3")),
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DEBUG": os.environ.get("DEBUG", "true"),
        "CELERY_TASK_ALWAYS_EAGER": "0",
    }
    started = datetime.datetime.now(datetime.UTC)
    log(f"template database {databases.template}")
    databases.prepare_template(env)
    runs = []
    for veterans in matching:
        command = ["bench_matching", "--veterans", str(veterans), "--posts", str(veterans // 5)]
        command += ["--seed", "1", "--workers", str(args.workers)]
        runs.append(run_one(databases, env, "matching", veterans, command, args.keep))
    for posts in search:
        searches = str(12 if tiny else args.searches)
        command = ["bench_search", "--posts", str(posts), "--searches", searches]
        command += ["--deep-page", "3" if tiny else "500"]
        runs.append(run_one(databases, env, "search", posts, command, args.keep))
    for scale in reports:
        command = ["bench_reports", "--requests", "5" if tiny else "50"]
        runs.append(run_one(databases, env, "reports", scale, command, args.keep))
    if not args.keep:
        databases.drop(databases.template)

    report = {
        "started": started.isoformat(timespec="seconds"),
        "finished": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "preset": args.sizes,
        "cpus": os.cpu_count(),
        "workers": args.workers,
        "runs": runs,
    }
    report["series"] = series(runs)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "growth.json").write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n")
    (args.out / "growth.md").write_text(markdown(report))
    plot(report, args.out / "growth.png")
    for item in report["series"]:
        log(
            f"{item['benchmark']} {item['figure']}: exponent {item['exponent']} ({item['reading']})"
        )
    print(args.out / "growth.json")


if __name__ == "__main__":
    main()
