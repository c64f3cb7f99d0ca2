"""Planted data for `bench_matching`: veterans and posts with a hidden truth.

Each veteran has a hidden occupation family (a CSCO middle group that military specialties
lead to) and a hidden home city; the visible profile is drawn mostly from them, with noise:
the specialty (75 % from the family), the skills (70 % from the family's pool), the
preferred regions (home city, a second city, the whole province; 10 % moved elsewhere),
the preferred industries and the wished salary. Each post belongs to a family too. The
engine sees only the visible profile; the truth goes to a file for precision@20.

Rows are written with COPY (demo.copying, the demo loader's bulk helpers).
"""

import datetime
from contextlib import contextmanager
from dataclasses import dataclass

import numpy as np
from django.db import connection, transaction
from django.utils import timezone

from demo.copying import Const, copy_model, next_id, reset_sequences
from demo.identifiers import make_credit_code, make_resident_id
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise
from jobs.models import JobPost
from portal.accounts.models import User
from portal.reference.models import MilitarySpecialty, Occupation, Region, SpecialtyOccupation
from veterans.models import Consent, VeteranProfile, VeteranSkill, resident_id_columns

MARK = "bench"  # usernames and enterprise names start with it


@dataclass
class Families:
    occupations: list[np.ndarray]  # Occupation codes per family
    specialties: list[np.ndarray]  # MilitarySpecialty pks per family
    skills: list[np.ndarray]  # Skill pks per family
    occupation_skills: dict  # code -> Skill pks
    industries: np.ndarray  # (families, 2) typical industry codes
    salary: np.ndarray  # base monthly salary per family
    weight: np.ndarray


@dataclass
class Truth:
    veteran_ids: np.ndarray
    veteran_family: np.ndarray
    veteran_province: np.ndarray  # two-digit prefix as int
    veteran_relocate: np.ndarray
    post_ids: np.ndarray
    post_family: np.ndarray
    post_province: np.ndarray
    post_national: np.ndarray

    def save(self, path) -> None:
        np.savez(path, **self.__dict__)

    @classmethod
    def load(cls, path) -> "Truth":
        data = np.load(path)
        return cls(**{name: data[name] for name in cls.__dataclass_fields__})


def families(rng) -> Families:
    links = SpecialtyOccupation.objects.filter(fit=SpecialtyOccupation.Fit.PRIMARY)
    by_family: dict[str, set] = {}
    for spec, code in links.values_list("specialty_id", "occupation_id"):
        by_family.setdefault(code[:4], set()).add(spec)
    skills_of: dict[str, list] = {}
    for code, skill in Occupation.skills.through.objects.values_list("occupation_id", "skill_id"):
        skills_of.setdefault(code, []).append(skill)
    spec_skills: dict[int, list] = {}
    for spec, skill in MilitarySpecialty.skills.through.objects.values_list(
        "militaryspecialty_id", "skill_id"
    ):
        spec_skills.setdefault(spec, []).append(skill)
    names = sorted(f for f in by_family if any(c[:4] == f for c in skills_of))
    occupations = [np.array(sorted(c for c in skills_of if c[:4] == f)) for f in names]
    specialties = [np.array(sorted(by_family[f])) for f in names]
    pools = [
        np.unique(
            [s for c in occ for s in skills_of[c]] + [s for x in sp for s in spec_skills.get(x, [])]
        )
        for occ, sp in zip(occupations, specialties)
    ]
    industry_codes = np.array(sorted("ABCDEFGHIJKLMNOPQRST"))
    return Families(
        occupations=occupations,
        specialties=specialties,
        skills=pools,
        occupation_skills={c: np.array(s) for c, s in skills_of.items()},
        industries=rng.choice(industry_codes, (len(names), 2)),
        salary=rng.choice(np.arange(4000, 12001, 500), len(names)),
        weight=np.array([len(o) + len(s) for o, s in zip(occupations, specialties)], float),
    )


def _cities(rng):
    """City codes and their weights: capitals and municipalities draw more people."""
    cities = Region.objects.filter(level=Region.Level.CITY).order_by("code")
    codes = np.array(list(cities.values_list("code", flat=True)))
    weight = rng.lognormal(0, 0.6, len(codes))
    weight[np.char.endswith(codes, "0100")] *= 4
    return codes, weight / weight.sum()


def generate(*, veterans: int, posts: int, seed: int, log=print) -> Truth:
    """Write the planted data (into an otherwise empty database) and return the truth."""
    rng = np.random.default_rng(seed)
    fam = families(rng)
    cities, city_weight = _cities(rng)
    with transaction.atomic():
        log(f"posts: {posts}")
        post_truth = _posts(rng, fam, cities, city_weight, posts)
        log(f"veterans: {veterans}")
        with _foreign_keys_checked_at_end([VeteranSkill, Consent]):
            vet_truth = _veterans(rng, fam, cities, city_weight, veterans)
        reset_sequences([User, VeteranProfile, JobPost, Enterprise, Branch, Agreement])
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    return Truth(**post_truth, **vet_truth)


@contextmanager
def _foreign_keys_checked_at_end(models):
    """Drop the tables' foreign keys and add them back at the end of the transaction: one
    join per key instead of a deferred check per row."""
    tables = [model._meta.db_table for model in models]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT conrelid::regclass::text, conname, pg_get_constraintdef(oid) FROM pg_constraint"
            " WHERE contype = 'f' AND conrelid = ANY(%s::regclass[])",
            [tables],
        )
        keys = cursor.fetchall()
        for table, name, _ in keys:
            cursor.execute(f'ALTER TABLE {table} DROP CONSTRAINT "{name}"')
    yield
    with connection.cursor() as cursor:
        for table, name, definition in keys:
            cursor.execute(f'ALTER TABLE {table} ADD CONSTRAINT "{name}" {definition}')


def _pick(rng, weight: np.ndarray, n: int) -> np.ndarray:
    return rng.choice(len(weight), n, p=weight / weight.sum())


def _organisations(rng, cities: np.ndarray) -> dict:
    """Enterprises with an approved branch in every city and province (to host posts), a
    third of them under an active agreement."""
    now = timezone.now()
    batch, _ = CooperationBatch.objects.get_or_create(
        number=99, defaults={"name": f"{MARK} batch", "published_on": now.date()}
    )
    n_ent = 40
    first = next_id(Enterprise)
    ent_ids = np.arange(first, first + n_ent)
    copy_model(
        Enterprise,
        {
            "id": ent_ids,
            "name": [f"{MARK} enterprise {i}" for i in range(n_ent)],
            "credit_code": [make_credit_code("110000", 900_000_000 + int(i)) for i in ent_ids],
            "ownership": Const(Enterprise.Ownership.PRIVATE),
            "description": Const(""),
            "website": Const(""),
            "decision_reason": Const(""),
            "industry_id": Const("C"),
            "hq_region_id": Const("110100"),
            "status": Const(Enterprise.Status.APPROVED),
        },
    )
    places = np.concatenate([cities, Region.objects.provinces().values_list("code", flat=True)])
    owner = ent_ids[rng.integers(0, n_ent, len(places))]
    first_branch = next_id(Branch)
    copy_model(
        Branch,
        {
            "id": np.arange(first_branch, first_branch + len(places)),
            "enterprise_id": owner,
            "name": [f"{MARK} branch {code}" for code in places],
            "region_id": places.tolist(),
            "address": Const("-"),
            "contact_name": Const("-"),
            "contact_phone": Const("-"),
            "status": Const(Branch.Status.APPROVED),
            "decision_reason": Const(""),
        },
    )
    signed = ent_ids[: n_ent // 3]
    first_agreement = next_id(Agreement)
    copy_model(
        Agreement,
        {
            "id": np.arange(first_agreement, first_agreement + len(signed)),
            "batch_id": Const(batch.pk),
            "enterprise_id": signed,
            "signatory_level": Const(Agreement.SignatoryLevel.MINISTRY),
            "region_id": Const(None),
            "cooperation_mode": Const(Agreement.CooperationMode.INDUSTRY),
            "pledged_posts": Const(10_000_000),
            "starts_on": Const(now.date() - datetime.timedelta(days=30)),
            "ends_on": Const(now.date() + datetime.timedelta(days=700)),
            "signed_on": Const(now.date() - datetime.timedelta(days=30)),
            "status": Const(Agreement.Status.ACTIVE),
            "termination_reason": Const(""),
        },
    )
    agreement_of = dict(zip(signed.tolist(), range(first_agreement, first_agreement + len(signed))))
    branch_ids = np.arange(first_branch, first_branch + len(places))
    return {"places": places, "branch": branch_ids, "owner": owner, "agreement_of": agreement_of}


def _posts(rng, fam: Families, cities, city_weight, n: int) -> dict:
    org = _organisations(rng, cities)
    family = _pick(rng, fam.weight, n)
    occupation = np.array([rng.choice(fam.occupations[f]) for f in family])
    place = _pick(rng, city_weight, n)
    national = rng.random(n) < 0.01
    province_level = rng.random(n) < 0.02
    place_code = cities[place]
    province_code = np.array([c[:2] + "0000" for c in place_code.tolist()])
    place_code = np.where(province_level, province_code, place_code)
    branch_of = dict(zip(org["places"].tolist(), range(len(org["places"]))))
    branch_index = np.array([branch_of[c] for c in place_code.tolist()])
    typical = rng.random(n) < 0.75
    industry = np.where(
        typical,
        fam.industries[family, rng.integers(0, 2, n)],
        rng.choice(np.array(list("ABCDEFGHIJKLMNOPQRST")), n),
    )
    salary_max = np.round(fam.salary[family] * rng.lognormal(0, 0.25, n) / 500) * 500
    salary_max = salary_max.clip(2500).astype(np.int64)
    owner = org["owner"][branch_index]
    pledged = np.array([org["agreement_of"].get(int(o), -1) for o in owner])
    pledged = np.where(rng.random(n) < 0.7, pledged, -1)
    first = next_id(JobPost)
    ids = np.arange(first, first + n)
    now = timezone.now()
    copy_model(
        JobPost,
        {
            "id": ids,
            "branch_id": org["branch"][branch_index],
            "agreement_id": pledged,
            "title": [f"{MARK} post {i}" for i in range(n)],
            "description": Const(f"{MARK}"),
            "occupation_id": occupation.tolist(),
            "region_id": place_code.tolist(),
            "industry_id": industry.tolist(),
            "is_national": national,
            "min_education": rng.choice([1, 2, 3, 4], n, p=[0.3, 0.35, 0.25, 0.1]),
            "salary_min": (salary_max * 0.7).astype(np.int64),
            "salary_max": salary_max,
            "openings": rng.geometric(0.2, n),  # mean 5: mass hiring posts
            "filled_count": Const(0),
            "deadline": Const(now.date() + datetime.timedelta(days=60)),
            "status": Const(JobPost.Status.PUBLISHED),
            "published_at": Const(now),
            "submitted_at": Const(now),
            "decision_reason": Const(""),
            "updated_at": Const(now),
        },
    )
    _post_skills(rng, fam, ids, family, occupation)
    return {
        "post_ids": ids,
        "post_family": family,
        "post_province": np.array([int(c[:2]) for c in place_code.tolist()]),
        "post_national": national,
    }


def _post_skills(rng, fam: Families, ids, family, occupation) -> None:
    owner, skill = [], []
    for i, (f, code) in enumerate(zip(family.tolist(), occupation.tolist())):
        own = fam.occupation_skills[code]
        take = own if len(own) <= 3 else rng.choice(own, 3, replace=False)
        extra = rng.choice(fam.skills[f], 1) if rng.random() < 0.3 else []
        chosen = np.unique(np.concatenate([take, extra]).astype(np.int64))
        owner.append(np.full(len(chosen), ids[i]))
        skill.append(chosen)
    through = JobPost.required_skills.through
    copy_model(through, {"jobpost_id": np.concatenate(owner), "skill_id": np.concatenate(skill)})


def _veterans(rng, fam: Families, cities, city_weight, n: int) -> dict:
    family = _pick(rng, fam.weight, n)
    home = _pick(rng, city_weight, n)
    first_user = next_id(User)
    user_ids = np.arange(first_user, first_user + n)
    names = [f"{MARK}-v{i}" for i in range(first_user, first_user + n)]
    now = timezone.now()
    copy_model(
        User,
        {
            "id": user_ids,
            "password": Const("!"),
            "username": names,
            "first_name": Const(""),
            "last_name": Const(""),
            "email": [f"{u}@example.com" for u in names],
            "role": Const(User.Role.VETERAN),
            "phone": Const(""),
            "date_joined": Const(now),
            "is_staff": Const(False),
            "is_superuser": Const(False),
            "is_active": Const(True),
        },
    )
    first = next_id(VeteranProfile)
    ids = np.arange(first, first + n)
    specialty = _specialties(rng, fam, family)
    relocate = rng.random(n) < 0.03
    home_code = cities[home]
    born = datetime.date(1965, 1, 1)
    copy_model(
        VeteranProfile,
        {
            "id": ids,
            "user_id": user_ids,
            "full_name": Const("老兵"),
            "phone": Const(""),
            "service_branch": Const(""),
            "rank_category": Const(""),
            **resident_id_columns(
                [
                    make_resident_id(code, born + datetime.timedelta(days=i // 1000), i)
                    for i, code in enumerate(home_code.tolist())
                ]
            ),
            "home_region_id": home_code.tolist(),
            "military_specialty_id": specialty,
            "education": rng.choice([1, 2, 3, 4, 5], n, p=[0.1, 0.42, 0.3, 0.15, 0.03]),
            "desired_salary": np.where(
                rng.random(n) < 0.7,
                (np.round(fam.salary[family] * rng.lognormal(0, 0.2, n) / 500) * 500).astype(
                    np.int64
                ),
                -1,
            ),
            "willing_to_relocate": relocate,
            "seeking_status": np.where(
                rng.random(n) < 0.9,
                VeteranProfile.SeekingStatus.SEEKING,
                VeteranProfile.SeekingStatus.EMPLOYED,
            ).tolist(),
            "created_at": Const(now - datetime.timedelta(days=1)),
            "updated_at": Const(now - datetime.timedelta(days=1)),
        },
    )
    _veteran_skills(rng, fam, ids, family)
    _preferences(rng, fam, ids, family, home, cities, city_weight)
    discoverable = rng.random(n) < 0.5
    # Every profile was made under the consent to the processing of sensitive data (the
    # matching is for those who gave it); half also agreed to be found by enterprises.
    for purpose, users in (
        (Consent.Purpose.SENSITIVE_DATA, user_ids),
        (Consent.Purpose.DISCOVERABLE, user_ids[discoverable]),
    ):
        copy_model(
            Consent,
            {
                "user_id": users,
                "purpose": Const(purpose),
                "version": Const("2025-01"),
                "given_at": Const(now - datetime.timedelta(days=1)),
            },
        )
    return {
        "veteran_ids": ids,
        "veteran_family": family,
        "veteran_province": np.array([int(c[:2]) for c in home_code.tolist()]),
        "veteran_relocate": relocate,
    }


def _specialties(rng, fam: Families, family) -> np.ndarray:
    every = np.concatenate(fam.specialties)
    own = np.array([rng.choice(fam.specialties[f]) for f in family.tolist()])
    noise = rng.random(len(family))
    return np.where(noise < 0.75, own, np.where(noise < 0.9, rng.choice(every, len(family)), -1))


def _veteran_skills(rng, fam: Families, ids, family) -> None:
    every = np.unique(np.concatenate(fam.skills))
    counts = rng.integers(2, 7, len(ids))
    owner = np.repeat(np.arange(len(ids)), counts)
    from_family = rng.random(len(owner)) < 0.7
    pools = fam.skills
    skill = np.where(
        from_family,
        [pools[f][rng.integers(len(pools[f]))] for f in family[owner].tolist()],
        rng.choice(every, len(owner)),
    )
    key = np.unique(owner.astype(np.int64) * (1 << 32) + skill)
    owner, skill = key >> 32, key & 0xFFFFFFFF
    trained = rng.random(len(owner)) < 0.15
    copy_model(
        VeteranSkill,
        {
            "veteran_id": ids[owner],
            "skill_id": skill,
            "source": np.where(
                trained, VeteranSkill.Source.TRAINING, VeteranSkill.Source.DECLARED
            ).tolist(),
            "verified": trained,
        },
    )


def _preferences(rng, fam: Families, ids, family, home, cities, city_weight) -> None:
    n = len(ids)
    kind = rng.random(n)
    # 10 % moved: their wishes centre on another city than the hidden home.
    centre = np.where(rng.random(n) < 0.1, _pick(rng, city_weight, n), home)
    provinces = np.array([c[:2] + "0000" for c in cities.tolist()])
    owner, region = [np.arange(n)], [cities[centre]]
    second = kind < 0.2
    owner.append(np.flatnonzero(second))
    region.append(cities[_pick(rng, city_weight, int(second.sum()))])
    whole = (kind >= 0.2) & (kind < 0.32)
    owner.append(np.flatnonzero(whole))
    region.append(provinces[centre[whole]])
    none = kind >= 0.95  # no preference: the engine falls back to the home city
    owner, region = np.concatenate(owner), np.concatenate(region)
    keep = ~none[owner]
    pairs = {(int(o), r) for o, r in zip(owner[keep].tolist(), region[keep].tolist())}
    through = VeteranProfile.preferred_regions.through
    copy_model(
        through,
        {
            "veteranprofile_id": ids[[o for o, _ in pairs]],
            "region_id": [r for _, r in pairs],
        },
    )
    likes = rng.random(n)
    typical = np.flatnonzero(likes < 0.5)
    other = np.flatnonzero((likes >= 0.5) & (likes < 0.65))
    industries = np.concatenate(
        [fam.industries[family[typical], 0], rng.choice(list("ABCDEFGHIJKLMNOPQRST"), len(other))]
    )
    copy_model(
        VeteranProfile.preferred_industries.through,
        {
            "veteranprofile_id": ids[np.concatenate([typical, other])],
            "industry_id": industries.tolist(),
        },
    )
