"""Entrepreneurship training is a kind of training programme: the bureau creates it through
the training catalogue, veterans enrol as in any programme, and the eligibility page and
the programme list show it apart."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.training import services as training
from tests import factories as f
from veterans.models import TrainingProgramme

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
ENTREPRENEURSHIP = TrainingProgramme.Kind.ENTREPRENEURSHIP


def _upcoming(**fields):
    starts = timezone.localdate() + datetime.timedelta(days=10)
    return f.TrainingProgrammeFactory(
        starts_on=starts, ends_on=starts + datetime.timedelta(days=5), **fields
    )


def test_the_bureau_creates_an_entrepreneurship_programme_on_its_page(browse, bureau_x):
    institution = f.TrainingInstitutionFactory()
    skill = f.SkillFactory(code="business-plan")
    data = f.programme_data(institution, skill, kind=ENTREPRENEURSHIP, title="创业培训班")
    response = browse(bureau_x).post(reverse("jobs:training_programme_create"), data)
    assert response.status_code == 302
    assert TrainingProgramme.objects.get(title="创业培训班").kind == ENTREPRENEURSHIP


def test_the_api_creates_entrepreneurship_training_and_a_vocational_one_by_default(api, bureau_x):
    institution = f.TrainingInstitutionFactory()
    skill = f.SkillFactory(code="business-plan")
    client = api(bureau_x)
    made = client.post(
        "/api/v1/training/programmes/create/",
        f.programme_data(institution, skill, kind=ENTREPRENEURSHIP),
        format="json",
    )
    plain = client.post(
        "/api/v1/training/programmes/create/", f.programme_data(institution, skill), format="json"
    )
    assert (made.json()["kind"], plain.json()["kind"]) == (ENTREPRENEURSHIP, "vocational")


def test_a_veteran_enrols_in_entrepreneurship_training_as_in_any_programme(veteran):
    programme = _upcoming(kind=ENTREPRENEURSHIP, seats=5)
    enrolment = training.enrolment_create(programme=programme, veteran=veteran)
    assert enrolment.status == "enrolled"


def test_the_eligibility_page_lists_only_entrepreneurship_training(browse, veteran):
    course = _upcoming(kind=ENTREPRENEURSHIP, title="退役军人创业培训班")
    forklift = _upcoming(title="叉车司机培训班")
    page = browse(veteran.user).get("/startups/eligibility/").content.decode()
    assert course.title in page and forklift.title not in page


def test_the_programme_list_filters_entrepreneurship_training(browse, veteran):
    course = _upcoming(kind=ENTREPRENEURSHIP, title="退役军人创业培训班")
    forklift = _upcoming(title="叉车司机培训班")
    page = browse(veteran.user).get("/jobs/training/programmes/", {"kind": "entrepreneurship"})
    assert course.title in page.content.decode() and forklift.title not in page.content.decode()
