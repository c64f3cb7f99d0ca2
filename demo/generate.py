"""Deterministic demo data: the same scale, seed and anchor date give the same rows.

Every section draws from its own numpy generator, seeded with (seed, section name), so a
section's data does not change when another section changes. Dates are relative to the
anchor date (today unless `--today` is given), so a fresh load always has open posts and
follow-ups coming due. Rows go in with COPY, all in one transaction with the marker row.
"""

import datetime
import time
import zlib
from collections import defaultdict
from dataclasses import dataclass, field

import numpy as np
from django.contrib.auth.hashers import make_password
from django.db import transaction
from faker import Faker

from demo import copying
from demo.models import SeedRun
from demo.places import Places
from demo.scales import Scale
from enterprises.models import Agreement, Branch, Enterprise, EnterpriseMember
from jobs.models import (
    Application,
    EventRegistration,
    FollowUp,
    JobPost,
    Placement,
    PostReport,
    RecruitmentEvent,
    Verification,
)
from jobs.search import rebuild_search_documents
from portal.accounts.models import User
from portal.reference.models import Industry, MilitarySpecialty, Occupation, Skill
from veterans.models import (
    Consent,
    Enrolment,
    StatusConfirmation,
    TrainingInstitution,
    TrainingProgramme,
    VeteranProfile,
    VeteranSkill,
)

DEMO_PASSWORD = "Demo2026!"
DAY = np.timedelta64(86_400, "s")


@dataclass
class Reference:
    """The code lists as arrays and maps, read once."""

    industries: list[str]
    skill_ids: dict[str, int]
    occupation_skills: dict[str, list[int]]
    specialty_ids: np.ndarray
    specialty_branches: list[str]
    specialty_skills: dict[int, list[int]]

    @classmethod
    def load(cls) -> "Reference":
        occupation_skills = defaultdict(list)
        for code, skill in Occupation.skills.through.objects.values_list("occupation", "skill"):
            occupation_skills[code].append(skill)
        specialty_skills = defaultdict(list)
        links = MilitarySpecialty.skills.through.objects.values_list("militaryspecialty", "skill")
        for specialty, skill in links.order_by("militaryspecialty", "skill"):
            specialty_skills[specialty].append(skill)
        specialties = list(MilitarySpecialty.objects.order_by("id").values_list("id", "branch"))
        return cls(
            industries=list(Industry.objects.order_by("code").values_list("code", flat=True)),
            skill_ids=dict(Skill.objects.values_list("code", "id")),
            occupation_skills={k: sorted(v) for k, v in occupation_skills.items()},
            specialty_ids=np.array([s[0] for s in specialties]),
            specialty_branches=[s[1] for s in specialties],
            specialty_skills=dict(specialty_skills),
        )


@dataclass
class Context:
    scale: Scale
    seed: int
    today: datetime.date
    places: Places
    ref: Reference
    faker: Faker
    password: str
    counts: dict = field(default_factory=dict)
    _next_ids: dict = field(default_factory=dict)

    def rng(self, section: str) -> np.random.Generator:
        return np.random.default_rng([self.seed, zlib.crc32(section.encode())])

    @property
    def now(self) -> np.datetime64:
        """10:00 in Beijing on the anchor date, in UTC as the database stores it."""
        return np.datetime64(f"{self.today.isoformat()}T02:00:00", "s")

    def days_ago(self, days) -> np.ndarray:
        """Moments `days` (fractions allowed) before now."""
        return self.now - (np.asarray(days) * 86_400).astype("timedelta64[s]")

    def date_of(self, moments: np.ndarray) -> np.ndarray:
        """The Beijing calendar date of UTC moments."""
        return (moments + np.timedelta64(8, "h")).astype("datetime64[D]")

    def ids(self, model, n: int) -> np.ndarray:
        start = self._next_ids.get(model) or copying.next_id(model)
        self._next_ids[model] = start + n
        return np.arange(start, start + n, dtype=np.int64)

    def reset_sequences(self) -> None:
        """Move the id sequences of the tables given explicit ids past the new rows."""
        copying.reset_sequences(self._next_ids)

    def load(self, model, columns: dict) -> None:
        rows = copying.copy_model(model, columns)
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + rows


def pick(rng, choices, n: int, weights=None) -> np.ndarray:
    """`n` draws from `choices` (a sequence), with optional relative weights."""
    p = None if weights is None else np.asarray(weights, float) / np.sum(weights)
    return np.asarray(choices)[rng.choice(len(choices), size=n, p=p)]


def apportion(total: int, weights: np.ndarray) -> np.ndarray:
    """Integers of at least 1, in proportion to `weights`, summing to `total`."""
    share = weights / weights.sum() * max(total - len(weights), 0)
    counts = np.floor(share).astype(np.int64)
    counts[np.argsort(counts - share)[: max(total - len(weights), 0) - counts.sum()]] += 1
    return counts + 1


def quota(rng, shares: dict, n: int) -> np.ndarray:
    """`n` values in the given proportions, shuffled; each value at least once if n allows."""
    if n < len(shares):
        return pick(rng, list(shares), n, list(shares.values()))
    counts = apportion(n, np.array(list(shares.values()), float))
    return rng.permutation(np.repeat(list(shares), counts))


class OtherDemoData(Exception):
    """The database already holds demo data of another scale or seed."""


def seed_demo(*, scale: Scale, seed: int, today: datetime.date, log=print) -> SeedRun | None:
    """Load the demo data set in one transaction; None when it is already there."""
    existing = SeedRun.objects.first()
    if existing is not None:
        if (existing.scale, existing.seed) != (scale.name, seed):
            raise OtherDemoData(existing)
        return None
    started = time.monotonic()
    faker = Faker("zh_CN")
    faker.seed_instance(seed)
    ctx = Context(
        scale, seed, today, Places.load(), Reference.load(), faker, make_password(DEMO_PASSWORD)
    )

    def done(name: str) -> None:
        log(f"  {name:<16} {time.monotonic() - started:6.1f} s")

    with transaction.atomic():
        with copying.keys_and_indexes_built_at_end(loaded_models()):
            load_sections(ctx, done)
        done("keys, indexes")
        run = SeedRun.objects.create(
            scale=scale.name,
            seed=seed,
            anchor_date=today,
            counts=ctx.counts,
            seconds=round(time.monotonic() - started, 1),
        )
    # Fresh statistics, or the planner takes the million-row tables for empty ones.
    copying.analyze(loaded_models())
    done("analyze")
    # After the commit: the search documents are rebuilt in batches of their own.
    rebuild_search_documents()
    done("search index")
    return run


def loaded_models() -> list:
    """The tables seed_demo writes with COPY."""
    return [
        User,
        Enterprise,
        EnterpriseMember,
        Branch,
        Agreement,
        JobPost,
        JobPost.required_skills.through,
        Application,
        Placement,
        FollowUp,
        Verification,
        PostReport,
        RecruitmentEvent,
        RecruitmentEvent.enterprises.through,
        RecruitmentEvent.posts.through,
        EventRegistration,
        VeteranProfile,
        VeteranSkill,
        VeteranProfile.preferred_regions.through,
        VeteranProfile.preferred_industries.through,
        Consent,
        StatusConfirmation,
        TrainingInstitution,
        TrainingProgramme,
        TrainingProgramme.skills.through,
        Enrolment,
    ]


def load_sections(ctx: Context, done) -> None:
    """The sections in dependency order; foreign keys are checked at commit."""
    from demo import hiring, organisations, people, posts, training

    orgs = organisations.load(ctx)
    done("organisations")
    post_set = posts.load(ctx, orgs)
    done("posts")
    veterans = people.build(ctx)
    employed = hiring.load(ctx, orgs, post_set, veterans)
    done("applications")
    trained = training.load(ctx, orgs, post_set, veterans)
    done("training")
    people.write(ctx, veterans, employed, trained)
    done("veterans")
    ctx.reset_sequences()
