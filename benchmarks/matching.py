"""The measurements of `bench_matching` besides the run itself: the naive scorer's and the
dense ceiling's pairs per second on a sample, the exposure ratio and precision@20."""

import io
import json
import subprocess
import sys
import time

import numpy as np
import scipy.sparse as sp
from django.conf import settings
from django.db import connection, transaction
from scipy.sparse.csgraph import maximum_flow

from benchmarks import naive
from benchmarks.planted import Truth
from jobs.matching import engine, factors, pgcopy
from jobs.matching.features import PostTable, Reference, VeteranTable
from jobs.matching.shards import CANDIDATE_COLUMNS, RECOMMENDATION_COLUMNS
from jobs.models import PostCandidate, Recommendation
from veterans.models import Consent, Enrolment, VeteranProfile, VeteranSkill

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


def run_pairs(run_id: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (veteran, post) recommended by the run."""
    with connection.cursor() as cursor:
        rows = pgcopy.read(
            cursor,
            "SELECT veteran_id, post_id FROM jobs_recommendation WHERE run_id = %s",
            [run_id],
            [("veteran_id", "i8"), ("post_id", "i8")],
        )
    return rows["veteran_id"], rows["post_id"]


def fits(vets: VeteranTable, i: int, posts: PostTable, among: np.ndarray) -> np.ndarray:
    """The posts at `among` that veteran i passes the hard filters of (scope, education)."""
    want_c = vets.want_city[vets.want_city_ptr[i] : vets.want_city_ptr[i + 1]]
    want_p = vets.want_province[vets.want_province_ptr[i] : vets.want_province_ptr[i + 1]]
    scope = (
        posts.national[among]
        | bool(vets.relocate[i])
        | (np.isin(posts.city[among], want_c) & (posts.city[among] >= 0))
        | np.isin(posts.province[among], want_p)
    )
    return among[scope & (posts.min_education[among] <= vets.education[i])]


# Above this many seekers the list measures are taken over a random sample of them: the
# good pairs and their maximum flow grow with seekers times posts (a million seekers ran
# for more than 25 minutes).
QUALITY_SEEKERS = 200_000


def list_measures(
    run_id: int, vets: VeteranTable, posts: PostTable, truth: Truth, at_most=QUALITY_SEEKERS
) -> dict:
    """How full the veterans' lists are and how much exposure is left, over every seeker of
    the run (`vets`), or over `at_most` of them drawn at random (`quality_seekers` says
    how many; the counts are then the sample's):

    - empty_lists: seekers without a recommendation although a post they fit has room left;
    - short_lists: seekers with fewer than MATCHING_K although a post they fit, not yet on
      their list, has room left (exposure cap minus the posts' recommendations, all
      seekers' counted);
    - unused_exposure_share: the share of all posts' exposure caps not used (all seekers);
    - coverage: the share of seekers shown at least one post of their hidden family in an
      acceptable region (the hit of precision@20), among those some open post is good for;
    - coverage_bound: the largest coverage any lists could reach within the exposure caps
      (`coverage_bound`; over a sample, within the caps times the sample's share of the
      seekers), and coverage_of_bound the run's covered seekers over it."""
    k = settings.MATCHING_K
    rec_v, rec_p = run_pairs(run_id)
    cap = settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left
    room = cap - np.bincount(np.searchsorted(posts.ids, rec_p), minlength=len(posts))
    share = 1.0
    if len(vets) > at_most:
        chosen = np.sort(np.random.default_rng(2).choice(len(vets), at_most, replace=False))
        share = at_most / len(vets)
        vets = vets.take(chosen)
        mine = np.isin(rec_v, vets.ids)
        rec_v, rec_p = rec_v[mine], rec_p[mine]
    v = np.searchsorted(vets.ids, rec_v)
    p = np.searchsorted(posts.ids, rec_p)
    count = np.bincount(v, minlength=len(vets))
    roomy = np.flatnonzero(room > 0)
    order = np.argsort(v, kind="stable")
    starts = np.searchsorted(v[order], np.arange(len(vets) + 1))
    empty = short = 0
    for i in np.flatnonzero(count < k):
        fitting = fits(vets, i, posts, roomy)
        if count[i] == 0:
            empty += bool(len(fitting))
        elif len(np.setdiff1d(fitting, p[order[starts[i] : starts[i + 1]]])):
            short += 1
    good = _good(truth, rec_v, rec_p)
    shown = np.isin(vets.ids, rec_v[good])
    pairs = good_pairs(truth, vets, posts)
    could = coverable(truth, vets, posts, pairs)
    bound = coverage_bound(truth, vets, posts, cap_share=share, pairs=pairs)
    return {
        "veterans_looking": len(vets) if share == 1.0 else round(len(vets) / share),
        "quality_seekers": len(vets),
        "empty_lists": int(empty),
        "no_recommendation": int((count == 0).sum()),
        "short_lists": int(short),
        "mean_list_length": round(float(count.mean()) if len(vets) else 0.0, 2),
        "unused_exposure_share": round(float(room.clip(0).sum() / max(cap.sum(), 1)), 4),
        "coverable": int(could.sum()),
        "coverage": round(float((shown & could).sum() / max(could.sum(), 1)), 4),
        # The coverage no lists could exceed within the caps, and how close the run came.
        "coverage_bound": round(bound / max(could.sum(), 1), 4),
        "coverage_of_bound": round(float((shown & could).sum() / max(bound, 1)), 4),
        "coverage_of_all": round(float(shown.sum() / max(len(vets), 1)), 4),
    }


def coverable(truth: Truth, vets: VeteranTable, posts: PostTable, pairs=None) -> np.ndarray:
    """Per seeker: whether some post open in the run is good for it (its hidden family, in
    an acceptable region) and passes its hard filters, so that it could be shown one.
    `pairs`: good_pairs' answer, when the caller has it."""
    seeker, _ = pairs if pairs is not None else good_pairs(truth, vets, posts)
    return np.bincount(seeker, minlength=len(vets)) > 0


def coverage_bound(
    truth: Truth, vets: VeteranTable, posts: PostTable, cap_share: float = 1.0, pairs=None
) -> int:
    """The most seekers any recommendation lists could cover within the exposure caps: a
    maximum flow from the seekers (1 each) through their good pairs to the posts (their
    cap each, times `cap_share` rounded up for a sample of the seekers). Whatever the
    scores, no engine covers more."""
    seeker, post = pairs if pairs is not None else good_pairs(truth, vets, posts)
    n, m = len(vets), len(posts)
    source, sink = n + m, n + m + 1
    cap = settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left
    cap = np.ceil(cap * cap_share).astype(np.int32)
    graph = sp.csr_matrix(
        (
            np.concatenate([np.ones(n + len(seeker), np.int32), cap]),
            (
                np.concatenate([np.full(n, source), seeker, n + np.arange(m)]),
                np.concatenate([np.arange(n), n + post, np.full(m, sink)]),
            ),
        ),
        shape=(n + m + 2, n + m + 2),
    )
    return int(maximum_flow(graph, source, sink).flow_value)


def good_pairs(truth: Truth, vets: VeteranTable, posts: PostTable):
    """The (seeker, post) index pairs where the post is good for the seeker (its hidden
    family, in an acceptable region) and passes the seeker's hard filters."""
    v = np.searchsorted(truth.veteran_ids, vets.ids)
    p = np.searchsorted(truth.post_ids, posts.ids)
    v_family, p_family = truth.veteran_family[v], truth.post_family[p]
    n_cities = int(posts.city.max(initial=0)) + 1
    n_provinces = int(max(posts.province.max(initial=0), vets.home_province.max(initial=0))) + 1
    city_keys = np.repeat(np.arange(len(vets)), np.diff(vets.want_city_ptr)) * n_cities
    city_keys = np.sort(city_keys + vets.want_city)
    prov_keys = np.repeat(np.arange(len(vets)), np.diff(vets.want_province_ptr)) * n_provinces
    prov_keys = np.sort(prov_keys + vets.want_province)
    seekers, found = [np.zeros(0, np.int64)], [np.zeros(0, np.int64)]
    for family in np.unique(v_family):
        who = np.flatnonzero(v_family == family)
        which = np.flatnonzero(p_family == family)
        if not len(which):
            continue
        for part in np.array_split(who, max(1, len(who) * len(which) // 2_000_000)):
            i, j = part[:, None], which[None, :]
            region = (
                truth.post_national[p[j]]
                | (truth.post_province[p[j]] == truth.veteran_province[v[i]])
                | truth.veteran_relocate[v[i]]
            )
            city = posts.city[j]
            scope = (
                posts.national[j]
                | vets.relocate[i]
                | ((city >= 0) & _member(city_keys, i * n_cities + city.clip(0)))
                | _member(prov_keys, i * n_provinces + posts.province[j])
            )
            fit = scope & (posts.min_education[j] <= vets.education[i]) & region
            a, b = np.nonzero(fit)
            seekers.append(part[a])
            found.append(which[b])
    return np.concatenate(seekers), np.concatenate(found)


def _member(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    position = np.searchsorted(keys, query).clip(0, max(len(keys) - 1, 0))
    return (keys[position] == query) if len(keys) else np.zeros(query.shape, bool)


# --- the floor: reading the profiles and writing the rows, nothing else -----------------

FLOOR_CHUNK = 1 << 20  # rows per COPY, so that the floor's rows need not be in memory at once


def floor(*, recommendations: int, candidates: int) -> dict:
    """What no matching on this database can go below, timed in the same run, in one
    process: reading every column of the profile data the run reads (the profiles, their
    skills, completed enrolments, wished regions and industries, consents), whole tables by
    binary COPY with no join or filter, and writing as many rows as the run wrote by binary
    COPY into UNLOGGED tables like its partitions, with their unique index, in the order of
    that index (its cheapest). Neither parses nor computes anything."""
    started = time.perf_counter()
    with connection.cursor() as cursor:
        read_bytes = sum(_copy_out(cursor, sql) for sql in _floor_reads())
    read_s = time.perf_counter() - started
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for table, count, columns in (
            (Recommendation._meta.db_table, recommendations, RECOMMENDATION_COLUMNS),
            (PostCandidate._meta.db_table, candidates, CANDIDATE_COLUMNS),
        ):
            _floor_write(cursor, table, count, columns)
        write_s = time.perf_counter() - started
        transaction.set_rollback(True)  # the scratch tables go with the transaction
    return {
        "read_s": round(read_s, 2),
        "read_mib": round(read_bytes / (1 << 20), 1),
        "write_s": round(write_s, 2),
        "rows": recommendations + candidates,
        "total_s": round(read_s + write_s, 2),
    }


def _floor_reads() -> list[str]:
    profile = VeteranProfile._meta
    through = {
        name: getattr(VeteranProfile, name).through._meta.db_table
        for name in ("preferred_regions", "preferred_industries")
    }
    return [
        f"SELECT id, user_id, home_region_id, education, military_specialty_id, desired_salary,"
        f" willing_to_relocate, seeking_status, updated_at FROM {profile.db_table}",
        f"SELECT veteran_id, skill_id FROM {VeteranSkill._meta.db_table}",
        f"SELECT veteran_id, programme_id, status FROM {Enrolment._meta.db_table}",
        f"SELECT veteranprofile_id, region_id FROM {through['preferred_regions']}",
        f"SELECT veteranprofile_id, industry_id FROM {through['preferred_industries']}",
        f"SELECT user_id, purpose, withdrawn_at FROM {Consent._meta.db_table}",
    ]


class _Sink(io.RawIOBase):
    """Counts the bytes COPY sends and keeps none."""

    def __init__(self):
        self.size = 0

    def writable(self) -> bool:
        return True

    def write(self, data) -> int:
        self.size += len(data)
        return len(data)


def _copy_out(cursor, sql: str) -> int:
    sink = _Sink()
    cursor.copy_expert(f"COPY ({sql}) TO STDOUT WITH (FORMAT binary)", sink)
    return sink.size


def _floor_write(cursor, table: str, count: int, columns) -> None:
    scratch = f"bench_floor_{table}"
    cursor.execute(f"CREATE UNLOGGED TABLE {scratch} (LIKE {table} INCLUDING ALL)")
    k = settings.MATCHING_K
    for start in range(0, count, FLOOR_CHUNK):
        i = np.arange(start, min(start + FLOOR_CHUNK, count), dtype=np.int64)
        # Led by veteran for recommendations, by post for candidates: either way the
        # index's leading column ascends and the second-last varies within it.
        values = {name: np.zeros(len(i), np.dtype(kind)) for name, kind in columns}
        values.update(
            {columns[1][0]: i // k, columns[2][0]: i % k, "rank": (i % k + 1).astype(np.int16)}
        )
        values["score"] = (i % 997) / 997.0
        pgcopy.write(cursor, scratch, columns, values)
