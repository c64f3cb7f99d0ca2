"""A shard's share of each post's caps: one column of a largest-remainder split, computed
for that column alone, equals the column of the plain split, and the columns add up."""

import numpy as np
import pytest

from jobs.matching.shards import apportion


def _plain(total: np.ndarray, weights: np.ndarray) -> np.ndarray:
    """Row by row: the floors, then one more to the largest remainders (lower column first
    among equal ones) until the row adds up to its total."""
    parts = np.zeros(weights.shape, dtype=np.int64)
    for i, (t, w) in enumerate(zip(total, weights)):
        if w.sum() <= 0:
            continue
        exact = w / w.sum() * t
        parts[i] = np.floor(exact)
        remainder = exact - np.floor(exact)
        order = sorted(range(len(w)), key=lambda c: (-remainder[c], c))
        for c in order[: int(t - parts[i].sum())]:
            parts[i, c] += 1
    return parts


@pytest.mark.parametrize("seed", range(12))
def test_each_column_is_the_plain_split_and_the_columns_add_up(seed):
    rng = np.random.default_rng(seed)
    n, s = 400, int(rng.integers(1, 17))
    # Small integer weights make equal remainders common; some rows weigh nothing.
    weights = rng.integers(0, 4, size=(n, s)).astype(float)
    weights[rng.random(n) < 0.1] = 0
    if seed % 3 == 0:
        weights = rng.random((n, s)) * rng.integers(0, 2, size=(n, s))
    total = rng.integers(0, 200, size=n)
    expected = _plain(total, weights)
    columns = np.stack([apportion(total, weights, c) for c in range(s)], axis=1)
    assert np.array_equal(columns, expected)
    weighed = weights.sum(axis=1) > 0
    assert np.array_equal(columns.sum(axis=1)[weighed], total[weighed])
    assert (columns[~weighed] == 0).all()
