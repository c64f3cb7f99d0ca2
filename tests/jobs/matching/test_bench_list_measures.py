"""The matching bench's list measures (benchmarks.matching.list_measures) over every seeker
and over a random sample of them, as it takes them above QUALITY_SEEKERS."""

import numpy as np
import pytest
from django.db import connection

from benchmarks import matching as bench
from benchmarks import planted
from jobs.matching import shards
from jobs.matching.features import load_reference, load_veterans

pytestmark = pytest.mark.django_db


@pytest.fixture
def planted_run(run_now):
    truth = planted.generate(veterans=3000, posts=600, seed=3, log=lambda line: None)
    run = run_now()
    ref = load_reference()
    with connection.cursor() as cursor:
        vets = load_veterans(cursor, ref, provinces=ref.province_prefixes, before=run.started_at)
    posts, _ = shards.read_snapshot(run.pk)
    return run, vets, posts, truth


def test_every_seeker_is_measured_up_to_the_limit(planted_run):
    run, vets, posts, truth = planted_run

    every = bench.list_measures(run.pk, vets, posts, truth)

    assert every["quality_seekers"] == every["veterans_looking"] == len(vets) > 2000
    assert 0 < every["coverage"] <= every["coverage_bound"] <= 1
    assert every["coverable"] <= len(vets)


def test_above_the_limit_a_sample_is_measured_and_says_so(planted_run):
    run, vets, posts, truth = planted_run
    every = bench.list_measures(run.pk, vets, posts, truth)

    sampled = bench.list_measures(run.pk, vets, posts, truth, at_most=1500)

    assert sampled["quality_seekers"] == 1500
    assert sampled["veterans_looking"] == len(vets)
    # Exposure is everyone's, sample or not.
    assert sampled["unused_exposure_share"] == every["unused_exposure_share"]
    # The sample's shares are estimates of the whole's: close, on 1,500 of about 2,700.
    for name in ("coverage", "coverage_bound", "coverage_of_all", "mean_list_length"):
        assert sampled[name] == pytest.approx(every[name], rel=0.1), name
    assert sampled["coverable"] == pytest.approx(every["coverable"] * 1500 / len(vets), rel=0.1)


def test_the_bound_of_a_sample_takes_each_post_s_share_of_its_cap_rounded_up(planted_run):
    _run, vets, posts, truth = planted_run
    few = vets.take(np.arange(1000))
    seekers_with_a_good_post = len(np.unique(bench.good_pairs(truth, few, posts)[0]))

    whole = bench.coverage_bound(truth, few, posts)
    half = bench.coverage_bound(truth, few, posts, cap_share=0.5)
    one_each = bench.coverage_bound(truth, few, posts, cap_share=1e-9)

    assert 0 < whole <= seekers_with_a_good_post
    # Rounded up, a share of next to nothing leaves each post room for one seeker.
    assert 0 < one_each <= min(half, len(posts)) and half <= whole
