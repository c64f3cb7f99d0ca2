"""Scores as matrix products, top k with argpartition, congestion by deferred acceptance.

Hard filters become tiles. Posts are grouped (nationwide posts; each city's; each province's
own) and sorted by minimum education within a group. A veteran takes part in the groups its
scope reaches (all of them when willing to relocate) and, having education e, in the prefix
of each group's posts that asks for no more than e. Every (veteran, post) candidate pair
falls in exactly one tile and nothing else is scored.

A tile's score is one dense product for the factors with few values (industry, CSCO major
group, a per-row location), one sparse product for the many-valued ones (skills, detailed
occupation, minor and middle group, and, for nationwide posts, city and province), and a row
vector per (education, desired salary) run of rows for salary, education, agreement and the
"no skills required" term. Each veteran keeps its `depth` best posts across tiles (and
`reserve` more, ranked, for the fill); then the exact factors of those pairs are computed
once more in float64 (the stored reasons and the stored score are these numbers), and
congestion picks at most k per veteran under each post's quota.
"""

import dataclasses
import time
from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp
from scipy.linalg import blas

from jobs.matching import factors
from jobs.matching.features import PostTable, Reference, VeteranTable, unique

NEAR_CITY = factors.SAME_CITY - factors.SAME_PROVINCE
NEAR_PROVINCE = factors.SAME_PROVINCE - factors.RELOCATION
W_SKILL, W_OCC, W_LOC, W_IND, W_SAL, W_EDU, W_AGR = range(7)


@dataclass
class Options:
    weights: np.ndarray
    k: int = 20
    depth: int = 40  # candidates kept per veteran before congestion
    reserve: int = 0  # more kept past depth, not proposed: the ranked list the fill starts from
    refill_rounds: int = 6  # rescorings of the veterans congestion left short, at most
    refill_depth: int = 20  # new posts with room kept per veteran at a rescoring
    refill_chunk: int = 1 << 16  # veterans scored together at a rescoring (bounds its memory)
    cover: int = 5  # a veteran's best candidates, one of which it should be shown; 0: no pass
    cover_share: float = 0.5  # of a post's quota, at most this for the coverage pass
    cover_k: int = 1  # of its cover cells, a veteran should be shown at least this many
    cover_work: bool = True  # cover cells: the candidates in its line of work, if any
    cover_rounds: int = 3  # coverage passes, for the holders a pass displaced
    tiers: int = 0  # posts prefer the veterans ranking them 1st, 2nd, ... (see Lists.settle)
    row_chunk: int = 256
    col_chunk: int = 8192
    small_group: int = 1 << 16  # pairs: one tile, its education filter a mask


@dataclass
class Result:
    veteran: np.ndarray  # index into the VeteranTable
    post: np.ndarray  # index into the PostTable
    rank: np.ndarray  # 1 = best
    score: np.ndarray
    factors: np.ndarray  # (n, 7), FACTORS order
    skills_required: np.ndarray
    skills_matched: np.ndarray
    candidate_post: np.ndarray  # the posts' best consenting veterans
    candidate_veteran: np.ndarray
    candidate_score: np.ndarray
    candidate_factors: np.ndarray  # (m, 7) and the skill counts, as for the recommendations
    candidate_skills_required: np.ndarray
    candidate_skills_matched: np.ndarray
    pairs_scored: int = 0
    phases: dict = field(default_factory=dict)
    counts: dict = field(default_factory=dict)  # what the refill and coverage passes did
    # Each veteran's `depth` + `reserve` best posts by the (float32) scores of the tiles,
    # best first (a row with fewer ends in -inf scores); None when no reserve is kept.
    ranked: "TopK | None" = None


# --- features --------------------------------------------------------------------------


def _one_hot(index: np.ndarray, n: int, values=None) -> sp.csr_matrix:
    rows = np.flatnonzero(index >= 0)
    data = np.ones(len(rows), np.float32) if values is None else values[rows]
    return sp.csr_matrix((data, (rows, index[rows])), shape=(len(index), n), dtype=np.float32)


def _csr_matrix(ptr, values, n_cols, data=None) -> sp.csr_matrix:
    data = np.ones(len(values), np.float32) if data is None else data.astype(np.float32)
    return sp.csr_matrix((data, values, ptr), shape=(len(ptr) - 1, n_cols))


@dataclass
class Posts:
    """The posts in engine order (group, then minimum education), with their features."""

    table: PostTable
    order: np.ndarray  # engine position -> PostTable index
    group_start: np.ndarray  # per group: first position; one more entry at the end
    edu_end: np.ndarray  # (groups, 7): end position of the posts asking <= e
    dense: np.ndarray  # (n, d) float32: industry, major group, location column
    sparse: sp.csc_matrix  # (features, n): skills, detailed occupation, minor, middle group
    sparse_near: sp.csc_matrix  # the same and city and province, for group 0
    const: np.ndarray  # agreement bonus + the "no skills required" skill fit, weighted
    salary_max: np.ndarray
    min_education: np.ndarray


def group_of(table: PostTable, ref: Reference) -> np.ndarray:
    """0: nationwide; 1 + city; 1 + n_cities + province for a post placed at province level."""
    regional = np.where(table.city >= 0, 1 + table.city, 1 + ref.n_cities + table.province)
    return np.where(table.national, 0, regional)


def prepare_posts(table: PostTable, ref: Reference, w: np.ndarray, *, anywhere=False) -> Posts:
    """The regional layout (posts grouped by place), or for veterans willing to relocate the
    `anywhere` layout: every post in group 0, which, like the nationwide group, takes the
    location from the sparse city and province features."""
    n_groups = 1 if anywhere else 1 + ref.n_cities + ref.n_provinces
    group = np.zeros(len(table), np.int64) if anywhere else group_of(table, ref)
    order = np.lexsort((table.min_education, group))
    t = table.take(order)
    counts = np.bincount(group[order], minlength=n_groups)
    group_start = np.concatenate([[0], np.cumsum(counts)])
    by_edu = np.zeros((n_groups, 7), dtype=np.int64)
    np.add.at(by_edu, (group[order], t.min_education), 1)
    edu_end = group_start[:-1, None] + np.cumsum(by_edu, axis=1)
    n_req = np.diff(t.skill_ptr)
    skill_weight = w[W_SKILL] / np.repeat(np.maximum(n_req, 1), n_req)
    sparse = sp.hstack(
        [
            _csr_matrix(t.skill_ptr, t.skills, ref.n_skills, skill_weight),
            _one_hot(t.occupation, len(ref.occupation_codes)),
            _one_hot(ref.occupation_minor[t.occupation], ref.n_minor),
            _one_hot(ref.occupation_middle[t.occupation], ref.n_middle),
            _aimed_extra(t, ref, w),
        ]
    )
    near = sp.hstack([_one_hot(t.city, ref.n_cities), _one_hot(t.province, ref.n_provinces)])
    return Posts(
        table=table,
        order=order,
        group_start=group_start,
        edu_end=edu_end,
        dense=_post_dense(t, ref),
        sparse=sparse.T.tocsc(),
        sparse_near=sp.hstack([sparse, near]).T.tocsc(),
        const=(w[W_AGR] * t.agreement_elsewhere + w[W_SKILL] * (n_req == 0)).astype(np.float32),
        salary_max=t.salary_max,
        min_education=t.min_education,
    )


def _aimed_extra(t: PostTable, ref: Reference, w: np.ndarray) -> sp.csr_matrix:
    """Per post and target province, what a veteran from there gets above the bonus for
    veterans from elsewhere (in `const`); it meets the veterans' home province one-hot in
    the sparse product, so the regional part of the agreement bonus costs no pass."""
    bits = (t.targets[:, None] >> np.arange(ref.n_provinces)) & 1 == 1
    extra = (w[W_AGR] * (t.agreement - t.agreement_elsewhere))[:, None] * bits
    return sp.csr_matrix(extra.astype(np.float32))


def _post_dense(t: PostTable, ref: Reference) -> np.ndarray:
    n_ind = len(ref.industry_codes)
    dense = np.zeros((len(t.ids), n_ind + ref.n_major + 1), dtype=np.float32)
    dense[np.arange(len(t.ids)), t.industry] = 1
    dense[np.arange(len(t.ids)), n_ind + ref.occupation_major[t.occupation]] = 1
    dense[:, -1] = 1  # times each veteran's location value in the tile
    return dense


@dataclass
class Veterans:
    table: VeteranTable
    dense: np.ndarray  # (n, d - 1) float32: industry, major group
    sparse: sp.csr_matrix
    sparse_near: sp.csr_matrix
    near_city: np.ndarray  # sorted keys veteran * n_cities + city
    near_province: np.ndarray  # sorted keys veteran * n_provinces + province


def prepare_veterans(table: VeteranTable, ref: Reference, w: np.ndarray) -> Veterans:
    n = len(table)
    detailed, minor, middle, major = ref.crosswalk_parts()
    spec = table.specialty
    n_ind = len(ref.industry_codes)
    bits = (table.industry_mask[:, None] >> np.arange(n_ind)) & 1
    industry = np.where(table.industry_mask[:, None] == 0, 1, bits) * w[W_IND]
    dense = np.hstack([industry, w[W_OCC] * factors.MAJOR_PART * major[spec]]).astype(np.float32)
    occupation = sp.hstack(
        [
            sp.csr_matrix(w[W_OCC] * factors.DETAILED_PART * detailed, dtype=np.float32)[spec],
            sp.csr_matrix(w[W_OCC] * factors.MINOR_PART * minor, dtype=np.float32)[spec],
            sp.csr_matrix(w[W_OCC] * factors.MIDDLE_PART * middle, dtype=np.float32)[spec],
        ]
    )
    skills = _csr_matrix(table.skill_ptr, table.skills, ref.n_skills)
    city_v, city, prov_v, prov = near_pairs(table, ref)
    near = sp.hstack(
        [
            sp.csr_matrix(
                (np.full(len(city), w[W_LOC] * NEAR_CITY, np.float32), (city_v, city)),
                shape=(n, ref.n_cities),
            ),
            sp.csr_matrix(
                (np.full(len(prov), w[W_LOC] * NEAR_PROVINCE, np.float32), (prov_v, prov)),
                shape=(n, ref.n_provinces),
            ),
        ]
    )
    home = _one_hot(table.home_province, ref.n_provinces)  # meets the posts' target provinces
    sparse = sp.hstack([skills, occupation, home])
    return Veterans(
        table=table,
        dense=dense,
        sparse=sparse.tocsr(),
        sparse_near=sp.hstack([sparse, near]).tocsr(),
        near_city=unique(city_v * ref.n_cities + city),
        near_province=unique(prov_v * ref.n_provinces + prov),
    )


def near_pairs(table: VeteranTable, ref: Reference):
    """(veteran, city) and (veteran, province) pairs that count as near: wanted or home."""
    n = np.arange(len(table))
    want_v = np.repeat(n, np.diff(table.want_city_ptr))
    has_home = table.home_city >= 0
    city_v = np.concatenate([want_v, n[has_home]])
    city = np.concatenate([table.want_city, table.home_city[has_home]])
    prov_v = np.concatenate([np.repeat(n, np.diff(table.want_province_ptr)), want_v, n])
    prov = np.concatenate(
        [table.want_province, ref.city_province[table.want_city], table.home_province]
    )
    city_key = unique(city_v.astype(np.int64) * ref.n_cities + city)
    prov_key = unique(prov_v.astype(np.int64) * ref.n_provinces + prov)
    return (
        city_key // ref.n_cities,
        city_key % ref.n_cities,
        prov_key // ref.n_provinces,
        prov_key % ref.n_provinces,
    )


def member(keys: np.ndarray, query: np.ndarray) -> np.ndarray:
    position = np.searchsorted(keys, query).clip(0, max(len(keys) - 1, 0))
    return (keys[position] == query) if len(keys) else np.zeros(np.shape(query), bool)


# --- hard filters: which veterans take part in which post group ------------------------


def group_rows(vets: VeteranTable, posts: Posts, ref: Reference) -> tuple[np.ndarray, np.ndarray]:
    """(group, veteran) pairs of the regional layout, sorted by group, education and wished
    salary. Veterans willing to relocate are left out: they take the `anywhere` layout."""
    n = np.flatnonzero(~vets.relocate)
    city_ptr, prov_ptr = vets.want_city_ptr, vets.want_province_ptr
    pairs_v = [n, np.repeat(n, city_ptr[n + 1] - city_ptr[n])]
    pairs_g = [np.zeros(len(n), np.int64), 1 + _gather(city_ptr, vets.want_city, n)]
    # A wanted province reaches its cities' groups and its own province-level group.
    prov_groups = [
        np.concatenate([1 + np.flatnonzero(ref.city_province == p), [1 + ref.n_cities + p]])
        for p in range(ref.n_provinces)
    ]
    sizes = np.array([len(g) for g in prov_groups])
    flat = np.concatenate(prov_groups)
    provinces = _gather(prov_ptr, vets.want_province, n)
    counts = sizes[provinces]
    pairs_v.append(np.repeat(np.repeat(n, prov_ptr[n + 1] - prov_ptr[n]), counts))
    starts = np.concatenate([[0], np.cumsum(sizes)])[provinces]
    pairs_g.append(flat[_expand(starts, counts)])
    size = max(len(vets), 1)
    key = unique(np.concatenate(pairs_g).astype(np.int64) * size + np.concatenate(pairs_v))
    group, veteran = key // size, key % size
    empty = posts.group_start[group + 1] == posts.group_start[group]
    group, veteran = group[~empty], veteran[~empty]
    order = np.lexsort((vets.desired_salary[veteran], vets.education[veteran], group))
    return group[order], veteran[order]


def _expand(starts: np.ndarray, counts: np.ndarray) -> np.ndarray:
    """The positions start, start + 1, ... (count of them) for every (start, count)."""
    firsts = np.repeat(np.cumsum(counts) - counts, counts)
    return np.repeat(starts, counts) + np.arange(counts.sum()) - firsts


def _gather(ptr: np.ndarray, values: np.ndarray, rows: np.ndarray) -> np.ndarray:
    return values[_expand(ptr[rows], ptr[rows + 1] - ptr[rows])]


# --- scoring ---------------------------------------------------------------------------


class TopK:
    """Each veteran's `depth` best (score, post position) so far."""

    def __init__(self, n: int, depth: int):
        self.depth = depth
        self.score = np.full((n, depth), -np.inf, dtype=np.float32)
        self.post = np.full((n, depth), -1, dtype=np.int64)

    def merge(self, rows: np.ndarray, score: np.ndarray, post: np.ndarray) -> None:
        both_s = np.concatenate([self.score[rows], score], axis=1)
        both_p = np.concatenate([self.post[rows], post], axis=1)
        keep = np.argpartition(both_s, -self.depth, axis=1)[:, -self.depth :]
        self.score[rows] = np.take_along_axis(both_s, keep, axis=1)
        self.post[rows] = np.take_along_axis(both_p, keep, axis=1)

    def ranked(self) -> "TopK":
        """The same pairs, each row best first (ties by post)."""
        order = np.lexsort((self.post, -self.score), axis=1)
        score = np.take_along_axis(self.score, order, axis=1)
        return self._of(score, np.take_along_axis(self.post, order, axis=1))

    def head(self, depth: int) -> "TopK":
        """The first `depth` columns (of a ranked TopK: each row's `depth` best)."""
        return self._of(self.score[:, :depth], self.post[:, :depth])

    @classmethod
    def _of(cls, score: np.ndarray, post: np.ndarray) -> "TopK":
        top = cls.__new__(cls)
        top.depth = score.shape[1]
        top.score, top.post = np.ascontiguousarray(score), np.ascontiguousarray(post)
        return top


def top_columns(c: np.ndarray, k: int) -> tuple[np.ndarray, np.ndarray]:
    """Per row, the k largest values and their columns, with numpy argpartition.

    Wide rows first go through strided column groups of about GROUP_WIDTH columns: the k
    best values of a row lie in the k groups with the best maxima, so argpartition runs on
    those groups only (a tenth of the row or less).
    """
    n, m = c.shape
    if m <= k:
        return c, np.broadcast_to(np.arange(m), (n, m))
    groups = m // GROUP_WIDTH
    if groups < 2 * k:
        top = np.argpartition(c, m - k, axis=1)[:, m - k :]
        return np.take_along_axis(c, top, axis=1), top
    width = m // groups
    head = c[:, : groups * width].reshape(n, width, groups)
    best = np.argpartition(head.max(axis=1), groups - k, axis=1)[:, groups - k :]
    picked = np.take_along_axis(head, best[:, None, :], axis=2).reshape(n, width * k)
    columns = (np.arange(width)[None, :, None] * groups + best[:, None, :]).reshape(n, -1)
    tail = np.arange(groups * width, m)
    values = np.concatenate([picked, c[:, groups * width :]], axis=1)
    columns = np.concatenate([columns, np.broadcast_to(tail, (n, len(tail)))], axis=1)
    top = np.argpartition(values, values.shape[1] - k, axis=1)[:, -k:]
    return np.take_along_axis(values, top, axis=1), np.take_along_axis(columns, top, axis=1)


GROUP_WIDTH = 12


class Scorer:
    def __init__(self, vets: Veterans, ref: Reference, options: Options):
        self.v, self.ref, self.o = vets, ref, options
        self.w = options.weights
        self.best = TopK(len(vets.table), options.depth)
        self.pairs = 0
        self._columns = {}

    def group(self, posts: Posts, g: int, rows: np.ndarray) -> None:
        """Score one post group against its veterans (sorted by education, then salary)."""
        edu = self.v.table.education[rows]
        c0, c1 = int(posts.group_start[g]), int(posts.group_start[g + 1])
        end = posts.edu_end[g][np.minimum(edu, 6)]  # each row's candidates: c0 .. end
        self.pairs += int((end - c0).sum())
        if (end <= c0).all():
            return
        location = self._location(g, rows)
        vs = (self.v.sparse_near if g == 0 else self.v.sparse)[rows]
        ps = posts.sparse_near if g == 0 else posts.sparse
        self._columns = {}
        if len(rows) * (c1 - c0) <= self.o.small_group:
            self._tile(posts, ps, rows, vs, location, c0, c1, end)
            return
        chunk = self.o.row_chunk
        for sub in np.split(np.arange(len(rows)), np.flatnonzero(np.diff(edu)) + 1):
            stop = int(end[sub[0]])
            for r in range(0, len(sub), chunk):
                part = slice(sub[0] + r, sub[0] + min(r + chunk, len(sub)))
                for c in range(c0, stop, self.o.col_chunk):
                    top = min(c + self.o.col_chunk, stop)
                    self._tile(posts, ps, rows[part], vs[part], location[part], c, top, None)

    def _location(self, g: int, rows: np.ndarray) -> np.ndarray:
        w, ref = self.w[W_LOC], self.ref
        if g == 0:  # nationwide or anywhere: the near parts come from the sparse product
            return np.full(len(rows), w * factors.RELOCATION, np.float32)
        city = g - 1 if g <= ref.n_cities else -1
        province = ref.city_province[city] if city >= 0 else g - 1 - ref.n_cities
        near_p = member(self.v.near_province, rows * ref.n_provinces + province)
        near_c = member(self.v.near_city, rows * ref.n_cities + city) if city >= 0 else False
        value = factors.RELOCATION + NEAR_PROVINCE * near_p + NEAR_CITY * near_c
        return (w * value).astype(np.float32)

    def _post_columns(self, ps: sp.csc_matrix, c0: int, c1: int) -> sp.csr_matrix:
        if (c0, c1) not in self._columns:
            self._columns[c0, c1] = ps[:, c0:c1].tocsr()
        return self._columns[c0, c1]

    def _tile(self, posts, ps, rows, vs, location, c0, c1, end) -> None:
        """Score rows x posts[c0:c1]; `end`, when given, masks each row's columns >= end."""
        c = (vs @ self._post_columns(ps, c0, c1)).toarray()  # the sparse product, dense
        a = np.empty((len(rows), self.v.dense.shape[1] + 1), dtype=np.float32)
        a[:, :-1] = self.v.dense[rows]
        a[:, -1] = location
        # c += a @ dense.T, in place: BLAS sees the C-ordered tile as its Fortran transpose.
        blas.sgemm(1.0, posts.dense[c0:c1].T, a.T, beta=1.0, c=c.T, trans_a=1, overwrite_c=1)
        self._add_row_vectors(c, rows, posts, c0, c1)
        if end is not None:
            c[np.arange(c1 - c0)[None, :] >= (end - c0)[:, None]] = -np.inf
        score, column = top_columns(c, min(self.o.depth, c1 - c0))
        self.best.merge(rows, score, posts.order[column + c0])

    def _add_row_vectors(self, c, rows, posts, c0, c1) -> None:
        """Salary, education, agreement and the no-skill term: one vector per run of rows
        with the same (education, wished salary); the rows come sorted by both."""
        w, t = self.w, self.v.table
        key = t.education[rows].astype(np.int64) << 40 | t.desired_salary[rows]
        starts = np.concatenate([[0], np.flatnonzero(np.diff(key)) + 1])
        edu, wish = (key[starts] >> 40)[:, None], (key[starts] & ((1 << 40) - 1))[:, None]
        vectors = (
            w[W_EDU] * factors.education_fits(edu, posts.min_education[None, c0:c1])
            + w[W_SAL] * factors.salary_fits(wish, posts.salary_max[None, c0:c1])
            + posts.const[None, c0:c1]
        ).astype(np.float32)
        for vector, a, b in zip(vectors, starts, [*starts[1:], len(rows)]):
            c[a:b] += vector


# --- exact factors, congestion, candidates ---------------------------------------------


def pair_factors(vets: Veterans, p: PostTable, ref: Reference, vi, j):
    """The seven factors of the pairs (veteran vi, post j) in float64, and the skill counts."""
    t = vets.table
    required, matched = _skill_counts(t, p, vi, j)
    detailed, minor, middle, major = ref.crosswalk_parts()
    occ = p.occupation[j]
    occ_minor, occ_middle = ref.occupation_minor[occ], ref.occupation_middle[occ]
    spec = t.specialty[vi]
    occupation = (
        factors.DETAILED_PART * detailed[spec, occ]
        + factors.MINOR_PART * np.where(occ_minor >= 0, minor[spec, occ_minor.clip(0)], 0)
        + factors.MIDDLE_PART * np.where(occ_middle >= 0, middle[spec, occ_middle.clip(0)], 0)
        + factors.MAJOR_PART * major[spec, ref.occupation_major[occ]]
    )
    city = p.city[j]
    near_c = (city >= 0) & member(vets.near_city, vi * ref.n_cities + city.clip(0))
    near_p = member(vets.near_province, vi * ref.n_provinces + p.province[j])
    location = np.where(
        near_c, factors.SAME_CITY, np.where(near_p, factors.SAME_PROVINCE, factors.RELOCATION)
    )
    mask = t.industry_mask[vi]
    industry = np.where((mask == 0) | ((mask >> p.industry[j]) & 1 == 1), 1.0, 0.0)
    values = np.empty((len(vi), len(factors.FACTORS)))
    values[:, 0] = np.where(required > 0, matched / np.maximum(required, 1), 1.0)
    values[:, 1] = occupation
    values[:, 2] = location
    values[:, 3] = industry
    values[:, 4] = factors.salary_fits(t.desired_salary[vi], p.salary_max[j])
    values[:, 5] = factors.education_fits(t.education[vi], p.min_education[j])
    aimed = factors.aims_at_all(p.targets[j], t.home_province[vi])
    values[:, 6] = np.where(aimed, p.agreement[j], p.agreement_elsewhere[j])
    return values, required, matched


def _bits(ptr: np.ndarray, values: np.ndarray, n_bits: int) -> np.ndarray:
    """Each row's set as a bitset: (rows, words) of uint64."""
    width = (n_bits + 63) // 64 * 64
    dense = np.zeros((len(ptr) - 1, width), dtype=bool)
    dense[np.repeat(np.arange(len(ptr) - 1), np.diff(ptr)), values] = True
    return np.packbits(dense, axis=1, bitorder="little").view(np.uint64)


def _skill_counts(t: VeteranTable, p: PostTable, vi, j):
    n_bits = int(max(t.skills.max(initial=0), p.skills.max(initial=0))) + 1
    v_bits = _bits(t.skill_ptr, t.skills, n_bits)
    p_bits = _bits(p.skill_ptr, p.skills, n_bits)
    matched = np.zeros(len(vi), dtype=np.int64)
    for word in range(v_bits.shape[1]):
        matched += np.bitwise_count(v_bits[vi, word] & p_bits[j, word])
    return np.diff(p.skill_ptr)[j], matched


def by_post(score: np.ndarray, post: np.ndarray, cells=None, tier=None) -> np.ndarray:
    """The non-empty cells of (n, width) score/post (or the given `cells`), ordered by post,
    tier (when given, 0 to 63), score desc, veteran.

    One stable sort of a single integer key: the post in the high bits, the tier in the
    next 6, the score (in [0, 1], to 2**-26) descending in the low ones; equal keys keep
    the veteran order."""
    if cells is None:
        cells = np.flatnonzero(np.isfinite(score))
    flat_score = score.reshape(-1)[cells]
    low = np.round((1.0 - np.clip(flat_score, 0.0, 1.0)) * ((1 << 26) - 1)).astype(np.int64)
    if tier is not None:
        low |= np.minimum(tier.reshape(-1)[cells], 63).astype(np.int64) << 26
    key = post.reshape(-1)[cells].astype(np.int64) << 32 | low
    return cells[np.argsort(key, kind="stable")]


def _rank_in_post(post_sorted: np.ndarray, chosen: np.ndarray) -> np.ndarray:
    """1-based rank of each chosen entry among the chosen entries of its post."""
    count = np.cumsum(chosen)
    segment = np.searchsorted(post_sorted, post_sorted, side="left")
    return count - np.concatenate([[0], count])[segment]


def congestion(alive, post, quota: np.ndarray, k, order: np.ndarray) -> np.ndarray:
    """Deferred acceptance: each veteran proposes to its k best posts not yet refused (k an
    int, or one per row); each post holds the best `quota` proposals and refuses the rest,
    until no refusal.

    alive, post: (n, width), each row best first; `alive` (C-ordered) marks the cells not
    refused yet and loses the refused ones. `order` (from by_post) holds every alive cell,
    in the order the posts prefer them. Starting again from the `alive` of an earlier call,
    with cells added, continues the same acceptance. Returns the held mask.

    A post's proposals only grow until it refuses one, and what it refuses never comes
    back: once full, it refuses every later proposal it likes less than its worst held one
    (its cutoff, which only moves up the post's order). So a round looks at the new
    proposals only: those past their post's cutoff are refused at once, the others join
    the held ones (kept as positions in `order`, sorted, so each post's are a run), and a
    post then over its quota refuses its worst.
    """
    n, width = alive.shape
    k = np.broadcast_to(np.asarray(k), (n,))[:, None]
    held = alive & (np.cumsum(alive, axis=1) <= k)
    if not len(order):
        return held
    posts = _Holding(post, quota, order)
    new = np.flatnonzero(held.reshape(-1)[order])  # positions in `order`, sorted
    while len(new):
        refused = posts.propose(new)
        if not len(refused):
            break
        cells = order[refused]
        alive.reshape(-1)[cells] = False
        # Only the refused veterans' proposals change: their new ones are the next round's.
        rows = unique(cells // width)
        was = held[rows]
        held[rows] = alive[rows] & (np.cumsum(alive[rows], axis=1) <= k[rows])
        r, c = np.nonzero(held[rows] & ~was)
        new = np.sort(posts.position[rows[r] * width + c])
    return held


class _Holding:
    """The posts' side of a congestion: each post's run of positions in `order`, the
    proposals it holds (positions, sorted, so each post's are a run) and its cutoff."""

    def __init__(self, post: np.ndarray, quota: np.ndarray, order: np.ndarray):
        small = np.int32 if post.size < 2**31 else np.int64  # halves the two largest arrays
        self.position = np.empty(post.size, small)  # of each alive cell in `order`
        self.position[order] = np.arange(len(order), dtype=small)
        post_sorted = post.reshape(-1)[order]
        self.starts = np.flatnonzero(np.r_[True, post_sorted[1:] != post_sorted[:-1]])
        self.ends = np.r_[self.starts[1:], len(order)]
        self.run = np.repeat(np.arange(len(self.starts), dtype=small), self.ends - self.starts)
        self.room = quota[post_sorted[self.starts]]
        self.cutoff = np.where(self.room > 0, self.ends, self.starts)  # refused from here on
        self.kept = np.zeros(0, np.int64)

    def propose(self, new: np.ndarray) -> np.ndarray:
        """New proposals (positions, sorted) join the held ones; returns the positions
        refused: those past their post's cutoff, and each post's worst past its room."""
        run = self.run[new]
        late = new >= self.cutoff[run]
        self.kept = np.insert(self.kept, np.searchsorted(self.kept, new[~late]), new[~late])
        run = run[~late]  # sorted, as the positions are
        touched = run[np.r_[True, run[1:] != run[:-1]]] if len(run) else run
        first = np.searchsorted(self.kept, self.starts[touched])
        last = np.searchsorted(self.kept, self.ends[touched])
        excess = last - first - self.room[touched]
        over = excess > 0
        dropped = _expand(last[over] - excess[over], excess[over])
        full = excess >= 0  # now holding its room: its worst held is its new cutoff
        self.cutoff[touched[full]] = self.kept[last[full] - excess[full] - 1] + 1
        refused = np.concatenate([new[late], self.kept[dropped]])
        self.kept = np.delete(self.kept, dropped)
        return refused


def best_per_post(score, post, order: np.ndarray, consent: np.ndarray, allowed: np.ndarray):
    """Per post, its `allowed[post]` best cells among consenting veterans' (cell indices)."""
    mine = order[consent[order // score.shape[1]]]
    post_sorted = post.reshape(-1)[mine]
    rank = _rank_in_post(post_sorted, np.ones(len(mine), bool))
    return mine[rank <= allowed[post_sorted]]


def match(
    vets: VeteranTable,
    table: PostTable,
    ref: Reference,
    options: Options,
    *,
    quota: np.ndarray,
    nominate: np.ndarray,
) -> Result:
    """Recommendations and post candidates for one shard. quota and nominate are indexed
    like `table`: how many of this shard's veterans may see the post / be proposed to it."""
    clock = _Clock()
    veterans = prepare_veterans(vets, ref, options.weights)
    deeper = dataclasses.replace(options, depth=options.depth + options.reserve)
    scorer = _scored(veterans, _PreparedPosts(table, ref, options.weights), deeper, clock)
    best, ranked = scorer.best, None
    if options.reserve:
        ranked = best.ranked()
        best = ranked.head(options.depth)
    clock.lap("score")
    result = _settle(veterans, table, ref, options, best, quota, nominate, clock, ranked)
    result.ranked = ranked
    result.pairs_scored = scorer.pairs
    result.phases = clock.laps
    return result


class _PreparedPosts:
    """A PostTable's posts made ready for scoring: by region, and (when a veteran willing to
    move first needs them) all of them for anywhere."""

    def __init__(self, table: PostTable, ref: Reference, weights: np.ndarray):
        self.table, self.ref, self.weights = table, ref, weights
        self.regional = prepare_posts(table, ref, weights)
        self._anywhere = None

    def anywhere(self) -> Posts:
        if self._anywhere is None:
            self._anywhere = prepare_posts(self.table, self.ref, self.weights, anywhere=True)
        return self._anywhere


def _scored(veterans: Veterans, posts: _PreparedPosts, options, clock=None) -> "Scorer":
    """Every candidate pair of these veterans and posts scored; each veteran's best kept."""
    vets, ref = veterans.table, posts.ref
    regional = posts.regional
    group, rows = group_rows(vets, regional, ref)
    movers = np.flatnonzero(vets.relocate)
    movers = movers[np.lexsort((vets.desired_salary[movers], vets.education[movers]))]
    if clock:
        clock.lap("candidates")
    scorer = Scorer(veterans, ref, options)
    for part in np.split(np.arange(len(group)), np.flatnonzero(np.diff(group)) + 1):
        if len(part):
            scorer.group(regional, int(group[part[0]]), rows[part])
    if len(movers):
        scorer.group(posts.anywhere(), 0, movers)
    return scorer


class Lists:
    """Each veteran's candidates, best first by their exact score: the post, the pair (its
    row in the factor arrays), whether congestion refused it yet, and whether it is pinned
    (its post holds it before any other proposal: the coverage pass). The refill appends
    columns to the veterans it finds more posts for."""

    def __init__(self, score, post, pair, values, required, matched):
        self.score, self.post, self.pair = score, post, pair
        self.alive = np.ascontiguousarray(np.isfinite(score))
        self.pinned = np.zeros(score.shape, bool)
        self.parts = [(values, required, matched)]
        self.pairs = len(required)
        self.held = np.zeros(score.shape, bool)

    @classmethod
    def from_best(cls, veterans, table, ref, options, best: "TopK") -> "Lists":
        vi, ci = np.nonzero(np.isfinite(best.score))
        values, required, matched = pair_factors(veterans, table, ref, vi, best.post[vi, ci])
        score = np.full(best.score.shape, -np.inf)
        score[vi, ci] = values @ options.weights
        pair = np.full(best.score.shape, -1)
        pair[vi, ci] = np.arange(len(vi))
        return cls(score, best.post, pair, values, required, matched)._sorted()

    def _sorted(self) -> "Lists":
        order = np.argsort(-self.score, axis=1, kind="stable")
        for name in ("score", "post", "pair", "alive", "pinned", "held"):
            sorted_ = np.take_along_axis(getattr(self, name), order, axis=1)
            setattr(self, name, np.ascontiguousarray(sorted_))
        return self

    def settle(self, quota: np.ndarray, k: int, tiers: int = 0) -> None:
        """Deferred acceptance from where it stands, pinned cells first at their posts;
        with `tiers`, a post then prefers the veterans that rank it higher (first, second,
        ..., the rest alike from `tiers` on), and by score within a tier."""
        self.alive |= self.pinned
        cells = np.flatnonzero(self.alive)
        tier = np.minimum(np.arange(self.score.shape[1]), tiers)[None, :] + 1
        tier = np.where(self.pinned, 0, np.broadcast_to(tier, self.score.shape))
        order = by_post(self.score, self.post, cells, tier)
        self.held = congestion(self.alive, self.post, quota, k, order)

    def room(self, quota: np.ndarray) -> np.ndarray:
        return quota - np.bincount(self.post[self.held], minlength=len(quota))

    def factors(self):
        values, required, matched = zip(*self.parts)
        return np.concatenate(values), np.concatenate(required), np.concatenate(matched)


@dataclass
class Filled:
    """The pairs a fill added (veteran rows of the Veterans it was given, posts of its
    PostTable), with their exact factors."""

    veteran: np.ndarray
    post: np.ndarray
    score: np.ndarray
    values: np.ndarray
    required: np.ndarray
    matched: np.ndarray
    pairs_scored: int = 0
    rounds: int = 0
    from_reserve: int = 0  # pairs taken from the Reserve, before any scoring
    rescore_s: float = 0.0  # of the fill's time, scoring the veterans still short again


@dataclass
class Reserve:
    """The next candidates of a fill's veterans, known without scoring them again: per row,
    posts not listed for the veteran, best first by the tiles' float32 scores (a row with
    fewer ends in -inf scores), and whether they are every post it fits that is not listed
    (`complete`)."""

    post: np.ndarray
    score: np.ndarray
    complete: np.ndarray


def fill(
    veterans: Veterans, table: PostTable, ref, options, *, room, need, listed, reserve=None
) -> Filled:
    """Veterans with `need[i]` places left take posts they fit with `room` left that are not
    `listed` for them yet (sorted keys veteran * len(table) + post), best first, by deferred
    acceptance over the room. With a `reserve`, its posts with room are the first round;
    then, round after round, the veterans still short are scored against the posts still
    with room only, each keeping `refill_depth` new posts, until each is full or has tried
    every fitting post with room (then those posts are full: never short while a post it
    fits has room), or `refill_rounds` are done."""
    state = _Filling(veterans, table, ref, options, room=room, need=need, listed=listed)
    taken, pairs, rounds, rescore_s = 0, 0, 0, 0.0
    if reserve is not None:
        taken = state.take(*_reserved(reserve, state.room, state.done))
        state.done |= reserve.complete  # it saw every post it fits: those refusing are full
    while rounds < options.refill_rounds:
        short, roomy = np.flatnonzero(~state.done), np.flatnonzero(state.room > 0)
        if not len(short) or not len(roomy):
            break
        rounds += 1
        started = time.perf_counter()
        post, score, exhausted, scored = _fresh(
            veterans, table, ref, options, short, roomy, state.listed
        )
        rescore_s += time.perf_counter() - started
        pairs += scored
        state.done[short[exhausted]] = True
        state.take(short, post, score)
    filled = _filled(state.parts, pairs, rounds)
    filled.from_reserve, filled.rescore_s = taken, rescore_s
    return filled


class _Filling:
    """A fill as it goes: the room left on each post, the places each veteran still needs,
    who is done, the pairs listed (sorted keys) and the pairs taken with their factors."""

    def __init__(self, veterans, table, ref, options, *, room, need, listed):
        self.veterans, self.table, self.ref, self.options = veterans, table, ref, options
        self.room, self.need, self.listed = room.copy(), need.copy(), unique(listed)
        self.done, self.parts = self.need <= 0, []

    def take(self, rows, post, score) -> int:
        """Deferred acceptance over the proposals (rows' posts, none listed yet, each row
        best first); they are listed after. Returns the pairs held."""
        r, c = np.nonzero(_accept(rows, post, score, self.room, self.need))
        vi, j = rows[r], post[r, c]
        self.room -= np.bincount(j, minlength=len(self.room))
        self.need -= np.bincount(vi, minlength=len(self.need))
        self.done |= self.need <= 0
        # The round's pairs are distinct and none is listed yet: merged in, not sorted anew.
        ar, ac = np.nonzero(np.isfinite(score))
        fresh = np.sort(rows[ar] * np.int64(len(self.table)) + post[ar, ac])
        self.listed = np.insert(self.listed, np.searchsorted(self.listed, fresh), fresh)
        values, required, matched = pair_factors(self.veterans, self.table, self.ref, vi, j)
        weighted = values @ self.options.weights
        self.parts.append((vi, j, weighted, values, required, matched))
        return len(vi)


def _reserved(reserve: Reserve, room: np.ndarray, done: np.ndarray):
    """The reserve's proposals (rows, posts, scores) of the veterans still short: its
    posts with room, best first."""
    rows = np.flatnonzero(~done)
    post = reserve.post[rows].astype(np.int64)
    score = np.where(room[post.clip(0)] > 0, reserve.score[rows], -np.inf)
    return rows, post, score


def _filled(parts, pairs: int, rounds: int) -> Filled:
    if not parts:
        empty = np.zeros(0, np.int64)
        parts = [(empty, empty, np.zeros(0), np.zeros((0, len(factors.FACTORS))), empty, empty)]
    arrays = [np.concatenate(column) for column in zip(*parts)]
    return Filled(*arrays, pairs_scored=pairs, rounds=rounds)


def _fresh(veterans: Veterans, table, ref, options, short, roomy, listed):
    """The `short` veterans scored against the `roomy` posts: each one's best posts not
    listed yet, best first by their (float32) scores (-inf: none), whether it found them
    all (fewer than it kept), and the pairs scored. It keeps `refill_depth` + k, as up to
    k - 1 of its posts with room may be listed already. Only the pairs a veteran keeps get
    their exact factors. The veterans are scored `refill_chunk` at a time, against the
    posts made ready once: what the scoring holds is one chunk's."""
    depth = options.refill_depth + options.k
    deeper = dataclasses.replace(options, depth=depth)
    prepared = _PreparedPosts(table.take(roomy), ref, options.weights)
    parts, pairs = [], 0
    for start in range(0, len(short), options.refill_chunk):
        rows = short[start : start + options.refill_chunk]
        sub = prepare_veterans(veterans.table.take(rows), ref, options.weights)
        scorer = _scored(sub, prepared, deeper)
        pairs += scorer.pairs
        best = scorer.best.ranked()
        found = np.isfinite(best.score)
        post = roomy[best.post.clip(0)]
        was_listed = member(listed, rows[:, None] * np.int64(len(table)) + post)
        score = np.where(found & ~was_listed, best.score, -np.inf)
        parts.append((post, score, found.sum(axis=1) < depth))
    post, score, exhausted = (np.concatenate(column) for column in zip(*parts))
    return post, score, exhausted, pairs


def _accept(rows, post, score, room, need) -> np.ndarray:
    """Deferred acceptance: row i, veteran rows[i], proposes its posts best first (each
    row sorted, -inf cells none), holding up to need[rows[i]]; each post holds up to its
    room. Returns the held mask."""
    alive = np.isfinite(score)
    if not alive.any():
        return alive
    return congestion(alive, post, room, need[rows], by_post(score, post))


def _cover(lists: Lists, quota: np.ndarray, options: Options) -> tuple[int, float]:
    """Coverage: each veteran should be shown one of its cover cells (`_cover_cells`). Those
    shown none of them after congestion propose, for one post each, among those cells by a
    deferred acceptance of their own, within `cover_share` of each post's quota; what they
    hold is pinned (held before any other proposal) and the congestion goes on, the holders
    they displaced proposing further down. A displaced holder may lose its own cover, so
    the pass runs again for those, `cover_rounds` times at most, and a round that leaves
    fewer veterans covered is undone. The share bounds what the best scores give up.
    Returns (pins, the total held score given up for them)."""
    eligible = _cover_cells(lists, options)
    before = float(lists.score[lists.held].sum())
    limit = np.floor(quota * options.cover_share).astype(np.int64)
    for _ in range(options.cover_rounds):
        shown = (lists.held & eligible).sum(axis=1)
        rows = np.flatnonzero((shown < options.cover_k) & eligible.any(axis=1))
        used = np.bincount(lists.post[lists.pinned], minlength=len(quota))
        score = np.ascontiguousarray(np.where(eligible[rows], lists.score[rows], -np.inf))
        post = np.ascontiguousarray(lists.post[rows])
        want = options.cover_k - shown[rows]
        held = congestion(np.isfinite(score), post, limit - used, want, by_post(score, post))
        r, c = np.nonzero(held)
        if not len(r):
            break
        saved = lists.pinned.copy(), lists.held.copy(), lists.alive.copy()
        lists.pinned[rows[r], c] = True
        lists.settle(quota, options.k, options.tiers)
        if ((lists.held & eligible).sum(axis=1) >= options.cover_k).sum() <= (
            shown >= options.cover_k
        ).sum():
            lists.pinned, lists.held, lists.alive = saved
            break
    pins = int(lists.pinned.sum())
    return pins, before - float(lists.score[lists.held].sum())


def _cover_cells(lists: Lists, options: Options) -> np.ndarray:
    """The candidates a veteran should be shown one of: those in its line of work (the
    post's occupation in the CSCO middle group of a crosswalk link of its specialty), or,
    for a veteran with none on its list, its `cover` best."""
    alive = np.isfinite(lists.score)
    best = np.zeros(alive.shape, bool)
    best[:, : options.cover] = alive[:, : options.cover]
    if not options.cover or not options.cover_work:
        return best
    occupation = lists.factors()[0][lists.pair.clip(0), factors.FACTORS.index("occupation_fit")]
    work = alive & (lists.pair >= 0) & factors.in_line_of_work(occupation)
    return np.where(work.any(axis=1)[:, None], work, best)


def _settle(
    veterans, table: PostTable, ref, options, best, quota, nominate, clock, ranked=None
) -> Result:
    """Exact factors of every kept pair, each veteran's list sorted by them, the posts'
    candidates, congestion with the coverage pass, then the fill (from the reserve past
    the lists first, when `ranked` has one), and ranks."""
    lists = Lists.from_best(veterans, table, ref, options, best)
    depth = lists.score.shape[1]
    values, required, matched = lists.factors()
    cells = by_post(lists.score, lists.post)
    chosen = best_per_post(lists.score, lists.post, cells, veterans.table.discoverable, nominate)
    nominated = lists.pair.reshape(-1)[chosen]
    lists.settle(quota, options.k, options.tiers)
    short = int((lists.held.sum(axis=1) < options.k).sum())
    pins, lost = _cover(lists, quota, options)
    clock.lap("congestion")
    filled = fill(
        veterans,
        table,
        ref,
        options,
        room=lists.room(quota),
        need=options.k - lists.held.sum(axis=1),
        listed=_listed(lists, len(table)),
        reserve=_past_lists(ranked, depth),
    )
    clock.lap("refill")
    result = _ranked(lists, filled)
    result.candidate_post = lists.post.reshape(-1)[chosen]
    result.candidate_veteran = chosen // depth
    result.candidate_score = lists.score.reshape(-1)[chosen]
    result.candidate_factors = values[nominated]
    result.candidate_skills_required = required[nominated]
    result.candidate_skills_matched = matched[nominated]
    result.counts = {
        "pairs_rescored": filled.pairs_scored,
        "short_after_congestion": short,
        "refilled": len(unique(filled.veteran)),
        "pins": pins,
        "score_given_up": round(lost, 4),
        "score_held": round(float(result.score.sum()), 4),
    }
    return result


def _past_lists(ranked: TopK | None, depth: int) -> Reserve | None:
    """The ranked pairs past the lists' `depth`: every post a veteran fits, with its list,
    when the row is not full."""
    if ranked is None:
        return None
    found = np.isfinite(ranked.score[:, -1])
    return Reserve(ranked.post[:, depth:], ranked.score[:, depth:], complete=~found)


def unshown_reserve(result: Result, rows: np.ndarray, n_posts: int, width: int) -> Reserve:
    """For the veterans `rows` of a match: their ranked posts (`result.ranked`, scored past
    what congestion let them see) less the posts they were shown, the first `width`, as a
    rescoring round would keep them, and whether that is every post they fit but were not
    shown. What the swap's fill starts from."""
    post, score = result.ranked.post[rows], result.ranked.score[rows]
    shown = np.sort(result.veteran * np.int64(n_posts) + result.post)
    found = np.isfinite(score)  # a row with fewer candidates ends in -inf cells
    keep = found & ~member(shown, rows[:, None] * np.int64(n_posts) + post)
    column = np.cumsum(keep, axis=1) - 1
    r, c = np.nonzero(keep & (column < width))
    reserve = Reserve(
        post=np.full((len(rows), width), -1, np.int32),
        score=np.full((len(rows), width), -np.inf, np.float32),
        complete=~found[:, -1] & (keep.sum(axis=1) <= width),
    )
    reserve.post[r, column[r, c]] = post[r, c]
    reserve.score[r, column[r, c]] = score[r, c]
    return reserve


def _listed(lists: Lists, n_posts: int) -> np.ndarray:
    """Keys veteran * n_posts + post of every post on a veteran's list."""
    rows, cols = np.nonzero(lists.post >= 0)
    return rows * np.int64(n_posts) + lists.post[rows, cols]


def _ranked(lists: Lists, filled: Filled) -> Result:
    """The held cells and the filled pairs, each veteran's ranked by score."""
    values, required, matched = lists.factors()
    hv, hc = np.nonzero(lists.held)
    pick = lists.pair[hv, hc]
    veteran = np.concatenate([hv, filled.veteran])
    score = np.concatenate([lists.score[hv, hc], filled.score])
    order = np.lexsort((-score, veteran))
    veteran = veteran[order]
    empty = np.zeros(0, np.int64)
    return Result(
        veteran=veteran,
        post=np.concatenate([lists.post[hv, hc], filled.post])[order],
        rank=np.arange(len(veteran)) - np.searchsorted(veteran, veteran, side="left") + 1,
        score=score[order],
        factors=np.concatenate([values[pick], filled.values])[order],
        skills_required=np.concatenate([required[pick], filled.required])[order],
        skills_matched=np.concatenate([matched[pick], filled.matched])[order],
        candidate_post=empty,
        candidate_veteran=empty,
        candidate_score=np.zeros(0),
        candidate_factors=np.zeros((0, len(factors.FACTORS))),
        candidate_skills_required=empty,
        candidate_skills_matched=empty,
    )


class _Clock:
    def __init__(self):
        self.laps, self.last = {}, time.perf_counter()

    def lap(self, name: str) -> None:
        now = time.perf_counter()
        self.laps[name] = self.laps.get(name, 0.0) + now - self.last
        self.last = now
