"""A small population for the matching tests: posts in Beijing, Shanghai and nationwide,
veterans at home in either city, some willing to relocate, half consenting to be found."""

import datetime
import random

import pytest
from django.utils import timezone

from jobs import services
from jobs.matching.features import load_reference
from portal.reference.loading import load_reference_data
from portal.reference.models import MilitarySpecialty, Occupation, Skill
from tests import factories as f
from veterans.models import Consent, VeteranSkill


@pytest.fixture
def ref(db):
    return load_reference()


@pytest.fixture(autouse=True)
def _small_runs(settings):
    settings.MATCHING_SHARDS = 2
    settings.MATCHING_K = 5
    settings.MATCHING_DEPTH = 10
    settings.MATCHING_EXPOSURE_PER_OPENING = 2
    settings.MATCHING_CANDIDATES_PER_POST = 3


def populate(*, veterans: int = 30, posts: int = 24, seed: int = 7) -> dict:
    # A transactional test before this one may have flushed the migration-loaded lists.
    if not Occupation.objects.filter(level="detailed").exists():
        load_reference_data()
    rng = random.Random(seed)
    skills = list(Skill.objects.order_by("pk")[:20])
    occupations = list(Occupation.objects.filter(level="detailed").order_by("code")[:30])
    specialties = list(MilitarySpecialty.objects.order_by("pk")[:10])
    places = [f.region(f.CITY_X), f.region(f.CITY_Y)]
    enterprise = f.EnterpriseFactory()
    branches = [f.BranchFactory(enterprise=enterprise, region=place) for place in places]
    made_posts = []
    for i in range(posts):
        salary = rng.choice([4000, 6000, 9000])
        post = f.JobPostFactory(
            branch=branches[i % 2],
            occupation=rng.choice(occupations),
            is_national=i % 7 == 0,
            min_education=rng.choice([1, 2, 3]),
            salary_min=salary // 2,
            salary_max=salary,
            openings=rng.choice([1, 2]),
        )
        post.required_skills.set(rng.sample(skills, rng.randint(0, 3)))
        made_posts.append(post)
    made_veterans = []
    for i in range(veterans):
        vet = f.VeteranProfileFactory(
            home_region=places[i % 2],
            education=rng.choice([1, 2, 3, 4]),
            military_specialty=rng.choice(specialties + [None]),
            desired_salary=rng.choice([None, 5000, 8000]),
            willing_to_relocate=i % 5 == 0,
        )
        for skill in rng.sample(skills, rng.randint(0, 5)):
            VeteranSkill.objects.create(veteran=vet, skill=skill)
        if i % 3 == 0:
            vet.preferred_regions.set([places[(i + 1) % 2]])
        if i % 2 == 0:
            f.ConsentFactory(user=vet.user, purpose=Consent.Purpose.DISCOVERABLE)
        made_veterans.append(vet)
    # Profiles edited after a run starts wait for the next run; these are older.
    past = timezone.now() - datetime.timedelta(minutes=5)
    type(made_veterans[0]).objects.update(updated_at=past)
    return {"posts": made_posts, "veterans": made_veterans}


@pytest.fixture
def population(db):
    return populate()


@pytest.fixture
def run_now(django_capture_on_commit_callbacks):
    """Start a run and let eager Celery do its shards and swap; returns the run, reloaded."""

    def run():
        with django_capture_on_commit_callbacks(execute=True):
            started = services.matching_run_start()
        started.refresh_from_db()
        return started

    return run
