"""Veterans: accounts, profiles with service records and valid resident IDs, skills,
preferences and consents. Drawn first (`build`), written last (`write`), once hiring and
training have decided who is employed and who learnt what."""

from dataclasses import dataclass

import numpy as np

from demo.copying import Const
from demo.generate import DAY, pick
from demo.identifiers import make_resident_id
from demo.persons import draw_mobiles, draw_names, load_users
from demo.places import pick_birthplaces
from portal.accounts.models import User
from veterans.models import (
    Consent,
    StatusConfirmation,
    VeteranProfile,
    VeteranSkill,
    resident_id_columns,
)

BRANCHES = tuple(VeteranProfile.ServiceBranch.values)
BRANCH_SHARES = (55, 10, 10, 5, 2, 6, 12)  # per cent, in the order of BRANCHES
NCO_YEARS = (3, 5, 8, 12, 16, 20)
# Education (veterans.models.Education 1-6) by rank category.
EDUCATION_SHARES = {
    "conscript": (10, 45, 30, 15, 0, 0),
    "nco": (8, 45, 35, 12, 0, 0),
    "officer": (0, 0, 8, 72, 18, 2),
}
INDUSTRY_LIKES = {
    "G": 6,
    "L": 5,
    "D": 4,
    "E": 4,
    "C": 4,
    "I": 3,
    "K": 3,
    "J": 2,
    "F": 2,
    "H": 1,
    "N": 1,
    "O": 1,
    "S": 1,
}
CONSENT_VERSION = "2025-01"


@dataclass
class Veterans:
    ids: np.ndarray
    user_ids: np.ndarray
    city: np.ndarray
    province: np.ndarray
    male: np.ndarray
    rank: np.ndarray
    education: np.ndarray
    specialty: np.ndarray  # MilitarySpecialty id, -1 for none
    relocate: np.ndarray
    created: np.ndarray
    service: dict  # the service record's columns, and the birth dates


def build(ctx) -> Veterans:
    rng, n = ctx.rng("veterans"), ctx.scale.veterans
    city = ctx.places.pick_cities(rng, n)
    rank = pick(rng, ("conscript", "nco", "officer"), n, [45, 45, 10])
    education = np.zeros(n, np.int64)
    for kind, shares in EDUCATION_SHARES.items():
        rows = np.flatnonzero(rank == kind)
        education[rows] = pick(rng, range(1, 7), len(rows), shares)
    vets = Veterans(
        ctx.ids(VeteranProfile, n),
        ctx.ids(User, n),
        city,
        ctx.places.city_province[city],
        male=rng.random(n) < 0.92,
        rank=rank,
        education=education,
        specialty=np.full(n, -1),
        relocate=rng.random(n) < 0.35,
        created=np.zeros(n, "datetime64[s]"),
        service={},
    )
    vets.service = draw_service(ctx, rng, vets)
    return vets


def draw_service(ctx, rng, vets: Veterans) -> dict:
    """Branch, years, discharge date, specialty and birth date, consistent with the rank."""
    n = len(vets.ids)
    nco_years = pick(rng, NCO_YEARS, n, [30, 25, 20, 12, 8, 5])
    years = np.where(
        vets.rank == "conscript", 2, np.where(vets.rank == "nco", nco_years, rng.integers(8, 31, n))
    )
    discharge = np.datetime64(ctx.today) - np.clip(rng.exponential(900, n), 20, 4000).astype(int)
    enlisted_age = np.where(vets.rank == "officer", 18, rng.integers(18, 23, n))
    born = discharge - ((years + enlisted_age) * 365.25 + rng.integers(0, 365, n)).astype(int)
    branch = pick(rng, BRANCHES, n, BRANCH_SHARES)
    vets.specialty = draw_specialties(ctx, rng, branch)
    vets.created = np.minimum(
        discharge.astype("datetime64[s]")
        + (rng.uniform(10, 200, n) * DAY).astype("timedelta64[s]"),
        ctx.days_ago(rng.uniform(1, 10, n)),
    )
    return {
        "service_branch": branch,
        "years_of_service": years,
        "discharge_date": discharge,
        "born": born,
    }


def draw_specialties(ctx, rng, branch: np.ndarray) -> np.ndarray:
    """A specialty of the veteran's service branch or one every branch has; a few have none."""
    ref = ctx.ref
    specialty = np.full(len(branch), -1, np.int64)
    for kind in BRANCHES:
        fits = [s for s, b in zip(ref.specialty_ids, ref.specialty_branches) if b in (kind, "any")]
        rows = np.flatnonzero(branch == kind)
        specialty[rows] = pick(rng, fits, len(rows))
    specialty[rng.random(len(branch)) < 0.05] = -1
    return specialty


def resident_ids(ctx, rng, vets: Veterans, born: np.ndarray) -> list[str]:
    """Valid, unique resident IDs: a county code of the home city in use in the birth year,
    the birth date, and a sequence number unique within (county, birth date), odd for men."""
    years = born.astype("datetime64[Y]").astype(int) + 1970
    county = pick_birthplaces(rng, ctx.places.city_codes, vets.city, years)
    keys = county.astype(np.int64) * 100_000 + born.astype(np.int64)
    order = np.argsort(keys, kind="stable")
    first = np.r_[True, keys[order][1:] != keys[order][:-1]]
    rank_sorted = np.arange(len(keys)) - np.maximum.accumulate(
        np.where(first, np.arange(len(keys)), 0)
    )
    rank = np.empty_like(rank_sorted)
    rank[order] = rank_sorted
    serial = rank * 2 + np.where(vets.male, 1, 2)
    return [
        make_resident_id(c, b, s)
        for c, b, s in zip(county.tolist(), born.tolist(), serial.tolist())
    ]


def seeking_status(rng, hired: np.ndarray) -> np.ndarray:
    others = pick(rng, ("seeking", "employed", "not_seeking"), len(hired), [82, 10, 8])
    return np.where(hired, "employed", others)


def write(ctx, vets: Veterans, hired: np.ndarray, trained: tuple) -> None:
    rng = ctx.rng("veteran-profiles")
    n = len(vets.ids)
    service = dict(vets.service)
    last, given = draw_names(rng, n, vets.male)
    phones = draw_mobiles(rng, n)
    usernames = [f"vet{i:07d}" for i in range(1, n + 1)]
    load_users(ctx, vets.user_ids, usernames, "veteran", (last, given), phones, vets.created)
    ctx.load(
        VeteranProfile,
        {
            "id": vets.ids,
            "user_id": vets.user_ids,
            "full_name": [a + b for a, b in zip(last, given)],
            **resident_id_columns(resident_ids(ctx, rng, vets, service.pop("born"))),
            "phone": phones,
            "home_region_id": ctx.places.places_in(ctx.rng("veteran districts"), vets.city),
            **service,
            "rank_category": vets.rank,
            "military_specialty_id": vets.specialty,
            "education": vets.education,
            "desired_salary": (np.clip(rng.normal(7000, 2000, n), 3500, 20000) // 500 * 500).astype(
                int
            ),
            "willing_to_relocate": vets.relocate,
            "seeking_status": seeking_status(rng, hired),
            "created_at": vets.created,
            "updated_at": vets.created,
        },
    )
    load_skills(ctx, rng, vets, trained)
    load_preferences(ctx, rng, vets)
    load_consents(ctx, rng, vets)
    load_status_confirmations(ctx, vets, service["discharge_date"])


def specialty_skill_pairs(ctx, vets: Veterans) -> tuple[np.ndarray, np.ndarray]:
    veteran, skill = [], []
    for specialty, skills in ctx.ref.specialty_skills.items():
        rows = np.flatnonzero(vets.specialty == specialty)
        veteran.append(np.repeat(rows, len(skills)))
        skill.append(np.tile(skills, len(rows)))
    return np.concatenate(veteran), np.concatenate(skill)


def load_skills(ctx, rng, vets: Veterans, trained: tuple) -> None:
    """Skills from completed training (verified), the specialty, and declared ones; a skill
    a veteran has from two sources is kept once, from the first source in that order."""
    n = len(vets.ids)
    from_specialty = specialty_skill_pairs(ctx, vets)
    declared_count = rng.poisson(1.3, n)
    skill_ids = np.array(sorted(ctx.ref.skill_ids.values()))
    declared = (
        np.repeat(np.arange(n), declared_count),
        skill_ids[rng.integers(0, len(skill_ids), declared_count.sum())],
    )
    sources = (("training", trained), ("specialty", from_specialty), ("declared", declared))
    veteran = np.concatenate([pairs[0] for _, pairs in sources])
    skill = np.concatenate([pairs[1] for _, pairs in sources])
    source = np.repeat([name for name, _ in sources], [len(pairs[0]) for _, pairs in sources])
    _, first = np.unique(veteran * 100_000 + skill, return_index=True)
    ctx.load(
        VeteranSkill,
        {
            "veteran_id": vets.ids[veteran[first]],
            "skill_id": skill[first],
            "source": source[first],
            "verified": source[first] == "training",
            "added_at": vets.created[veteran[first]],
        },
    )


def load_preferences(ctx, rng, vets: Veterans) -> None:
    """The home city, often the province's capital, and more cities for those who would move."""
    places, n = ctx.places, len(vets.ids)
    extra = np.where(vets.relocate, rng.integers(1, 4, n), 0)
    veteran = np.concatenate([np.arange(n), np.arange(n), np.repeat(np.arange(n), extra)])
    city = np.concatenate(
        [
            vets.city,
            np.where(rng.random(n) < 0.4, places.capital[vets.province], vets.city),
            places.pick_cities(rng, extra.sum()),
        ]
    )
    _, first = np.unique(veteran * 10_000 + city, return_index=True)
    through = VeteranProfile.preferred_regions.through
    ctx.load(
        through,
        {
            "veteranprofile_id": vets.ids[veteran[first]],
            "region_id": places.city_codes[city[first]],
        },
    )
    count = rng.integers(1, 4, n)
    veteran = np.repeat(np.arange(n), count)
    industry = pick(rng, range(len(INDUSTRY_LIKES)), count.sum(), list(INDUSTRY_LIKES.values()))
    _, first = np.unique(veteran * 100 + industry, return_index=True)
    ctx.load(
        VeteranProfile.preferred_industries.through,
        {
            "veteranprofile_id": vets.ids[veteran[first]],
            "industry_id": np.array(list(INDUSTRY_LIKES))[industry[first]],
        },
    )


def load_consents(ctx, rng, vets: Veterans) -> None:
    """Everyone agreed to the processing of sensitive data; most let enterprises find them."""
    n = len(vets.ids)
    discoverable = np.flatnonzero(rng.random(n) < 0.6)
    withdrawn = rng.random(len(discoverable)) < 0.05
    given = np.concatenate([vets.created, vets.created[discoverable]])
    later = vets.created[discoverable] + (rng.uniform(1, 60, len(discoverable)) * DAY).astype(
        "timedelta64[s]"
    )
    ctx.load(
        Consent,
        {
            "user_id": np.concatenate([vets.user_ids, vets.user_ids[discoverable]]),
            "purpose": np.repeat(["sensitive_data", "discoverable"], [n, len(discoverable)]),
            "version": Const(CONSENT_VERSION),
            "given_at": given,
            "withdrawn_at": np.concatenate(
                [
                    np.full(n, np.datetime64("NaT"), "datetime64[s]"),
                    np.where(withdrawn, np.minimum(later, ctx.now), np.datetime64("NaT")),
                ]
            ),
        },
    )


def load_status_confirmations(ctx, vets: Veterans, discharged: np.ndarray) -> None:
    """About seven in ten veterans confirmed by their city's bureau, most through its
    register, some after an officer checked the certificate (issued on discharge), a few
    days to a few weeks after they signed up; the rest wait in the bureaus' queues."""
    rng = ctx.rng("veteran-status")
    n = len(vets.ids)
    chosen = np.flatnonzero(rng.random(n) < 0.7)
    later = vets.created[chosen] + (rng.uniform(1, 40, len(chosen)) * DAY).astype("timedelta64[s]")
    years = discharged[chosen].astype("datetime64[Y]").astype(int) + 1970
    methods = pick(rng, ["register", "certificate"], len(chosen), weights=[3, 2])
    registers = [
        f"退役军人名册（{code}）.xlsx" for code in ctx.places.city_codes[vets.city[chosen]]
    ]
    ctx.load(
        StatusConfirmation,
        {
            "profile_id": vets.ids[chosen],
            "method": methods,
            "certificate_number": [f"退役字第{y}{i:06d}号" for y, i in zip(years, chosen)],
            "certificate_date": discharged[chosen],
            "region_id": ctx.places.city_codes[vets.city[chosen]],
            "register_file": np.where(methods == "register", registers, ""),
            "confirmed_at": np.minimum(later, ctx.now),
        },
    )
