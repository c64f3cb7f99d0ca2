"""Training first, then the post: a completed programme's skills reach the next matching run.

The world: a veteran of city X with no skills; two posts of X asking no skills; a third,
better in every other way (under an active cooperation agreement), that asks for forklift
driving. With k = 2 the veteran is first shown the two posts asking nothing; once a
programme teaching forklift driving is completed, the third post rises to the top. Other
outcomes (an unrelated programme, a dropped enrolment) must leave the list as it was.
"""

import datetime

import pytest
from django.utils import timezone

from jobs import services
from jobs.models import Recommendation
from jobs.training.services import (
    enrolment_complete,
    enrolment_create,
    enrolment_drop,
    enrolment_start,
)
from tests import factories as f
from veterans.models import TrainingProgramme, VeteranProfile, VeteranSkill

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _small_runs(settings):
    settings.MATCHING_SHARDS = 2
    settings.MATCHING_K = 2


@pytest.fixture
def forklift():
    return f.SkillFactory(code="forklift-driving", name="叉车驾驶")


@pytest.fixture
def posts(branch_a, forklift):
    fillers = [f.JobPostFactory(branch=branch_a, title=f"门卫{i}") for i in range(2)]
    agreement = f.AgreementFactory(enterprise=branch_a.enterprise)
    needs_forklift = f.JobPostFactory(branch=branch_a, title="叉车司机", agreement=agreement)
    needs_forklift.required_skills.set([forklift])
    return {"fillers": fillers, "forklift": needs_forklift}


def recommended(veteran, django_capture_on_commit_callbacks) -> list[tuple[int, int]]:
    """Run the matching (Celery eager) and return the veteran's (rank, post) pairs."""
    VeteranProfile.objects.update(updated_at=timezone.now() - datetime.timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):
        run = services.matching_run_start()
    rows = Recommendation.objects.filter(run=run, veteran=veteran).order_by("rank")
    return list(rows.values_list("rank", "post_id"))


def complete_training(veteran, bureau, skill, *, finish=True):
    """Enrol before the start, attend, then (days later) complete or drop."""
    programme = f.TrainingProgrammeFactory()
    programme.skills.set([skill])
    enrolment = enrolment_create(programme=programme, veteran=veteran)
    TrainingProgramme.objects.filter(pk=programme.pk).update(
        starts_on=timezone.localdate() - datetime.timedelta(days=20)
    )
    enrolment_start(enrolment=enrolment, recorder=bureau)
    if finish:
        return enrolment_complete(enrolment=enrolment, recorder=bureau, on=timezone.localdate())
    return enrolment_drop(enrolment=enrolment, recorder=bureau)


def test_before_training_the_post_needing_the_skill_is_not_in_the_top_k(
    veteran, posts, django_capture_on_commit_callbacks
):
    pairs = recommended(veteran, django_capture_on_commit_callbacks)
    assert {post for _, post in pairs} == {p.pk for p in posts["fillers"]}


def test_a_completed_programme_brings_the_post_needing_its_skill_into_the_top_k(
    veteran, bureau_x, posts, forklift, django_capture_on_commit_callbacks
):
    before = recommended(veteran, django_capture_on_commit_callbacks)

    complete_training(veteran, bureau_x, forklift)
    after = recommended(veteran, django_capture_on_commit_callbacks)

    assert posts["forklift"].pk not in [post for _, post in before]
    assert after[0] == (1, posts["forklift"].pk)
    link = VeteranSkill.objects.get(veteran=veteran, skill=forklift)
    assert (link.source, link.verified) == ("training", True)


def test_the_new_recommendation_reads_the_skill_as_matched(
    veteran, bureau_x, posts, forklift, django_capture_on_commit_callbacks
):
    complete_training(veteran, bureau_x, forklift)
    recommended(veteran, django_capture_on_commit_callbacks)
    rec = Recommendation.objects.get(run__is_current=True, post=posts["forklift"])
    assert (rec.skills_required, rec.skills_matched, rec.skill_fit) == (1, 1, 1.0)


def test_a_programme_teaching_an_unrelated_skill_leaves_the_recommendations_unchanged(
    veteran, bureau_x, posts, django_capture_on_commit_callbacks
):
    before = recommended(veteran, django_capture_on_commit_callbacks)

    complete_training(veteran, bureau_x, f.SkillFactory(code="cooking", name="烹饪"))

    assert recommended(veteran, django_capture_on_commit_callbacks) == before


def test_a_dropped_enrolment_leaves_the_recommendations_unchanged(
    veteran, bureau_x, posts, forklift, django_capture_on_commit_callbacks
):
    before = recommended(veteran, django_capture_on_commit_callbacks)

    complete_training(veteran, bureau_x, forklift, finish=False)

    assert recommended(veteran, django_capture_on_commit_callbacks) == before
    assert not VeteranSkill.objects.filter(veteran=veteran, skill=forklift).exists()
