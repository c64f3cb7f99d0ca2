"""A matching run on Celery: plan, one shard per group of provinces, then the swap.

- prepare_run: creates a new run's partitions, reads the candidate posts once into the
  run's snapshot, counts the demand each shard puts on each province, splits the provinces
  into balanced shards and returns their numbers, biggest first, for the tasks.
- run_shard: under a lock on its MatchingShard row, reads the shard's veterans, matches
  them, deletes whatever the shard may have written before and COPYs its rows, then marks
  itself done, all in one transaction. A redelivered task finds it done, or finds nothing
  of an attempt whose worker died (PostgreSQL rolled that transaction back).
- drop_old_runs: the rows of runs no longer needed go with a DROP TABLE.

A run's status (start, current, failed) is the service's: jobs/services/matching.py.
"""

import io
import logging
import resource
import time

import numpy as np
from django.conf import settings
from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone

from jobs.matching import engine, factors, pgcopy
from jobs.matching.features import (
    PostTable,
    Reference,
    VeteranTable,
    load_posts,
    load_reference,
    load_veterans,
    seekers_sql,
)
from jobs.models import MatchingRun, MatchingShard, MatchingSnapshot, PostCandidate, Recommendation
from veterans.models import VeteranProfile

logger = logging.getLogger(__name__)

PARTITIONED = (Recommendation._meta.db_table, PostCandidate._meta.db_table)
RECOMMENDATION_COLUMNS = [
    ("run_id", "i8"),
    ("veteran_id", "i8"),
    ("post_id", "i8"),
    ("rank", "i2"),
    ("score", "f8"),
    *[(name, "f8") for name in factors.FACTORS],
    ("skills_required", "i2"),
    ("skills_matched", "i2"),
]
CANDIDATE_COLUMNS = [
    ("run_id", "i8"),
    ("post_id", "i8"),
    ("veteran_id", "i8"),
    *RECOMMENDATION_COLUMNS[4:],
]


def partition(table: str, run_id: int) -> str:
    return f"{table}_run_{int(run_id)}"


# --- plan ------------------------------------------------------------------------------


def prepare_run(run: MatchingRun) -> list[int]:
    """Make a new run ready for its shard tasks (its partitions, snapshot and shards);
    returns the shard numbers to enqueue, the biggest shard first so that the last task to
    start is a short one. The run's row and its status are the service's
    (jobs/services/matching.py)."""
    with transaction.atomic(), connection.cursor() as cursor:
        for table in PARTITIONED:
            # UNLOGGED: half the cost of the nightly COPY (no write-ahead log). The rows
            # are derived and rebuilt every night; after a server crash PostgreSQL
            # empties such tables, so veterans would see no recommendations until the
            # next run (never a half run), and a standby server does not have them.
            cursor.execute(
                f"CREATE UNLOGGED TABLE {partition(table, run.pk)} PARTITION OF {table} "
                f"FOR VALUES IN ({int(run.pk)})"
            )
    with transaction.atomic():
        count = _plan(run)
    return list(range(count))


def _plan(run: MatchingRun) -> int:
    ref = load_reference()
    with connection.cursor() as cursor:
        posts = load_posts(cursor, ref, today=timezone.localdate())
        seekers, movers, reach = _demand(cursor, ref, before=run.started_at)
    shards = _balance(ref, posts, seekers, movers, reach)
    demand = _shard_demand(shards, seekers, movers, reach, posts)
    MatchingSnapshot.objects.create(run=run, data=_snapshot(posts, demand))
    MatchingShard.objects.bulk_create(
        MatchingShard(run=run, number=n, provinces=[ref.province_prefixes[p] for p in shard])
        for n, shard in enumerate(shards)
    )
    run.shards_total, run.posts, run.veterans = len(shards), len(posts), int(seekers.sum())
    run.save(update_fields=["shards_total", "posts", "veterans"])
    return len(shards)


def _demand(cursor, ref: Reference, *, before):
    """Per home province: seekers, seekers willing to move, and how many non-moving seekers
    each province's posts can reach (a (home, wanted) province matrix)."""
    n = ref.n_provinces
    profiles = VeteranProfile._meta.db_table
    wanted = VeteranProfile.preferred_regions.through._meta.db_table
    matched, params = seekers_sql()
    seeking = f"FROM {profiles} v WHERE v.id IN ({matched}) AND v.updated_at < %s"
    cursor.execute(
        f"SELECT left(v.home_region_id, 2), v.willing_to_relocate, count(*) {seeking} "
        "GROUP BY 1, 2",
        [*params, before],
    )
    seekers, movers = np.zeros(n), np.zeros(n)
    index = {prefix: i for i, prefix in enumerate(ref.province_prefixes)}
    for prefix, moves, count in cursor.fetchall():
        seekers[index[prefix]] += count
        movers[index[prefix]] += count if moves else 0
    cursor.execute(
        f"""SELECT left(v.home_region_id, 2), left(COALESCE(w.region_id, v.home_region_id), 2),
                   count(DISTINCT v.id)
            FROM {profiles} v LEFT JOIN {wanted} w ON w.veteranprofile_id = v.id
            WHERE v.id IN ({matched}) AND v.updated_at < %s AND NOT v.willing_to_relocate
            GROUP BY 1, 2""",
        [*params, before],
    )
    reach = np.zeros((n, n))
    for home, want, count in cursor.fetchall():
        reach[index[home], index[want]] += count
    return seekers, movers, reach


def _balance(ref, posts: PostTable, seekers, movers, reach) -> list[list[int]]:
    """Provinces into at most MATCHING_SHARDS shards of similar work (longest first)."""
    regional = np.bincount(posts.province[~posts.national], minlength=ref.n_provinces)
    national = int(posts.national.sum())
    pairs = reach @ regional + movers * len(posts) + seekers * national
    work = pairs + seekers * settings.MATCHING_K * 1000  # writing a row ~ scoring 1000 pairs
    present = [p for p in np.argsort(-work, kind="stable") if seekers[p] > 0]
    count = min(settings.MATCHING_SHARDS, len(present))
    shards, load = [[] for _ in range(count)], np.zeros(count)
    for p in present:
        target = int(np.argmin(load))
        shards[target].append(int(p))
        load[target] += work[p]
    order = np.argsort(-load, kind="stable")
    return [sorted(shards[i]) for i in order]


def _shard_demand(shards, seekers, movers, reach, posts: PostTable) -> dict:
    """How much each shard will want the posts of each province, to split their caps. A
    veteran who stays spreads its interest over its own region's posts (weight 1 there); one
    willing to relocate spreads it over all of them (each province weighs its share of the
    posts). Nationwide posts are every veteran's alike."""
    regional = np.bincount(posts.province[~posts.national], minlength=len(seekers))
    share = regional / max(regional.sum(), 1)
    per_province = reach + movers[:, None] * share[None, :]
    return {
        "reach": np.array([per_province[s].sum(axis=0) for s in shards]).reshape(
            len(shards), len(seekers)
        ),
        "seekers": np.array([seekers[s].sum() for s in shards]),
    }


def _snapshot(posts: PostTable, demand: dict) -> bytes:
    buffer = io.BytesIO()
    np.savez(buffer, posts=np.frombuffer(posts.to_bytes(), np.uint8), **demand)
    return buffer.getvalue()


def read_snapshot(run_id: int) -> tuple[PostTable, dict]:
    data = MatchingSnapshot.objects.values_list("data", flat=True).get(run_id=run_id)
    arrays = np.load(io.BytesIO(bytes(data)))
    posts = PostTable.from_npz(np.load(io.BytesIO(arrays["posts"].tobytes())))
    return posts, {"reach": arrays["reach"], "seekers": arrays["seekers"]}


def apportion(total: np.ndarray, weights: np.ndarray, column: int) -> np.ndarray:
    """One column's part when each row's total is split over the columns in proportion to
    the weights by largest remainder (ties to the lower column), so that the parts of all
    the columns add up to the total exactly. total (n,), weights (n, s); returns (n,).

    The column takes one more than its floor when fewer than `left` columns come before it
    in the order of remainders: counted, not sorted, as each shard needs its column only."""
    sums = weights.sum(axis=1, keepdims=True)
    share = np.divide(weights, sums, out=np.zeros_like(weights, dtype=float), where=sums > 0)
    exact = share * total[:, None]
    parts = np.floor(exact)
    left = np.where(sums[:, 0] > 0, total - parts.sum(axis=1).astype(np.int64), 0)
    remainder = exact - parts
    mine = remainder[:, column, None]
    before = (remainder > mine).sum(axis=1) + (remainder[:, :column] == mine).sum(axis=1)
    return parts[:, column].astype(np.int64) + (before < left)


def shard_allowances(posts: PostTable, demand: dict, number: int) -> tuple[np.ndarray, ...]:
    """This shard's share of each post's exposure cap and of its candidate list."""
    weights = np.where(
        posts.national[:, None], demand["seekers"][None, :], demand["reach"].T[posts.province]
    )
    cap = settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left
    candidates = np.full(len(posts), settings.MATCHING_CANDIDATES_PER_POST)
    return apportion(cap, weights, number), apportion(candidates, weights, number)


# --- a shard ---------------------------------------------------------------------------


def options(**more) -> engine.Options:
    """The engine's options from the settings; congestion by rank tiers over the k best."""
    k = settings.MATCHING_K
    more = {"tiers": k, **more}
    return engine.Options(weights=factors.weights(), k=k, depth=settings.MATCHING_DEPTH, **more)


def count_attempt(run_id: int, number: int) -> None:
    MatchingShard.objects.filter(run_id=run_id, number=number).update(attempts=F("attempts") + 1)


# A shard's transaction holds its MatchingShard row for minutes. If its worker dies,
# PostgreSQL must let go of the row soon, or the redelivered task waits on it: by default
# a backend notices a dead client only when it next reads from it, which a backend waiting
# on a lock or busy with a query does not do, and a vanished machine not before the
# kernel's keepalive (two hours). So, for this transaction only: poll the client's socket
# while a statement runs (a killed process closed it), and send keepalives that a dead
# machine will not answer. The settings are PostgreSQL 14's; they end with the transaction.
DEAD_WORKER_CHECKS = (
    "SET LOCAL client_connection_check_interval = '2s'",
    "SET LOCAL tcp_keepalives_idle = 30",
    "SET LOCAL tcp_keepalives_interval = 10",
    "SET LOCAL tcp_keepalives_count = 3",
)


def run_shard(run_id: int, number: int) -> bool:
    """Match one shard; False when there was nothing to do (done already, or run over)."""
    with transaction.atomic():
        with connection.cursor() as cursor:
            for statement in DEAD_WORKER_CHECKS:
                cursor.execute(statement)
        # Lock the shard's row only ("of self"): locking the joined run row too would make
        # the shards of a run wait for each other.
        shard = (
            MatchingShard.objects.select_for_update(of=("self",))
            .select_related("run")
            .get(run_id=run_id, number=number)
        )
        if shard.status == MatchingShard.Status.DONE:
            return False
        if shard.run.status != MatchingRun.Status.RUNNING:
            return False
        _match_and_write(shard)
        return True


def _match_and_write(shard: MatchingShard) -> None:
    started = time.perf_counter()
    ref = load_reference()
    posts, demand = read_snapshot(shard.run_id)
    quota, nominate = shard_allowances(posts, demand, shard.number)
    with connection.cursor() as cursor:
        vets = load_veterans(cursor, ref, provinces=shard.provinces, before=shard.run.started_at)
    loaded = time.perf_counter()
    # The shard's fill takes from its reserve only, within the shard's share of each cap;
    # scoring again is left to the swap's fill (top_up), which has each post's whole cap.
    shard_options = options(refill_rounds=0, reserve=settings.MATCHING_RESERVE)
    result = engine.match(vets, posts, ref, shard_options, quota=quota, nominate=nominate)
    written = time.perf_counter()
    with connection.cursor() as cursor:
        _write(cursor, shard, vets.ids, posts.ids, result)
    wrote = time.perf_counter()
    shard.leftovers = leftovers(vets, len(posts), result, shard_options)
    phases = {
        "load": loaded - started,
        **result.phases,
        "write": wrote - written,
        "leftovers": time.perf_counter() - wrote,
    }
    _mark_done(shard, len(vets), result, phases)


def _write(cursor, shard: MatchingShard, veteran_ids, post_ids, result: engine.Result) -> None:
    """Delete-then-COPY of the shard's rows (its veterans' rows of this run). The delete
    only matters after an earlier attempt, and even then finds nothing: an attempt's rows
    and its done mark commit together. It stays as a guard, skipped on a first attempt."""
    run_id = shard.run_id
    if shard.attempts > 1:
        for table in PARTITIONED:
            cursor.execute(
                f"DELETE FROM {table} t USING unnest(%s::bigint[]) AS v(id) "
                "WHERE t.run_id = %s AND t.veteran_id = v.id",
                [veteran_ids.tolist(), run_id],
            )
    values = {
        "run_id": np.full(len(result.veteran), run_id),
        "veteran_id": veteran_ids[result.veteran],
        "post_id": post_ids[result.post],
        "rank": result.rank,
        "score": result.score,
        **{name: result.factors[:, i] for i, name in enumerate(factors.FACTORS)},
        "skills_required": result.skills_required,
        "skills_matched": result.skills_matched,
    }
    pgcopy.write(cursor, PARTITIONED[0], RECOMMENDATION_COLUMNS, values)
    candidates = {
        "run_id": np.full(len(result.candidate_post), run_id),
        "post_id": post_ids[result.candidate_post],
        "veteran_id": veteran_ids[result.candidate_veteran],
        "score": result.candidate_score,
        **{name: result.candidate_factors[:, i] for i, name in enumerate(factors.FACTORS)},
        "skills_required": result.candidate_skills_required,
        "skills_matched": result.candidate_skills_matched,
    }
    pgcopy.write(cursor, PARTITIONED[1], CANDIDATE_COLUMNS, candidates)


def _mark_done(shard: MatchingShard, veterans: int, result: engine.Result, phases) -> None:
    shard.status = MatchingShard.Status.DONE
    shard.veterans, shard.pairs_scored = veterans, result.pairs_scored
    shard.recommendations, shard.candidates = len(result.veteran), len(result.candidate_post)
    shard.phases = {**shard.phases, **{name: round(s, 4) for name, s in phases.items()}}
    shard.phases["counts"] = result.counts  # what the refill and coverage passes did
    shard.peak_rss_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024
    shard.finished_at = timezone.now()
    shard.save()
    MatchingRun.objects.filter(pk=shard.run_id).update(
        shards_done=F("shards_done") + 1,
        pairs_scored=F("pairs_scored") + result.pairs_scored,
        recommendations=F("recommendations") + len(result.veteran),
    )


# --- across shards: the short lists against what is left of the whole caps -------------


def leftovers(
    vets: VeteranTable, n_posts: int, result: engine.Result, shard_options: engine.Options
) -> bytes:
    """What the swap's fill needs from a shard: its use of each post (the snapshot's
    order), and the veterans it left with fewer than MATCHING_K (their profiles as it read
    them) with the posts they were shown and their reserve (`engine.unshown_reserve`). Kept with the
    shard (`MatchingShard.leftovers`), so that the swap reads neither the run's rows nor
    those profiles again."""
    count = np.bincount(result.veteran, minlength=len(vets))
    short = np.flatnonzero(count < settings.MATCHING_K)
    of_short = count[result.veteran] < settings.MATCHING_K
    arrays = {}
    if result.ranked is not None:
        width = shard_options.refill_depth + shard_options.k
        reserve = engine.unshown_reserve(result, short, n_posts, width)
        arrays = {
            "reserve_post": reserve.post,
            "reserve_score": reserve.score,
            "reserve_complete": reserve.complete,
        }
    buffer = io.BytesIO()
    np.savez(
        buffer,
        used=np.bincount(result.post, minlength=n_posts),
        vets=np.frombuffer(vets.take(short).to_bytes(), np.uint8),
        had=count[short],
        shown_veteran=vets.ids[result.veteran[of_short]],
        shown_post=result.post[of_short],
        **arrays,
    )
    return buffer.getvalue()


def _gather_leftovers(run: MatchingRun, n_posts: int):
    """Every shard's leftovers together: the posts' use, the short veterans in id order,
    how many rows each has, their (veteran id, post index) rows, and their reserve (None
    if a shard kept none)."""
    used, tables, had, shown_v, shown_p = np.zeros(n_posts, np.int64), [], [], [], []
    reserves = []
    for data in run.shards.values_list("leftovers", flat=True):
        if not data:  # a run without shards, or shards done before leftovers were kept
            continue
        arrays = np.load(io.BytesIO(bytes(data)))
        used += arrays["used"]
        tables.append(VeteranTable.from_bytes(arrays["vets"].tobytes()))
        had.append(arrays["had"])
        shown_v.append(arrays["shown_veteran"])
        shown_p.append(arrays["shown_post"])
        if "reserve_post" in arrays:
            reserves.append([arrays[f"reserve_{name}"] for name in ("post", "score", "complete")])
    if not tables:
        empty = np.zeros(0, np.int64)
        return used, None, empty, [empty], [empty], None
    vets = VeteranTable.concat(tables)
    order = np.argsort(vets.ids, kind="stable")
    reserve = None
    if len(reserves) == len(tables) and len({part[0].shape[1] for part in reserves}) == 1:
        reserve = engine.Reserve(*(np.concatenate(column)[order] for column in zip(*reserves)))
    return used, vets.take(order), np.concatenate(had)[order], shown_v, shown_p, reserve


def top_up(run: MatchingRun) -> int:
    """After the last shard: each shard showed a post to its own share of the post's cap
    only, so a veteran may end short while another shard left room on a post it fits. The
    veterans with fewer than MATCHING_K take, by the engine's fill, the best posts they fit
    with room left in the whole cap, ranked after the ones they have. The caller holds the
    runs' lock. Returns the rows added; the seconds of its steps go to `run.swap_phases`
    (the caller saves the run)."""
    k = settings.MATCHING_K
    clock = time.perf_counter()
    posts, _ = read_snapshot(run.pk)
    used, vets, had, shown_v, shown_p, reserve = _gather_leftovers(run, len(posts))
    run.shards.update(leftovers=b"")  # read once; the run's rows are the record
    run.swap_phases = {"read": round(time.perf_counter() - clock, 3)}
    counts = {"short": 0 if vets is None else len(vets), "filled": 0, "from_reserve": 0}
    run.swap_phases["counts"] = {**counts, "rounds": 0, "pairs_rescored": 0}
    run.swap_phases["rescore"] = 0.0
    room = np.maximum(settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left - used, 0)
    if vets is None or not len(vets) or not (room > 0).any():
        return 0
    clock = time.perf_counter()
    ref = load_reference()
    listed = np.searchsorted(vets.ids, np.concatenate(shown_v)) * np.int64(len(posts))
    veterans = engine.prepare_veterans(vets, ref, factors.weights())
    filled = engine.fill(
        veterans,
        posts,
        ref,
        options(),
        room=room,
        need=k - had,
        listed=listed + np.concatenate(shown_p),
        reserve=reserve,
    )
    run.swap_phases["fill"] = round(time.perf_counter() - clock, 3)
    run.swap_phases["rescore"] = round(filled.rescore_s, 3)  # of the fill
    clock = time.perf_counter()
    _write_filled(run=run, vets=vets, posts=posts, filled=filled, had=had)
    run.swap_phases["write"] = round(time.perf_counter() - clock, 3)
    run.swap_phases["counts"] = {
        "short": len(vets),
        "filled": len(filled.veteran),
        "from_reserve": filled.from_reserve,
        "rounds": filled.rounds,
        "pairs_rescored": filled.pairs_scored,
    }
    logger.info("Matching run %s, swap: %s", run.pk, run.swap_phases["counts"])
    return len(filled.veteran)


def _write_filled(*, run: MatchingRun, vets, posts: PostTable, filled, had) -> None:
    """COPY the filled pairs, each veteran's ranked by score after the `had` it has."""
    order = np.lexsort((-filled.score, filled.veteran))
    veteran = filled.veteran[order]
    position = np.arange(len(order)) - np.searchsorted(veteran, veteran, side="left")
    values = {
        "run_id": np.full(len(order), run.pk),
        "veteran_id": vets.ids[veteran],
        "post_id": posts.ids[filled.post[order]],
        "rank": had[veteran] + position + 1,
        "score": filled.score[order],
        **{name: filled.values[order, i] for i, name in enumerate(factors.FACTORS)},
        "skills_required": filled.required[order],
        "skills_matched": filled.matched[order],
    }
    with connection.cursor() as cursor:
        pgcopy.write(cursor, PARTITIONED[0], RECOMMENDATION_COLUMNS, values)
    MatchingRun.objects.filter(pk=run.pk).update(recommendations=F("recommendations") + len(order))


# --- freshness: profiles changed during a run, and a run for one veteran ----------------


def carry_over(run: MatchingRun, previous_id: int) -> list[int]:
    """Copy into `run` the previous current run's rows of the veterans whose profile changed
    after `run` started (the run did not read them): they keep what they had until their
    own small run (rematch_veteran). Returns their ids."""
    changed = list(
        VeteranProfile.objects.filter(updated_at__gte=run.started_at).values_list("pk", flat=True)
    )
    if not changed:
        return []
    with connection.cursor() as cursor:
        for table, columns in zip(PARTITIONED, (RECOMMENDATION_COLUMNS, CANDIDATE_COLUMNS)):
            names = [name for name, _ in columns[1:]]
            cursor.execute(
                f"INSERT INTO {table} (run_id, {', '.join(names)}) "
                f"SELECT %s, {', '.join(names)} FROM {table} "
                "WHERE run_id = %s AND veteran_id = ANY(%s::bigint[])",
                [run.pk, previous_id, changed],
            )
    return changed


def rematch_veteran(run: MatchingRun, veteran_id: int) -> int:
    """Match one veteran again against the run's posts, within the exposure its other
    veterans left on each, and replace the veteran's recommendations in the run (the posts'
    candidate lists wait for the next night). Nothing for a veteran the matching is no
    longer for. The caller holds the runs' lock. Returns the recommendations written."""
    ref = load_reference()
    posts, _ = read_snapshot(run.pk)
    table = PARTITIONED[0]
    with connection.cursor() as cursor:
        cursor.execute(
            f"DELETE FROM {table} WHERE run_id = %s AND veteran_id = %s", [run.pk, veteran_id]
        )
        vets = load_veterans(cursor, ref, provinces=[], before=timezone.now(), ids=[veteran_id])
        if not len(vets) or not len(posts):
            return 0
        cursor.execute(
            f"SELECT post_id, count(*) FROM {table} WHERE run_id = %s GROUP BY post_id", [run.pk]
        )
        shown = dict(cursor.fetchall())
    used = np.array([shown.get(int(pk), 0) for pk in posts.ids], dtype=np.int64)
    room = np.maximum(settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left - used, 0)
    result = engine.match(vets, posts, ref, options(), quota=room, nominate=np.zeros_like(room))
    values = {
        "run_id": np.full(len(result.veteran), run.pk),
        "veteran_id": vets.ids[result.veteran],
        "post_id": posts.ids[result.post],
        "rank": result.rank,
        "score": result.score,
        **{name: result.factors[:, i] for i, name in enumerate(factors.FACTORS)},
        "skills_required": result.skills_required,
        "skills_matched": result.skills_matched,
    }
    with connection.cursor() as cursor:
        pgcopy.write(cursor, table, RECOMMENDATION_COLUMNS, values)
    return len(result.veteran)


# --- swap and cleanup ------------------------------------------------------------------


def drop_old_runs(keep: int | None = None) -> list[int]:
    """Drop the rows of all but the last `keep` finished runs (and of failed ones), never
    the current run's; the run rows stay as history. Returns the runs whose rows went. The
    caller holds the runs' lock (services.matching_run_finish)."""
    keep = settings.MATCHING_KEEP_RUNS if keep is None else keep
    done = MatchingRun.objects.filter(status=MatchingRun.Status.DONE).order_by("-started_at")
    kept = set(done.values_list("pk", flat=True)[: max(keep, 1)])
    # The current run's rows stay whatever its age, and so do a running run's.
    kept |= set(
        MatchingRun.objects.filter(
            Q(is_current=True) | Q(status=MatchingRun.Status.RUNNING)
        ).values_list("pk", flat=True)
    )
    gone = [run for run in _runs_with_rows() if run not in kept]
    with connection.cursor() as cursor:
        for run in gone:
            for table in PARTITIONED:
                cursor.execute(f"DROP TABLE IF EXISTS {partition(table, run)}")
                cursor.execute(f"DELETE FROM {table}_default WHERE run_id = %s", [run])
    MatchingSnapshot.objects.filter(run_id__in=gone).delete()
    # A run that never reached its swap (failed, superseded) still has its shards' leftovers.
    MatchingShard.objects.filter(run_id__in=gone).exclude(leftovers=b"").update(leftovers=b"")
    return gone


def _runs_with_rows() -> set[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
            "WHERE i.inhparent = %s::regclass",
            [PARTITIONED[0]],
        )
        names = [row[0] for row in cursor.fetchall()]
    runs = {int(name.rsplit("_", 1)[1]) for name in names if "_run_" in name}
    runs |= set(MatchingSnapshot.objects.values_list("run_id", flat=True))
    return runs
