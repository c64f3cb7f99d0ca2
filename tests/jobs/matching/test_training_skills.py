"""Skills from finished training count in the matching (issue 7 writes them): a skill
recorded with source "training", and one a completed programme teaches, cover a post's
required skill; a programme still being attended does not."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from jobs import services
from jobs.matching.features import load_reference, load_veterans
from jobs.models import Recommendation
from tests import factories as f
from veterans.models import Enrolment, VeteranProfile, VeteranSkill

pytestmark = pytest.mark.django_db


@pytest.fixture
def skill(db):
    return f.SkillFactory()


def _skills_seen_by_the_engine(veteran) -> set[int]:
    ref = load_reference()
    with connection.cursor() as cursor:
        vets = load_veterans(cursor, ref, provinces=["11"], before=timezone.now())
    [row] = [i for i, pk in enumerate(vets.ids) if pk == veteran.pk]
    indices = vets.skills[vets.skill_ptr[row] : vets.skill_ptr[row + 1]]
    return {int(ref.skill_ids[i]) for i in indices}


def _enrol(veteran, skill, status: str) -> Enrolment:
    programme = f.TrainingProgrammeFactory()
    programme.skills.add(skill)
    completed = timezone.localdate() if status == Enrolment.Status.COMPLETED else None
    return f.EnrolmentFactory(
        programme=programme, veteran=veteran, status=status, completed_on=completed
    )


def _age_profiles() -> None:
    # A profile changed after a run starts waits for the next run.
    past = timezone.now() - datetime.timedelta(minutes=5)
    VeteranProfile.objects.update(updated_at=past)


def test_a_skill_recorded_from_training_counts(veteran, skill):
    VeteranSkill.objects.create(veteran=veteran, skill=skill, source=VeteranSkill.Source.TRAINING)
    _age_profiles()
    assert skill.pk in _skills_seen_by_the_engine(veteran)


def test_a_completed_programmes_skills_count_without_a_skill_row(veteran, skill):
    _enrol(veteran, skill, Enrolment.Status.COMPLETED)
    _age_profiles()
    assert skill.pk in _skills_seen_by_the_engine(veteran)


def test_a_programme_still_attended_gives_no_skill_yet(veteran, skill):
    _enrol(veteran, skill, Enrolment.Status.ATTENDING)
    _age_profiles()
    assert skill.pk not in _skills_seen_by_the_engine(veteran)


def test_a_run_stores_the_training_skill_as_matched(
    veteran, skill, branch_a, django_capture_on_commit_callbacks
):
    post = f.JobPostFactory(branch=branch_a)
    post.required_skills.set([skill])
    VeteranSkill.objects.create(veteran=veteran, skill=skill, source=VeteranSkill.Source.TRAINING)
    _age_profiles()
    with django_capture_on_commit_callbacks(execute=True):
        run = services.matching_run_start()
    rec = Recommendation.objects.get(run=run, veteran=veteran, post=post)
    assert (rec.skills_required, rec.skills_matched, rec.skill_fit) == (1, 1, 1.0)
