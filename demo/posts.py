"""Job posts under approved branches: title and CSCO occupation from the catalogue, pay by
city, statuses with coherent dates, required skills, and the agreements they count against."""

from dataclasses import dataclass

import numpy as np

from demo import catalogue
from demo.copying import Const
from demo.generate import DAY, pick, quota
from jobs.models import JobPost

STATUSES = (
    "published",
    "pending",
    "draft",
    "rejected",
    "closed",
    "filled",
    "expired",
    "taken_down",
)
STATUS_SHARES = (68, 8, 5, 3, 5, 5, 5, 1)
# When each status's post was published, in days before the anchor date (low, high).
PUBLISHED_AGO = {
    "published": (1, 150),
    "closed": (60, 300),
    "filled": (60, 400),
    "expired": (120, 400),
    "taken_down": (20, 200),
}
EDUCATION_TEXT = {1: "初中", 2: "高中或中专", 3: "大专", 4: "本科", 5: "硕士研究生"}
# Hires so far, as a share of openings, by status (filled posts are full).
HIRE_RATE = {"published": 0.15, "closed": 0.3, "expired": 0.2}


@dataclass
class Posts:
    ids: np.ndarray
    enterprise: np.ndarray
    city: np.ndarray
    job: np.ndarray  # index into catalogue.JOBS
    status: np.ndarray
    openings: np.ndarray
    hires: np.ndarray  # filled_count: the hired applications the hiring section creates
    published: np.ndarray  # NaT when never published
    deadline: np.ndarray
    is_national: np.ndarray


def load(ctx, orgs) -> Posts:
    rng = ctx.rng("posts")
    branch = draw_branches(ctx, rng, orgs)
    ents, branches = orgs.enterprises, orgs.branches
    enterprise, city = branches.enterprise[branch], branches.city[branch]
    n = len(branch)
    job = draw_jobs(rng, ents.industry[enterprise])
    status = quota(rng, dict(zip(STATUSES, STATUS_SHARES)), n).astype("<U10")
    status[ents.status[enterprise] == "suspended"] = "closed"
    status[ctx.places.last_in_demo_cities(city, status != "closed")] = "pending"  # to review
    openings = draw_openings(rng, job)
    posts = Posts(
        ctx.ids(JobPost, n),
        enterprise,
        city,
        job,
        status,
        openings,
        hires=draw_hires(rng, status, openings),
        published=np.full(n, np.datetime64("NaT"), "datetime64[s]"),
        deadline=np.zeros(n, "datetime64[D]"),
        is_national=(ents.ownership[enterprise] == "central_soe") & (rng.random(n) < 0.15),
    )
    write_posts(ctx, rng, posts, branches.ids[branch], orgs)
    load_required_skills(ctx, rng, posts)
    return posts


def draw_branches(ctx, rng, orgs) -> np.ndarray:
    """The branch of each post: approved branches of approved (or since suspended)
    enterprises, in proportion to the enterprise's size and the city's population."""
    ents, branches = orgs.enterprises, orgs.branches
    open_ = (branches.status == "approved") & np.isin(
        ents.status[branches.enterprise], ("approved", "suspended")
    )
    per_enterprise = np.bincount(branches.enterprise[open_], minlength=len(ents.ids))
    weight = ents.weight[branches.enterprise] / np.maximum(per_enterprise[branches.enterprise], 1)
    weight *= 0.5 + ctx.places.city_weight[branches.city] * len(ctx.places.city_codes)
    weight = np.where(open_, weight, 0)
    return rng.choice(len(weight), size=ctx.scale.posts, p=weight / weight.sum())


def draw_jobs(rng, industries: np.ndarray) -> np.ndarray:
    job = np.zeros(len(industries), np.int64)
    for industry in np.unique(industries):
        fits = [
            i for i, j in enumerate(catalogue.JOBS) if not j.industries or industry in j.industries
        ]
        rows = np.flatnonzero(industries == industry)
        job[rows] = pick(rng, fits, len(rows), [catalogue.JOBS[i].weight for i in fits])
    return job


def draw_openings(rng, job: np.ndarray) -> np.ndarray:
    mass = np.array([j.weight >= 5 for j in catalogue.JOBS])[job]
    openings = rng.geometric(0.45, len(job)) * np.where(mass, rng.integers(1, 5, len(job)), 1)
    return np.minimum(openings, 80)


def draw_hires(rng, status: np.ndarray, openings: np.ndarray) -> np.ndarray:
    rate = np.array([HIRE_RATE.get(s, 0.0) for s in status.tolist()])
    hires = rng.binomial(np.maximum(openings - 1, 0), rate)
    return np.where(status == "filled", openings, hires)


def draw_dates(ctx, rng, posts: Posts) -> dict:
    """Created, submitted, published and deadline, consistent with each post's status."""
    n = len(posts.ids)
    low = np.array([PUBLISHED_AGO.get(s, (0, 0))[0] for s in posts.status.tolist()])
    high = np.array([PUBLISHED_AGO.get(s, (0, 0))[1] for s in posts.status.tolist()])
    was_published = high > 0
    posts.published = np.where(
        was_published, ctx.days_ago(rng.uniform(low, np.maximum(high, 1))), np.datetime64("NaT")
    )
    waiting = rng.uniform(0, 20, n)  # days pending posts have been in the review queue
    submitted = np.where(
        was_published,
        posts.published - (rng.uniform(0.2, 6, n) * DAY).astype("timedelta64[s]"),
        ctx.days_ago(waiting),
    )
    created = submitted - (rng.uniform(0, 5, n) * DAY).astype("timedelta64[s]")
    published_day = ctx.date_of(np.where(was_published, posts.published, ctx.now))
    today = np.datetime64(ctx.today)
    # Expired posts closed before today; the others are open for a week to three months more.
    posts.deadline = np.where(
        posts.status == "expired",
        published_day + np.minimum(rng.integers(30, 120, n), low - 1),
        today + rng.integers(7, 90, n),
    )
    return {
        "created_at": created,
        "submitted_at": np.where(posts.status == "draft", np.datetime64("NaT"), submitted),
        "published_at": posts.published,
    }


def write_posts(ctx, rng, posts: Posts, branch_ids, orgs) -> None:
    n, jobs = len(posts.ids), catalogue.JOBS
    dates = draw_dates(ctx, rng, posts)
    pay = np.array([j.pay for j in jobs])[posts.job] * ctx.places.pay_factor[posts.city]
    salary_min = np.round(pay * rng.uniform(0.85, 1.15, n), -2).astype(np.int64)
    education = np.minimum(
        np.array([j.education for j in jobs])[posts.job] + (rng.random(n) < 0.1), 5
    )
    reviewed = ~np.isin(posts.status, ("draft", "pending"))
    reviewer = orgs.staff.reviewers(rng, ctx.places, posts.city)
    ctx.load(
        JobPost,
        {
            "id": posts.ids,
            "branch_id": branch_ids,
            "agreement_id": link_agreements(rng, posts, orgs.agreements, ctx.places.city_codes),
            "title": [jobs[j].title for j in posts.job],
            "description": [describe(jobs[j], e) for j, e in zip(posts.job, education)],
            "occupation_id": [jobs[j].occupation for j in posts.job],
            "region_id": ctx.places.places_in(ctx.rng("post districts"), posts.city),
            "industry_id": orgs.enterprises.industry[posts.enterprise],
            "is_national": posts.is_national,
            "employment_type": pick(
                rng, ("full_time", "contract", "part_time", "internship"), n, [88, 8, 3, 1]
            ),
            "min_education": education,
            "salary_min": salary_min,
            "salary_max": np.round(salary_min * rng.uniform(1.2, 1.6, n), -2).astype(np.int64),
            "openings": posts.openings,
            "filled_count": posts.hires,
            "deadline": posts.deadline,
            "status": posts.status,
            "decision_reason": decision_reasons(rng, posts.status),
            "reviewed_by_id": np.where(reviewed, reviewer, -1),
            "reviewed_at": np.where(reviewed, dates["submitted_at"] + DAY, np.datetime64("NaT")),
            "created_by_id": orgs.enterprises.admin[posts.enterprise],
            "updated_at": Const(str(ctx.now) + "Z"),
            **dates,
        },
    )


def describe(job: catalogue.Job, education: int) -> str:
    return (
        f"岗位职责：{job.duty}。\n任职要求：{EDUCATION_TEXT[education]}及以上学历，身体健康，"
        "责任心强，持相关职业资格证书者优先。\n待遇：五险一金、带薪年休假，退役军人同等条件下优先录用。"
    )


def decision_reasons(rng, status: np.ndarray) -> np.ndarray:
    reasons = pick(rng, catalogue.POST_REJECTIONS, len(status))
    return np.select(
        [status == "rejected", status == "taken_down"], [reasons, catalogue.TAKE_DOWNS], ""
    )


def link_agreements(rng, posts: Posts, agreements, city_codes) -> np.ndarray:
    """Count posts against their enterprise's active agreements (the ministry's anywhere, a
    bureau's in its region), never beyond what each agreement pledged."""
    agreement = np.full(len(posts.ids), -1, np.int64)
    counts = ~np.isin(posts.status, ("rejected", "taken_down"))
    for a in np.flatnonzero(agreements.status == "active"):
        prefix = agreements.prefix[a]
        rows = np.flatnonzero(
            (posts.enterprise == agreements.enterprise[a]) & counts & (agreement < 0)
        )
        rows = rows[np.char.startswith(city_codes[posts.city[rows]], prefix)]
        rows = rng.permutation(rows)
        budget = agreements.pledged[a] * rng.uniform(0.55, 0.95)
        rows = rows[np.cumsum(posts.openings[rows]) <= budget]
        agreement[rows] = agreements.ids[a]
    return agreement


def load_required_skills(ctx, rng, posts: Posts) -> None:
    """One to three of the skills the post's occupation calls for."""
    post_ids, skill_ids = [], []
    for j, job in enumerate(catalogue.JOBS):
        skills = np.array(ctx.ref.occupation_skills.get(job.occupation, []))
        rows = np.flatnonzero(posts.job == j)
        if not len(skills) or not len(rows):
            continue
        order = np.argsort(rng.random((len(rows), len(skills))), axis=1)
        wanted = rng.integers(1, min(3, len(skills)) + 1, len(rows))
        keep = np.arange(len(skills)) < wanted[:, None]
        post_ids.append(np.repeat(posts.ids[rows], wanted))
        skill_ids.append(skills[order][keep])
    ctx.load(
        JobPost.required_skills.through,
        {
            "jobpost_id": np.concatenate(post_ids),
            "skill_id": np.concatenate(skill_ids),
        },
    )
