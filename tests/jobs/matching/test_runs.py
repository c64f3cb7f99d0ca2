"""Runs through the database and (eager) Celery: the swap, reruns, redelivery, old runs."""

from collections import Counter

import numpy as np
import pytest
from django.conf import settings
from django.db import connection

from benchmarks.matching import fits
from jobs import services, tasks
from jobs.matching import factors, shards
from jobs.matching.features import load_veterans
from jobs.models import MatchingRun, MatchingShard, PostCandidate, Recommendation

pytestmark = pytest.mark.django_db


def _pairs(run) -> Counter:
    return Counter(Recommendation.objects.filter(run=run).values_list("veteran_id", "post_id"))


def test_a_run_becomes_current_once_every_shard_is_written(population, run_now):
    run = run_now()
    assert run.status == MatchingRun.Status.DONE and run.is_current
    assert run.shards_total == 2 and run.shards_done == 2
    assert Recommendation.objects.filter(run=run).count() == run.recommendations > 0
    per_veteran = Counter(
        Recommendation.objects.filter(run=run).values_list("veteran_id", flat=True)
    )
    assert max(per_veteran.values()) <= settings.MATCHING_K


def test_the_stored_reasons_are_the_numbers_behind_the_score(population, run_now):
    run = run_now()
    weights = factors.weights()
    for rec in Recommendation.objects.filter(run=run):
        values = [getattr(rec, name) for name in factors.FACTORS]
        assert rec.score == pytest.approx(float(np.dot(values, weights)), abs=1e-9)
        assert all(0 <= value <= 1 for value in values)


def test_ranks_follow_the_scores(population, run_now):
    run = run_now()
    for veteran in population["veterans"][:10]:
        recs = list(Recommendation.objects.filter(run=run, veteran=veteran).order_by("rank"))
        assert [r.rank for r in recs] == list(range(1, len(recs) + 1))
        assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)


def test_recommended_posts_pass_the_hard_filters(population, run_now):
    run = run_now()
    for rec in Recommendation.objects.filter(run=run).select_related("veteran", "post"):
        assert rec.post.min_education <= rec.veteran.education
        wanted = {r.code for r in rec.veteran.preferred_regions.all()} or {
            rec.veteran.home_region_id
        }
        assert (
            rec.post.is_national or rec.veteran.willing_to_relocate or rec.post.region_id in wanted
        )


def test_no_post_is_recommended_beyond_its_exposure_cap(population, run_now):
    run = run_now()
    counts = Counter(Recommendation.objects.filter(run=run).values_list("post_id", flat=True))
    for post in population["posts"]:
        post.refresh_from_db()
        cap = settings.MATCHING_EXPOSURE_PER_OPENING * post.openings_left
        assert counts.get(post.pk, 0) <= cap


def test_a_rerun_swaps_the_current_run_and_leaves_no_duplicates(population, run_now):
    first = run_now()
    second = run_now()
    first.refresh_from_db()
    assert second.is_current and not first.is_current
    for run in (first, second):
        assert max(_pairs(run).values()) == 1
    current = Recommendation.objects.filter(run__is_current=True)
    assert set(current.values_list("run_id", flat=True)) == {second.pk}


def test_a_redelivered_shard_finds_its_work_done(population, run_now):
    run = run_now()
    before = _pairs(run)
    assert tasks.matching_shard(run.pk, 0) is False
    assert _pairs(run) == before
    assert MatchingShard.objects.get(run=run, number=0).attempts == 2


def planned() -> tuple[MatchingRun, list[int]]:
    """A run planned without the service's one-at-a-time check (as if two had started)."""
    run = MatchingRun.objects.create()
    return run, shards.prepare_run(run)


def test_a_shard_run_again_deletes_its_rows_before_copying(population):
    run, numbers = planned()
    for number in numbers:
        shards.count_attempt(run.pk, number)
        shards.run_shard(run.pk, number)
    before = _pairs(run)
    # As if its done mark had been lost: the next attempt must not add a second copy.
    MatchingShard.objects.filter(run=run, number=0).update(status=MatchingShard.Status.PENDING)
    tasks.matching_shard(run.pk, 0)
    # The run is then complete and its swap fills the short lists: rows may be added, but
    # every pair is there once and the shards' rows are still the same.
    after = _pairs(run)
    assert set(before) <= set(after)
    assert max(after.values()) == 1


def test_a_shard_of_a_failed_run_does_nothing(population):
    run, numbers = planned()
    services.matching_run_fail(run_id=run.pk, error="stopped")
    assert shards.run_shard(run.pk, numbers[0]) is False
    assert not Recommendation.objects.filter(run=run).exists()


def test_old_runs_lose_their_rows_but_keep_their_history(population, run_now, settings):
    settings.MATCHING_KEEP_RUNS = 2
    first, second, third = run_now(), run_now(), run_now()
    assert not Recommendation.objects.filter(run=first).exists()
    assert Recommendation.objects.filter(run=second).exists()
    assert Recommendation.objects.filter(run=third).exists()
    assert MatchingRun.objects.filter(pk=first.pk).exists()
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT to_regclass(%s)", [shards.partition("jobs_recommendation", first.pk)]
        )
        assert cursor.fetchone()[0] is None


def test_a_run_without_seekers_is_current_and_empty(db, run_now):
    run = run_now()
    assert run.is_current and run.shards_total == 0 and run.recommendations == 0


def test_post_candidates_are_consenting_veterans_of_the_post(population, run_now):
    run = run_now()
    candidates = PostCandidate.objects.filter(run=run).select_related("veteran__user")
    assert candidates.exists()
    for candidate in candidates:
        assert candidate.veteran.user.consents.filter(purpose="discoverable").exists()
    per_post = Counter(candidates.values_list("post_id", flat=True))
    assert max(per_post.values()) <= settings.MATCHING_CANDIDATES_PER_POST


def test_a_run_also_writes_through_djangos_debug_cursor(population, run_now, settings):
    # DEBUG on (make run, runserver) wraps the cursor in one that logs every statement.
    settings.DEBUG = True
    run = run_now()
    assert run.status == MatchingRun.Status.DONE, run.error


def test_refill_across_shards_leaves_no_list_short_while_a_post_it_fits_has_room(
    population, run_now, ref, settings
):
    """A shard shows a post to its own share of the cap only; at the swap the short lists
    take what the other shards left of each post's whole cap."""
    run = run_now()
    assert run.swap_phases["counts"]["short"] > 0
    _assert_none_short_while_room(run, ref)


def _assert_none_short_while_room(run, ref):
    """No cap passed, and no list short while a post it fits, not on it, has room."""
    posts, _ = shards.read_snapshot(run.pk)
    with connection.cursor() as cursor:
        vets = load_veterans(cursor, ref, provinces=ref.province_prefixes, before=run.started_at)
    rows = list(Recommendation.objects.filter(run=run).values_list("veteran_id", "post_id"))
    cap = settings.MATCHING_EXPOSURE_PER_OPENING * posts.openings_left
    used = Counter(post for _, post in rows)
    room = cap - np.array([used.get(int(pk), 0) for pk in posts.ids])
    assert (room >= 0).all()
    lists = Counter(veteran for veteran, _ in rows)
    assert lists and max(lists.values()) <= settings.MATCHING_K
    for i, veteran_id in enumerate(vets.ids):
        if lists.get(int(veteran_id), 0) >= settings.MATCHING_K:
            continue
        mine = {post for veteran, post in rows if veteran == veteran_id}
        fitting = fits(vets, i, posts, np.flatnonzero(room > 0))
        assert not [j for j in fitting if int(posts.ids[j]) not in mine]


@pytest.mark.parametrize("reserve", [0, 2, 40])
def test_the_shards_and_the_swap_take_from_the_reserve_before_scoring_again(
    population, run_now, ref, settings, reserve
):
    """Each shard keeps its veterans' next posts past their lists (`MATCHING_RESERVE`) and
    fills from them within its share of the caps; the swap's fill takes from what is left
    of them, over the whole caps, before it scores anyone again. Whatever the reserve, no
    cap is passed and no list is left short while a post it fits has room."""
    settings.MATCHING_K, settings.MATCHING_DEPTH = 4, 4
    settings.MATCHING_RESERVE, settings.MATCHING_EXPOSURE_PER_OPENING = reserve, 1
    run = run_now()
    swap = run.swap_phases["counts"]
    in_shards = sum(shard.phases["counts"]["refilled"] for shard in run.shards.all())
    if reserve == 0:  # the earlier way: the swap scores every short list again
        assert in_shards == 0 and swap["from_reserve"] == 0 and swap["pairs_rescored"] > 0
    elif reserve == 2:  # a reserve cut short: both take from it, the swap then scores
        assert in_shards > 0 and swap["from_reserve"] > 0 and swap["pairs_rescored"] > 0
    else:  # every post each veteran fits: nothing is scored twice
        assert in_shards > 0 and swap["pairs_rescored"] == 0
    # The fill's seconds spent scoring again are part of the fill's, and none without it.
    rescore = run.swap_phases["rescore"]
    assert 0 <= rescore <= run.swap_phases.get("fill", 0)  # no fill: nobody was short
    assert (rescore > 0) == (swap["pairs_rescored"] > 0)
    _assert_none_short_while_room(run, ref)
