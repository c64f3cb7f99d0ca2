"""A plain per-pair scorer: Python sets and loops, one pair at a time.

The reference the engine is tested against (same factors, same hard filters), and the
baseline `bench_matching` times. Nothing here is vectorised on purpose.
"""

import heapq
from dataclasses import dataclass

from jobs.matching import factors
from jobs.matching.features import PostTable, Reference, VeteranTable, csr_rows


@dataclass
class Veteran:
    skills: set
    crosswalk: list
    cities: set  # near: wanted or home
    provinces: set
    want_cities: set  # the hard filter's scope
    want_provinces: set
    industries: set
    desired_salary: int
    education: int
    relocate: bool
    home_province: int


@dataclass
class Post:
    city: int | None
    province: int
    national: bool
    skills: set
    occupation: str
    industry: int
    salary_max: int
    min_education: int
    agreement: float  # the bonus (factors.agreement_bonus)
    targets: int  # a regional agreement's target provinces, as bits (0: none)
    agreement_elsewhere: float  # the bonus for veterans from other provinces than those


def veterans_of(table: VeteranTable, ref: Reference) -> list[Veteran]:
    skills = csr_rows(table.skill_ptr, table.skills)
    want_cities = csr_rows(table.want_city_ptr, table.want_city)
    want_provinces = csr_rows(table.want_province_ptr, table.want_province)
    result = []
    for i in range(len(table)):
        cities, provinces = table.location_sets(ref, i)
        spec = int(table.specialty[i])
        mask = int(table.industry_mask[i])
        result.append(
            Veteran(
                skills=set(skills[i]),
                crosswalk=ref.crosswalk[spec] if spec < ref.n_specialties else [],
                cities=cities,
                provinces=provinces,
                want_cities=set(want_cities[i]),
                want_provinces=set(want_provinces[i]),
                industries={b for b in range(len(ref.industry_codes)) if mask >> b & 1},
                desired_salary=int(table.desired_salary[i]),
                education=int(table.education[i]),
                relocate=bool(table.relocate[i]),
                home_province=int(table.home_province[i]),
            )
        )
    return result


def posts_of(table: PostTable, ref: Reference) -> list[Post]:
    skills = csr_rows(table.skill_ptr, table.skills)
    return [
        Post(
            city=int(table.city[j]) if table.city[j] >= 0 else None,
            province=int(table.province[j]),
            national=bool(table.national[j]),
            skills=set(skills[j]),
            occupation=ref.occupation_codes[table.occupation[j]],
            industry=int(table.industry[j]),
            salary_max=int(table.salary_max[j]),
            min_education=int(table.min_education[j]),
            agreement=float(table.agreement[j]),
            targets=int(table.targets[j]),
            agreement_elsewhere=float(table.agreement_elsewhere[j]),
        )
        for j in range(len(table))
    ]


def is_candidate(veteran: Veteran, post: Post) -> bool:
    """The hard filters: education, then the region (or anywhere, or a nationwide post)."""
    if post.min_education > veteran.education:
        return False
    return (
        post.national
        or veteran.relocate
        or post.city in veteran.want_cities
        or post.province in veteran.want_provinces
    )


def pair_factors(veteran: Veteran, post: Post) -> dict[str, float]:
    required = post.skills
    matched = len(required & veteran.skills)
    return {
        "skill_fit": matched / len(required) if required else 1.0,
        "occupation_fit": factors.occupation_fit(veteran.crosswalk, post.occupation),
        "location_fit": factors.location_fit(
            post.city, post.province, veteran.cities, veteran.provinces
        ),
        "industry_fit": 1.0
        if not veteran.industries or post.industry in veteran.industries
        else 0.0,
        "salary_fit": factors.salary_fit(veteran.desired_salary, post.salary_max),
        "education_fit": factors.education_fit(veteran.education, post.min_education),
        "agreement_bonus": post.agreement
        if factors.aims_at(post.targets, veteran.home_province)
        else post.agreement_elsewhere,
    }


def pair_score(veteran: Veteran, post: Post, weights: dict[str, float]) -> float:
    values = pair_factors(veteran, post)
    return sum(weights[name] * value for name, value in values.items())


def recommend(
    veteran: Veteran, posts: list[Post], weights: dict, k: int, candidates=None
) -> list[tuple[float, int]]:
    """The k best (score, post index) of the veteran's candidates, best first."""
    if candidates is None:
        candidates = [j for j, post in enumerate(posts) if is_candidate(veteran, post)]
    scored = ((pair_score(veteran, posts[j], weights), j) for j in candidates)
    return heapq.nlargest(k, scored)
