"""Random posts and veterans as arrays, straight from the reference data (no database rows),
for comparing the engine with the naive scorer."""

import numpy as np

from jobs.matching import factors
from jobs.matching.features import PostTable, Reference, VeteranTable, csr


def _lists(rng, n: int, low: int, high: int, choices: np.ndarray):
    counts = rng.integers(low, high + 1, n)
    owner = np.repeat(np.arange(n), counts)
    return csr(owner, rng.choice(choices, counts.sum()), n)


def random_posts(rng, ref: Reference, n: int) -> PostTable:
    cities = rng.integers(-1, ref.n_cities, n) if ref.n_cities else np.full(n, -1)
    # Keep to a few provinces so that the regional filters find something.
    cities = np.where(cities >= 0, cities % 12, -1)
    province = np.where(
        cities >= 0, ref.city_province[cities.clip(0)], rng.integers(0, 3, n)
    ).astype(np.int32)
    skill_ptr, skills = _lists(rng, n, 0, 5, np.arange(min(ref.n_skills, 40)))
    detailed = np.array([i for i, c in enumerate(ref.occupation_codes) if len(c) > 7])
    agreement, commended = rng.random(n) < 0.3, rng.random(n) < 0.1
    # Some posts under an agreement are aimed at veterans from one or two of the few
    # provinces the veterans come from (regional cooperation).
    targets = np.where(
        agreement & (rng.random(n) < 0.5),
        (1 << rng.integers(0, 3, n)) | (1 << rng.integers(0, 6, n)),
        0,
    ).astype(np.int64)
    return PostTable(
        ids=np.arange(1, n + 1, dtype=np.int64),
        city=cities.astype(np.int32),
        province=province,
        national=rng.random(n) < 0.1,
        occupation=rng.choice(detailed[:200], n).astype(np.int32),
        industry=rng.integers(0, len(ref.industry_codes), n).astype(np.int32),
        salary_max=rng.choice(np.arange(3000, 16000, 500), n).astype(np.int64),
        min_education=rng.integers(1, 5, n).astype(np.int32),
        openings_left=rng.integers(1, 4, n).astype(np.int64),
        agreement=factors.agreement_bonuses(agreement, commended),
        targets=targets,
        agreement_elsewhere=np.where(
            targets != 0,
            factors.agreement_bonuses(agreement, commended, elsewhere=True),
            factors.agreement_bonuses(agreement, commended),
        ),
        skill_ptr=skill_ptr,
        skills=skills,
    )


def random_veterans(rng, ref: Reference, n: int) -> VeteranTable:
    home = rng.integers(0, 12, n).astype(np.int32)
    skill_ptr, skills = _lists(rng, n, 0, 10, np.arange(min(ref.n_skills, 40)))
    city_ptr, want_city = _lists(rng, n, 0, 2, np.arange(12))
    prov_ptr, want_prov = _lists(rng, n, 0, 1, np.arange(3))
    # No wanted region at all: the home city is the scope (as features._wanted does).
    empty = (np.diff(city_ptr) == 0) & (np.diff(prov_ptr) == 0)
    owner = np.concatenate([np.repeat(np.arange(n), np.diff(city_ptr)), np.flatnonzero(empty)])
    city_ptr, want_city = csr(owner, np.concatenate([want_city, home[empty]]), n)
    return VeteranTable(
        ids=np.arange(1, n + 1, dtype=np.int64),
        home_city=home,
        home_province=ref.city_province[home].astype(np.int32),
        education=rng.integers(1, 7, n).astype(np.int32),
        specialty=rng.integers(0, ref.n_specialties + 1, n).astype(np.int32),
        desired_salary=rng.choice([0, 4000, 5500, 8000, 12000], n).astype(np.int64),
        relocate=rng.random(n) < 0.1,
        discoverable=rng.random(n) < 0.5,
        industry_mask=np.where(rng.random(n) < 0.4, 0, rng.integers(1, 1 << 20, n)),
        skill_ptr=skill_ptr,
        skills=skills,
        want_city_ptr=city_ptr,
        want_city=want_city,
        want_province_ptr=prov_ptr,
        want_province=want_prov,
    )
