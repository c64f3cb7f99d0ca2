"""Issue #7 end to end in Chromium: a veteran sees the skill a post asks for and they lack,
enrols in the programme nearby that teaches it, the bureau records attendance and
completion on its pages, and after the next matching run the post is recommended.

Buttons are found by the URL their form posts to, so the test reads the same in either
language. Between enrolment and completion the programme's start is moved into the past:
the weeks of training pass.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import services
from tests import factories as f
from tests.browser import test_enterprise_journey as journey
from tests.browser.conftest import DESKTOP, PHONE
from veterans.models import Enrolment, TrainingProgramme, VeteranProfile

pytestmark = pytest.mark.django_db(transaction=True)
submit = journey.submit  # the helper of that journey


@pytest.fixture(autouse=True)
def _small_runs(settings):
    settings.MATCHING_SHARDS = 2
    settings.MATCHING_K = 2


@pytest.fixture
def world(branch_a, bureau_x):
    forklift = f.SkillFactory(code="forklift-driving", name="叉车驾驶", name_en="Forklift driving")
    for i in range(2):
        f.JobPostFactory(branch=branch_a, title=f"门卫{i}")
    agreement = f.AgreementFactory(enterprise=branch_a.enterprise)
    post = f.JobPostFactory(branch=branch_a, title="叉车司机", agreement=agreement)
    post.required_skills.set([forklift])
    institution = f.TrainingInstitutionFactory(name="北京市退役军人职业技能培训学校")
    programme = f.TrainingProgrammeFactory(institution=institution, title="叉车司机培训班")
    programme.skills.set([forklift])
    veteran = f.VeteranProfileFactory(user__username="journey_veteran")
    return {"post": post, "programme": programme, "veteran": veteran, "skill": forklift}


def run_matching() -> list[int]:
    """A matching run (Celery eager); profiles edited after a run starts wait for the next."""
    VeteranProfile.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=5))
    return services.matching_run_start().pk


def recommended_post_ids(page) -> list[int]:
    page.goto(reverse("jobs:recommendations"))
    links = page.locator("article.job-card h2 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    return [int(href.rstrip("/").rsplit("/", 1)[1]) for href in links]


@pytest.mark.parametrize(("language", "viewport"), [("zh-hans", DESKTOP), ("en", PHONE)])
def test_training_closes_a_gap_and_the_post_is_then_recommended(
    open_as, world, bureau_x, language, viewport
):
    post, programme, veteran = world["post"], world["programme"], world["veteran"]
    run_matching()
    as_veteran = open_as(veteran.user, language, viewport)
    assert post.pk not in recommended_post_ids(as_veteran)

    # The veteran sees the gap on the post's page and enrols in the programme offered there.
    as_veteran.goto(reverse("jobs:post_detail", args=[post.pk]))
    gap = as_veteran.locator("[data-skill-gap]")
    assert gap.locator('[data-missing-skill="forklift-driving"]').is_visible()
    assert gap.locator(f'[data-programme="{programme.pk}"]').is_visible()
    submit(as_veteran, reverse("jobs:training_enrol", args=[programme.pk]))
    assert as_veteran.locator(".status-badge.status-enrolled").is_visible()
    enrolment = Enrolment.objects.get(veteran=veteran, programme=programme)

    # The weeks pass; the bureau records attendance, then completion, on the programme page.
    TrainingProgramme.objects.filter(pk=programme.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=30)
    )
    as_bureau = open_as(bureau_x, language, viewport)
    as_bureau.goto(reverse("jobs:training_programme_detail", args=[programme.pk]))
    submit(as_bureau, reverse("jobs:training_start", args=[enrolment.pk]))
    submit(as_bureau, reverse("jobs:training_complete", args=[enrolment.pk]))
    assert as_bureau.locator(f'[data-enrolment="{enrolment.pk}"] .status-completed').is_visible()

    # The profile shows the skill as verified; the next run recommends the post first.
    as_veteran.goto(reverse("veterans:profile"))
    assert as_veteran.locator(".job-tag--accent .bi-patch-check").count() == 1
    run_matching()
    assert recommended_post_ids(as_veteran)[0] == post.pk
    as_veteran.goto(reverse("jobs:post_detail", args=[post.pk]))
    assert as_veteran.locator("[data-skill-gap]").count() == 0
