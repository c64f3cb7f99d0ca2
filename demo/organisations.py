"""Cooperation batches, ministry and bureau staff, enterprises with their members and
branches, and the agreements that pledge posts."""

import datetime
from dataclasses import dataclass

import numpy as np

from demo import catalogue
from demo.copying import Const
from demo.generate import DAY, apportion, pick, quota
from demo.identifiers import make_credit_code
from demo.persons import draw_mobiles, draw_names, load_users
from demo.places import short_name
from enterprises.models import Agreement, Branch, CooperationBatch, Enterprise, EnterpriseMember
from portal.accounts.models import User

OWNERSHIPS = ("central_soe", "financial", "local_soe", "private")
BATCH_AGES = (1200, 640, 210)  # days since each batch was published
BATCH_PLEDGES = (56_000, 83_000, 124_000)  # posts pledged by each batch at full scale
CENTRAL_INDUSTRIES = {
    "B": 2,
    "C": 3,
    "D": 3,
    "E": 3,
    "F": 1,
    "G": 3,
    "H": 1,
    "I": 2,
    "K": 1,
    "L": 1,
    "N": 1,
}
NUMERALS = "一二三"


@dataclass
class Staff:
    ministry: np.ndarray  # user ids
    province_bureau: np.ndarray  # user id per province index
    city_bureau: np.ndarray  # user id per city index

    def reviewers(self, rng, places, cities: np.ndarray) -> np.ndarray:
        """The bureau user who acted on something in each city: the city's or its province's."""
        city_level = rng.random(len(cities)) < 0.5
        provincial = self.province_bureau[places.city_province[cities]]
        return np.where(city_level, self.city_bureau[cities], provincial)


@dataclass
class Enterprises:
    ids: np.ndarray
    ownership: np.ndarray
    industry: np.ndarray
    status: np.ndarray
    hq: np.ndarray  # city index
    batch: np.ndarray  # 1-3 for members of a published batch, else 0
    names: list[str]
    weight: np.ndarray  # relative number of posts
    admin: np.ndarray  # user id of the admin member
    reviewed: np.ndarray  # when the enterprise was approved (or rejected)


@dataclass
class Branches:
    ids: np.ndarray
    enterprise: np.ndarray  # index into Enterprises
    city: np.ndarray
    status: np.ndarray
    created: np.ndarray


@dataclass
class Agreements:
    ids: np.ndarray
    enterprise: np.ndarray
    prefix: list[str]  # region code prefix a post must have to count; "" for the ministry
    pledged: np.ndarray
    status: np.ndarray
    batch: np.ndarray  # 1-3


@dataclass
class Orgs:
    staff: Staff
    enterprises: Enterprises
    branches: Branches
    agreements: Agreements


def load(ctx) -> Orgs:
    staff = load_staff(ctx)
    enterprises = load_enterprises(ctx, staff)
    branches = load_branches(ctx, enterprises, staff)
    batch_ids = ctx.ids(CooperationBatch, 3)
    published = [ctx.today - datetime.timedelta(days=age) for age in BATCH_AGES]
    agreements = load_agreements(ctx, enterprises, branches, batch_ids, published)
    load_batches(ctx, batch_ids, published, enterprises, agreements)
    return Orgs(staff, enterprises, branches, agreements)


def load_staff(ctx) -> Staff:
    """Three ministry officers, and one officer per provincial and city bureau."""
    places, rng = ctx.places, ctx.rng("staff")
    regions = places.province_codes + places.city_codes.tolist()
    ministry = load_officers(ctx, rng, [f"ministry{i:02d}" for i in (1, 2, 3)], "ministry", None)
    bureau = load_officers(ctx, rng, [f"bureau{code}" for code in regions], "bureau", regions)
    provinces = len(places.province_codes)
    return Staff(ministry, bureau[:provinces], bureau[provinces:])


def load_officers(ctx, rng, usernames: list[str], role: str, regions) -> np.ndarray:
    n = len(usernames)
    ids = ctx.ids(User, n)
    names = draw_names(rng, n, rng.random(n) < 0.7)
    joined = ctx.days_ago(np.full(n, 1400))
    load_users(ctx, ids, usernames, role, names, draw_mobiles(rng, n), joined, regions=regions)
    return ids


def draw_enterprise_kinds(ctx, rng) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(batch, ownership, status): the first enterprises are the batches' members."""
    n, members = ctx.scale.enterprises, ctx.scale.batch_members
    batch = np.zeros(n, int)
    batch[: sum(members)] = np.repeat([1, 2, 3], members)
    ownership = np.where(
        batch > 0,
        pick(rng, OWNERSHIPS, n, [45, 15, 20, 20]),
        pick(rng, OWNERSHIPS, n, [10, 10, 30, 50]),
    )
    status = np.full(n, "approved", "<U9")
    others = batch == 0
    shares = {"approved": 78, "applied": 12, "rejected": 5, "suspended": 5}
    status[others] = quota(rng, shares, others.sum())
    return batch, ownership, status


def draw_headquarters(ctx, rng, ownership: np.ndarray) -> np.ndarray:
    places = ctx.places
    codes = places.city_codes.tolist()
    big = [codes.index(c) for c in ("110100", "310100", "440300", "440100")]
    hq = places.pick_cities(rng, len(ownership))
    central = pick(rng, big, len(ownership), [70, 15, 10, 5])
    financial = pick(rng, big, len(ownership), [45, 30, 20, 5])
    provinces = places.city_province[hq]
    local = np.where(rng.random(len(ownership)) < 0.7, places.capital[provinces], hq)
    choices = {"central_soe": central, "financial": financial, "local_soe": local}
    for kind, cities in choices.items():
        hq = np.where(ownership == kind, cities, hq)
    return hq


def name_enterprise(rng, ownership: str, city: str, province: str, retry: bool) -> tuple[str, str]:
    """(name, GB/T 4754 section) of one enterprise; `retry` after the name was taken."""
    brand = "".join(rng.choice(list(catalogue.BRAND_CHARACTERS), size=2, replace=False))
    if ownership == "central_soe":
        industry = str(pick(rng, list(CENTRAL_INDUSTRIES), 1, list(CENTRAL_INDUSTRIES.values()))[0])
        word = rng.choice(catalogue.GROUP_WORDS[industry])
        return f"中国{brand}{word}集团有限公司", industry
    if ownership == "financial":
        pattern = rng.choice(catalogue.FINANCE_NAMES)
        return pattern.format(short_name(city) if "农村" in pattern and not retry else brand), "J"
    if ownership == "local_soe":
        word = rng.choice(list(catalogue.LOCAL_GROUPS))
        owner = short_name(city if retry or rng.random() < 0.5 else province)
        return f"{owner}{brand if retry else ''}{word}集团有限公司", catalogue.LOCAL_GROUPS[word]
    industry = str(rng.choice(list(catalogue.COMPANY_WORDS)))
    word = rng.choice(catalogue.COMPANY_WORDS[industry])
    suffix = "股份有限公司" if rng.random() < 0.2 else "有限公司"
    return f"{short_name(city)}{brand}{word}{suffix}", industry


def draw_enterprise_names(ctx, rng, ownership, hq) -> tuple[list[str], np.ndarray]:
    places, seen, names, industries = ctx.places, set(), [], []
    for kind, city in zip(ownership.tolist(), hq.tolist()):
        place = (places.city_names[city], places.province_names[places.city_province[city]])
        name, industry = name_enterprise(rng, kind, *place, retry=False)
        while name in seen:  # a province's or city's own groups are few
            name, industry = name_enterprise(rng, kind, *place, retry=True)
        seen.add(name)
        names.append(name)
        industries.append(industry)
    return names, np.array(industries)


def load_enterprises(ctx, staff: Staff) -> Enterprises:
    rng = ctx.rng("enterprises")
    batch, ownership, status = draw_enterprise_kinds(ctx, rng)
    hq = draw_headquarters(ctx, rng, ownership)
    # The last applicants wait for their review in the demo bureaus' cities.
    waiting = np.flatnonzero(batch == 0)[-len(ctx.places.demo_cities) :]
    status[waiting], hq[waiting] = "applied", ctx.places.demo_cities[-len(waiting) :]
    names, industry = draw_enterprise_names(ctx, rng, ownership, hq)
    n = len(names)
    weight = rng.lognormal(0, 0.6, n) * np.where(batch > 0, 4.0, 1.0)
    weight *= np.select([ownership == "central_soe", ownership == "private"], [2.5, 0.5], 1.0)
    enterprises = Enterprises(
        ctx.ids(Enterprise, n),
        ownership,
        industry,
        status,
        hq,
        batch,
        names,
        weight,
        admin=np.zeros(n, np.int64),
        reviewed=np.zeros(n, "datetime64[s]"),
    )
    write_enterprises(ctx, rng, enterprises, staff)
    enterprises.admin = load_members(ctx, enterprises)
    return enterprises


def write_enterprises(ctx, rng, ents: Enterprises, staff: Staff) -> None:
    n, places = len(ents.ids), ctx.places
    # On the portal for over a year (a batch's members since before it), but for applicants.
    age = np.maximum(
        rng.uniform(450, 1400, n), np.take([0, *BATCH_AGES], ents.batch) + rng.uniform(60, 300, n)
    )
    created = ctx.days_ago(np.where(ents.status == "applied", rng.uniform(0, 25, n), age))
    ents.reviewed = created + (rng.uniform(2, 20, n) * DAY).astype("timedelta64[s]")
    bureau = staff.province_bureau[places.city_province[ents.hq]]
    reviewer = np.where(ents.ownership == "central_soe", staff.ministry[0], bureau)
    pending = ents.status == "applied"
    reasons = {
        "rejected": catalogue.ENTERPRISE_REJECTIONS[0],
        "suspended": catalogue.SUSPENSIONS[0],
    }
    ctx.load(
        Enterprise,
        {
            "id": ents.ids,
            "name": ents.names,
            "credit_code": [
                make_credit_code(places.city_codes[city], int(serial))
                for city, serial in zip(ents.hq, rng.choice(10**9, size=n, replace=False))
            ],
            "ownership": ents.ownership,
            "industry_id": ents.industry,
            "hq_region_id": places.city_codes[ents.hq],
            "description": [describe(name, kind) for name, kind in zip(ents.names, ents.ownership)],
            "website": Const(""),
            "status": ents.status,
            "decision_reason": [reasons.get(s, "") for s in ents.status.tolist()],
            "reviewed_by_id": np.where(pending, -1, reviewer),
            "reviewed_at": np.where(pending, np.datetime64("NaT"), ents.reviewed),
            "created_at": created,
        },
    )


def describe(name: str, ownership: str) -> str:
    kind = {"central_soe": "中央企业", "financial": "金融机构", "local_soe": "地方国有企业"}
    return f"{name}是一家{kind.get(ownership, '民营企业')}，积极吸纳退役军人就业，为退役军人提供适岗培训和职业发展通道。"


def load_members(ctx, ents: Enterprises) -> np.ndarray:
    """An admin for every enterprise (the registering user), recruiters for batch members."""
    rng = ctx.rng("members")
    recruiters = np.where(ents.batch > 0, rng.integers(1, 4, len(ents.ids)), 0)
    enterprise = np.concatenate(
        [np.arange(len(ents.ids)), np.repeat(np.arange(len(ents.ids)), recruiters)]
    )
    n = len(enterprise)
    ids = ctx.ids(User, n)
    joined = ctx.days_ago(rng.uniform(0, 30, n) + 30)
    load_users(
        ctx,
        ids,
        [f"hr{i:05d}" for i in range(1, n + 1)],
        "enterprise",
        draw_names(rng, n, rng.random(n) < 0.5),
        draw_mobiles(rng, n),
        joined,
    )
    roles = np.where(np.arange(n) < len(ents.ids), "admin", "recruiter")
    ctx.load(
        EnterpriseMember,
        {
            "enterprise_id": ents.ids[enterprise],
            "user_id": ids,
            "role": roles,
            "joined_at": joined,
        },
    )
    return ids[: len(ents.ids)]


def branch_count(rng, ownership: str, factor: float) -> int:
    mean = {"central_soe": 25, "financial": 15, "local_soe": 4, "private": 2}[ownership]
    scaled = mean * (factor if mean > 4 else 1)
    return max(1, round(rng.lognormal(np.log(scaled), 0.5)))


def draw_branch_cities(ctx, rng, ents: Enterprises) -> tuple[np.ndarray, np.ndarray]:
    """(enterprise index, city index) of each branch: the HQ city first, the rest weighted
    by population, nationwide for national enterprises and mostly at home for the others."""
    places, owners, cities = ctx.places, [], []
    for i in np.flatnonzero(np.isin(ents.status, ("approved", "suspended"))):
        k = branch_count(rng, ents.ownership[i], ctx.scale.branch_factor)
        weight = places.city_weight.copy()
        weight[places.demo_cities] *= 30  # most national enterprises are there
        if ents.ownership[i] in ("local_soe", "private"):
            home = places.city_province == places.city_province[ents.hq[i]]
            weight = np.where(home, weight * 50, weight)
        weight[ents.hq[i]] = 0
        k = min(k - 1, np.count_nonzero(weight))
        others = rng.choice(len(weight), size=k, replace=False, p=weight / weight.sum())
        cities.extend([ents.hq[i], *others])
        owners.extend([i] * (k + 1))
    return np.array(owners), np.array(cities)


def load_branches(ctx, ents: Enterprises, staff: Staff) -> Branches:
    rng, places = ctx.rng("branches"), ctx.places
    owner, city = draw_branch_cities(ctx, rng, ents)
    n = len(owner)
    status = pick(rng, ("approved", "pending", "rejected"), n, [93, 5, 2])
    status[places.last_in_demo_cities(city)] = "pending"  # a review waits in each
    created = ents.reviewed[owner] + (rng.uniform(1, 10, n) * DAY).astype("timedelta64[s]")
    # A pending branch was submitted lately: reviews take days, not a year.
    created = np.where(status == "pending", ctx.days_ago(rng.uniform(0.5, 12, n)), created)
    streets = [ctx.faker.street_name() for _ in range(200)]
    branches = Branches(ctx.ids(Branch, n), owner, city, status, created)
    ctx.load(
        Branch,
        {
            "id": branches.ids,
            "enterprise_id": ents.ids[owner],
            "name": [branch_name(ents.names[e], places.city_names[c]) for e, c in zip(owner, city)],
            "region_id": places.city_codes[city],
            "address": [
                f"{places.city_names[c]}{streets[s]}{num}号"
                for c, s, num in zip(city, rng.integers(0, 200, n), rng.integers(1, 999, n))
            ],
            "contact_name": [a + b for a, b in zip(*draw_names(rng, n, rng.random(n) < 0.5))],
            "contact_phone": draw_mobiles(rng, n),
            "status": status,
            "decision_reason": np.where(status == "rejected", catalogue.BRANCH_REJECTIONS[0], ""),
            "reviewed_by_id": np.where(status == "pending", -1, staff.reviewers(rng, places, city)),
            "reviewed_at": np.where(status == "pending", np.datetime64("NaT"), created + 3 * DAY),
            "created_at": created,
        },
    )
    return branches


def branch_name(enterprise: str, city: str) -> str:
    stem = enterprise
    for suffix in ("集团有限公司", "股份有限公司", "有限公司"):
        stem = stem.removesuffix(suffix)
    return f"{stem}{short_name(city)}{'分行' if stem.endswith('银行') else '分公司'}"


def draw_local_agreements(ctx, rng, ents: Enterprises, branches: Branches):
    """(enterprise, region code, level) of agreements signed by provincial and city bureaus
    with enterprises that have an approved branch in their region."""
    approved = np.flatnonzero(branches.status == "approved")
    chosen = rng.choice(
        approved, size=min(len(approved), max(2, len(ents.ids) // 4)), replace=False
    )
    seen, rows = set(), []
    for b in sorted(chosen.tolist()):
        city = ctx.places.city_codes[branches.city[b]]
        level = "city" if rng.random() < 0.2 else "province"
        region = city if level == "city" else city[:2] + "0000"
        if (branches.enterprise[b], region) not in seen:
            seen.add((branches.enterprise[b], region))
            rows.append((branches.enterprise[b], region, level))
    return rows


def load_agreements(ctx, ents: Enterprises, branches: Branches, batch_ids, published):
    rng = ctx.rng("agreements")
    national = np.flatnonzero(ents.batch > 0)
    local = draw_local_agreements(ctx, rng, ents, branches)
    n_national, n = len(national), len(national) + len(local)
    enterprise = np.concatenate([national, [row[0] for row in local]]).astype(np.int64)
    batch = np.concatenate([ents.batch[national], pick(rng, (2, 3), len(local), [3, 7])])
    pledged = np.concatenate(
        [
            national_pledges(ctx, rng, ents, national),
            np.maximum(
                3, rng.lognormal(np.log(300), 0.5, len(local)) * ctx.scale.pledge_factor
            ).astype(np.int64),
        ]
    )
    status = agreement_statuses(rng, batch, n_national, n)
    level = ["ministry"] * n_national + [row[2] for row in local]
    region = [None] * n_national + [row[1] for row in local]
    ids = write_agreements(
        ctx,
        rng,
        {
            "batch_id": batch_ids[batch - 1],
            "enterprise_id": ents.ids[enterprise],
            "signatory_level": level,
            "region_id": region,
            "pledged_posts": pledged,
            "status": status,
        },
        [published[b - 1] for b in batch],
    )
    prefixes = ["" if r is None else (r[:2] if r.endswith("0000") else r[:4]) for r in region]
    return Agreements(ids, enterprise, prefixes, pledged, status, batch)


def national_pledges(ctx, rng, ents: Enterprises, national: np.ndarray) -> np.ndarray:
    pledged = np.zeros(len(national), np.int64)
    for number, total in enumerate(BATCH_PLEDGES, start=1):
        members = ents.batch[national] == number
        weights = rng.lognormal(0, 0.7, members.sum()) * ents.weight[national][members]
        pledged[members] = apportion(round(total * ctx.scale.pledge_factor), weights)
    return pledged


def agreement_statuses(rng, batch, n_national: int, n: int) -> np.ndarray:
    """The first batch's three-year terms are over; a few agreements were terminated."""
    status = np.where(batch == 1, "expired", "active").astype("<U10")
    status[n_national:] = pick(
        rng, ("active", "signed", "draft", "terminated"), n - n_national, [75, 10, 10, 5]
    )
    terminated = rng.random(n_national) < 0.03
    status[:n_national][terminated] = "terminated"
    return status


def write_agreements(ctx, rng, columns: dict, published: list) -> np.ndarray:
    n = len(columns["status"])
    starts = np.array(published, dtype="datetime64[D]") + rng.integers(0, 30, n)
    signed = starts - rng.integers(1, 15, n)
    status = columns["status"]
    ids = ctx.ids(Agreement, n)
    modes = pick(rng, ("industry", "training", "service", "regional"), n, [45, 20, 20, 15])
    ctx.load(
        Agreement,
        {
            "id": ids,
            **columns,
            "cooperation_mode": modes,
            "target_provinces": _target_provinces(modes),
            "starts_on": starts,
            "ends_on": starts + np.timedelta64(3 * 365, "D"),
            "signed_on": np.where(status == "draft", np.datetime64("NaT"), signed),
            "termination_reason": np.where(status == "terminated", catalogue.TERMINATIONS[0], ""),
            "created_at": (signed - 20).astype("datetime64[s]"),
        },
    )
    return ids


# Regional cooperation aims posts at veterans of the provinces that send many recruits.
TARGETS = ("{410000}", "{370000,410000}", "{510000}", "{430000,510000}", "{360000}")


def _target_provinces(modes: np.ndarray) -> np.ndarray:
    """Target provinces (PostgreSQL array literals) for the regional agreements, drawn from
    a generator of their own so that the rest of the demo data stays as it was."""
    own = np.random.default_rng(len(modes))
    return np.where(modes == "regional", pick(own, TARGETS, len(modes)), "{}")


def load_batches(ctx, ids, published, ents: Enterprises, agreements: Agreements) -> None:
    for number, (batch_id, day) in enumerate(zip(ids, published), start=1):
        # What the public batch page counts (enterprises.selectors.announced_agreements):
        # the batch's signed, active or expired agreements of approved enterprises, the
        # ministry's and the bureaus' alike.
        announced = (
            (agreements.batch == number)
            & np.isin(agreements.status, ("signed", "active", "expired"))
            & (ents.status[agreements.enterprise] == "approved")
        )
        members = len(np.unique(agreements.enterprise[announced]))
        posts = int(agreements.pledged[announced].sum())
        CooperationBatch.objects.create(
            id=int(batch_id),
            number=number,
            published_on=day,
            released_on=day,
            name=f"第{NUMERALS[number - 1]}批退役军人就业合作企业",
            description=(
                f"退役军人事务部会同有关部门，从受邀的国有企业、金融机构和民营企业中，综合考虑企业实力、"
                f"行业影响、地域覆盖和岗位质量，遴选确定第{NUMERALS[number - 1]}批退役军人就业合作企业"
                f"{members}家，共承诺提供就业岗位{posts:,}个。"
            ),
        )
    ctx.counts["enterprises.CooperationBatch"] = 3
