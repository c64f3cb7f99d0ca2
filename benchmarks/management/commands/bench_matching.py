"""Benchmark the nightly matching end to end: planted data, real Celery workers, one JSON line.

    manage.py bench_matching --veterans 1000000 --posts 200000 --seed 1 --workers 2

Run it against a database of its own: it writes the planted data (untimed) into an empty
database, or reuses the data it wrote before with the same arguments. The timing runs from
the first database read of the run to the swap; phases are worker-seconds summed over
shards; rates are per core (each worker runs one process with one BLAS thread). By
default one worker per core.
"""

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from benchmarks import matching as bench
from benchmarks import planted
from jobs import services
from jobs.matching import shards
from jobs.matching.features import load_reference, load_veterans
from jobs.models import MatchingRun, MatchingShard
from portal.celery import app
from veterans.models import VeteranProfile

SAMPLE = 2000  # veterans for precision@20 of the three recommenders
NAIVE_SAMPLE = 40  # veterans for the naive scorer


class Command(BaseCommand):
    help = "Generate planted data, run the matching through Celery, print one JSON line."

    def add_arguments(self, parser):
        parser.add_argument("--veterans", type=int, required=True)
        parser.add_argument("--posts", type=int, required=True)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument(
            "--workers",
            type=int,
            default=os.cpu_count(),
            help="Celery workers of one process each (default: one per core).",
        )

    def handle(self, *args, veterans, posts, seed, workers, **options):
        # A queue of the bench's own: its workers take no other task, and other workers
        # none of its tasks.
        settings.MATCHING_QUEUE = f"matching-bench-{os.getpid()}"
        truth = self._data(veterans, posts, seed)
        with _workers(workers):
            run, plan_s, started = self._run()
        # Right after the run, before the slower measures: the machine as the run had it.
        candidates = sum(MatchingShard.objects.filter(run=run).values_list("candidates", flat=True))
        floor = bench.floor(recommendations=run.recommendations, candidates=candidates)
        result = self._measure(run, truth, plan_s, started, workers)
        result.update(_against_floor(result, floor))
        self.stdout.write(json.dumps(result))

    def _data(self, veterans: int, posts: int, seed: int) -> planted.Truth:
        path = Path(settings.BASE_DIR) / "var" / "bench" / f"matching-{veterans}-{posts}-{seed}.npz"
        existing = VeteranProfile.objects.count()
        if path.exists() and existing == veterans:
            return planted.Truth.load(path)
        if existing:
            raise CommandError("Use an empty database (or the one this bench filled before).")
        self.stderr.write("Generating the planted data (not timed)...")
        truth = planted.generate(veterans=veterans, posts=posts, seed=seed, log=self.stderr.write)
        path.parent.mkdir(parents=True, exist_ok=True)
        truth.save(path)
        return truth

    def _run(self) -> tuple[MatchingRun, float, float]:
        started = time.time()
        clock = time.perf_counter()
        run = services.matching_run_start()
        plan_s = time.perf_counter() - clock
        while True:
            run.refresh_from_db()
            self.stderr.write(f"\rshards {run.shards_done}/{run.shards_total}", ending="")
            if run.status != MatchingRun.Status.RUNNING:
                break
            time.sleep(0.2)
        self.stderr.write("")
        if run.status != MatchingRun.Status.DONE:
            raise CommandError(f"The run failed: {run.error}")
        return run, plan_s, started

    def _measure(self, run, truth, plan_s, started, workers) -> dict:
        parts = list(MatchingShard.objects.filter(run=run))
        phases = {name: sum(s.phases.get(name, 0.0) for s in parts) for name in PHASES}
        phases["load"] += plan_s
        phases["swap"] = (run.finished_at - max(s.finished_at for s in parts)).total_seconds()
        total_s = run.finished_at.timestamp() - started
        ref = load_reference()
        posts, _ = shards.read_snapshot(run.pk)
        sample = self._sample(run, parts)
        rows, cols = bench.tile_shape()
        own_rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
        result = {
            "veterans": run.veterans,
            "posts": run.posts,
            "pairs_scored": run.pairs_scored,
            "recommendations": run.recommendations,
            "workers": workers,
            "shards": run.shards_total,
            "total_s": round(total_s, 2),
            # The serial parts of total_s: planning before any shard, the swap after all.
            "plan_s": round(plan_s, 2),
            "phases": {name: round(value, 2) for name, value in phases.items()},
            # The swap's fill, part of `swap` (the rest: carry-over, the status, old runs).
            "swap_phases": run.swap_phases,
            "peak_rss_mib": max(s.peak_rss_mib for s in parts),
            # The largest worker process over the whole run, the swap's fill included (the
            # workers have exited and been waited for by now).
            "workers_peak_rss_mib": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024,
            "bench_process_rss_mib": own_rss,
            "scored_pairs_per_s": round(run.pairs_scored / phases["score"]),
            "scored_pairs_per_s_wall": round(run.pairs_scored / total_s),
            "naive_pairs_per_s": round(
                bench.naive_pairs_per_s(
                    sample.take(np.arange(min(NAIVE_SAMPLE, len(sample)))), posts, ref
                )
            ),
            "ceiling_pairs_per_s": round(
                bench.ceiling_pairs_per_s(
                    rows=rows,
                    cols=cols,
                    width=bench.dense_width(ref),
                    depth=settings.MATCHING_DEPTH,
                )
            ),
            "max_exposure_ratio": round(bench.exposure_ratio(run.pk, posts), 4),
            # Summed over shards: veterans short after congestion, refilled, pinned by the
            # coverage pass, and the score the pins' displaced holders gave up (of the total).
            "passes": {
                name: round(sum(s.phases.get("counts", {}).get(name, 0) for s in parts), 2)
                for name in (
                    "short_after_congestion",
                    "refilled",
                    "pins",
                    "score_given_up",
                    "score_held",
                )
            },
            **self._precision(run, truth, sample, posts, ref),
            **bench.list_measures(run.pk, self._seekers(run, ref), posts, truth),
        }
        return result

    def _seekers(self, run, ref):
        """Every veteran the run read, in id order."""
        with connection.cursor() as cursor:
            provinces = ref.province_prefixes
            return load_veterans(cursor, ref, provinces=provinces, before=run.started_at)

    def _sample(self, run, parts):
        """Veterans of the largest shard, in random order."""
        largest = max(parts, key=lambda s: s.veterans)
        with connection.cursor() as cursor:
            vets = load_veterans(
                cursor, load_reference(), provinces=largest.provinces, before=run.started_at
            )
        order = np.random.default_rng(0).permutation(len(vets))[:SAMPLE]
        return vets.take(np.sort(order))

    def _precision(self, run, truth, sample, posts, ref) -> dict:
        rng = np.random.default_rng(1)
        engine_recs = bench.recommended(run.pk, sample.ids)
        region = bench.baseline_recommendations(sample, posts, ref, rng, region=True)
        random = bench.baseline_recommendations(sample, posts, ref, rng, region=False)
        return {
            "precision_at_20": round(bench.precision(truth, sample.ids, *engine_recs), 4),
            "precision_at_20_region_only": round(bench.precision(truth, sample.ids, *region), 4),
            "precision_at_20_random": round(bench.precision(truth, sample.ids, *random), 4),
        }


PHASES = ("load", "candidates", "score", "congestion", "refill", "write", "leftovers")


def _against_floor(result: dict, floor: dict) -> dict:
    """The run against its floor (benchmarks.matching.floor, one process): the whole run's
    wall time, and the phases that do the floor's work in worker-seconds (reading the
    seekers; writing the rows, the swap's fill rows aside)."""
    phases = result["phases"]
    return {
        "floor": floor,
        "floor_ratio": round(result["total_s"] / max(floor["total_s"], 1e-9), 2),
        "phases_vs_floor": {
            "load": round(phases["load"] / max(floor["read_s"], 1e-9), 2),
            "write": round(phases["write"] / max(floor["write_s"], 1e-9), 2),
        },
    }


class _workers:
    """W Celery workers of one process each, with one BLAS thread, on the bench's own queue."""

    def __init__(self, count: int):
        self.count = count
        self.processes = []

    def __enter__(self):
        env = dict(os.environ, OPENBLAS_NUM_THREADS="1", OMP_NUM_THREADS="1")
        env["CELERY_TASK_ALWAYS_EAGER"] = "0"
        env["MATCHING_QUEUE"] = settings.MATCHING_QUEUE
        for i in range(self.count):
            command = [sys.executable, "-m", "celery", "-A", "portal", "worker"]
            command += ["-l", "warning", "--concurrency", "1", "-n", f"bench{i}@%h"]
            command += ["-Q", settings.MATCHING_QUEUE, "--without-heartbeat"]
            command += ["--without-gossip", "--without-mingle"]
            self.processes.append(
                subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, stdout=sys.stderr)
            )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            replies = app.control.ping(timeout=0.5) or []
            names = {name for reply in replies for name in reply}
            if sum(name.startswith("bench") for name in names) >= self.count:
                return self
        raise CommandError("The Celery workers did not answer within 60 s.")

    def __exit__(self, *exc):
        for process in self.processes:
            process.terminate()
        for process in self.processes:
            process.wait(timeout=60)
