"""The measurements of `bench_matching` besides the run itself: the naive scorer's and the
dense ceiling's pairs per second on a sample, the exposure ratio and precision@20."""

import json
import subprocess
import sys
import time

import numpy as np
from django.conf import settings
from django.db import connection

from benchmarks import naive
from benchmarks.planted import Truth
from jobs.matching import engine, factors, pgcopy
from jobs.matching.features import PostTable, Reference, VeteranTable

CEILING_SCRIPT = """
import json, sys, time
import numpy as np
rows, cols, width, depth, seconds = json.loads(sys.argv[1])
rng = np.random.default_rng(0)
a = rng.random((rows, width), dtype=np.float32)
b = rng.random((width, cols), dtype=np.float32)
done, start = 0, time.perf_counter()
while time.perf_counter() - start < seconds:
    c = a @ b
    np.argpartition(c, cols - depth, axis=1)
    done += 1
print(done * rows * cols / (time.perf_counter() - start))
"""


def ceiling_pairs_per_s(*, rows: int, cols: int, width: int, depth: int, seconds=3.0) -> float:
    """A float32 dense product of the engine's dense width and an argpartition per tile, in
    a process with one BLAS thread, as each worker runs: one core's practical limit."""
    env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "PATH": ""}
    args = json.dumps([rows, cols, width, depth, seconds])
    out = subprocess.run(
        [sys.executable, "-c", CEILING_SCRIPT, args], env=env, capture_output=True, check=True
    )
    return float(out.stdout)


def naive_pairs_per_s(vets: VeteranTable, posts: PostTable, ref: Reference, *, budget=200_000):
    """The plain scorer on sampled veterans' candidates (the candidate lists are not timed)."""
    weights = dict(zip(factors.FACTORS, factors.weights()))
    veterans, plain = naive.veterans_of(vets, ref), naive.posts_of(posts, ref)
    work = []
    for veteran in veterans:
        candidates = [j for j, post in enumerate(plain) if naive.is_candidate(veteran, post)]
        work.append((veteran, candidates[: max(1, budget // len(veterans))]))
    pairs, start = 0, time.perf_counter()
    for veteran, candidates in work:
        naive.recommend(veteran, plain, weights, settings.MATCHING_K, candidates)
        pairs += len(candidates)
    return pairs / (time.perf_counter() - start)


def exposure_ratio(run_id: int, posts: PostTable) -> float:
    with connection.cursor() as cursor:
        rows = pgcopy.read(
            cursor,
            "SELECT post_id, count(*)::int8 AS n FROM jobs_recommendation WHERE run_id = %s "
            "GROUP BY post_id",
            [run_id],
            [("post_id", "i8"), ("n", "i8")],
        )
    cap = settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left
    where = np.searchsorted(posts.ids, rows["post_id"])
    return float((rows["n"] / cap[where]).max()) if len(where) else 0.0


def recommended(run_id: int, veteran_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    with connection.cursor() as cursor:
        rows = pgcopy.read(
            cursor,
            "SELECT veteran_id, post_id FROM jobs_recommendation WHERE run_id = %s "
            "AND veteran_id = ANY(%s)",
            [run_id, veteran_ids.tolist()],
            [("veteran_id", "i8"), ("post_id", "i8")],
        )
    return rows["veteran_id"], rows["post_id"]


def _good(truth: Truth, veteran_ids, post_ids) -> np.ndarray:
    """Recommended posts of the veteran's hidden family in an acceptable region: the hidden
    home province, a nationwide post, or anywhere for a veteran willing to relocate."""
    v = np.searchsorted(truth.veteran_ids, veteran_ids)
    p = np.searchsorted(truth.post_ids, post_ids)
    region = (
        truth.post_national[p]
        | (truth.post_province[p] == truth.veteran_province[v])
        | truth.veteran_relocate[v]
    )
    return (truth.post_family[p] == truth.veteran_family[v]) & region


def precision(truth: Truth, veteran_ids, rec_veterans, rec_posts) -> float:
    k = settings.MATCHING_K
    hits = _good(truth, rec_veterans, rec_posts).sum()
    return float(hits / (k * len(veteran_ids))) if len(veteran_ids) else 0.0


def baseline_recommendations(vets: VeteranTable, posts: PostTable, ref: Reference, rng, *, region):
    """Per veteran, k posts: by the hard filters and location alone (ties at random) when
    `region`, else k posts at random."""
    k = settings.MATCHING_K
    index = np.arange(len(vets))
    veterans, chosen = [], []
    for i in index:
        if region:
            cities, provinces = vets.location_sets(ref, i)
            value = _region_value(vets, posts, ref, i, cities, provinces) + rng.random(len(posts))
            top = np.argpartition(value, len(posts) - k)[-k:]
            top = top[value[top] > 0]
        else:
            top = rng.choice(len(posts), k, replace=False)
        veterans.append(np.full(len(top), vets.ids[i]))
        chosen.append(posts.ids[top])
    return np.concatenate(veterans), np.concatenate(chosen)


def _region_value(vets, posts, ref, i, cities, provinces) -> np.ndarray:
    want_c = vets.want_city[vets.want_city_ptr[i] : vets.want_city_ptr[i + 1]]
    want_p = vets.want_province[vets.want_province_ptr[i] : vets.want_province_ptr[i + 1]]
    allowed = (posts.min_education <= vets.education[i]) & (
        posts.national
        | bool(vets.relocate[i])
        | np.isin(posts.city, want_c)
        | np.isin(posts.province, want_p)
    )
    near = np.where(
        np.isin(posts.city, list(cities)) & (posts.city >= 0),
        factors.SAME_CITY,
        np.where(np.isin(posts.province, list(provinces)), factors.SAME_PROVINCE, 0),
    )
    return np.where(allowed, 1 + near, -np.inf)


def dense_width(ref: Reference) -> int:
    """The width of the engine's dense product (industry, major group, location)."""
    return len(ref.industry_codes) + ref.n_major + 1


def tile_shape() -> tuple[int, int]:
    options = engine.Options(weights=factors.weights())
    return options.row_chunk, options.col_chunk
