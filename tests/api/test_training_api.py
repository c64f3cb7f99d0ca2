"""The training API: the catalogue (read by all signed in, written by the region's bureau),
enrolment and withdrawal, attendance and completion, and the skill gaps."""

import datetime

import pytest
from django.utils import timezone

from tests import factories as f
from tests.api.conftest import field_errors
from tests.api.test_list_queries import same_cost
from veterans.models import Enrolment, TrainingProgramme, VeteranSkill

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def test_a_bureau_creates_a_programme(as_, bureau_x):
    institution, skill = f.TrainingInstitutionFactory(), f.SkillFactory(code="welding")
    response = as_("bureau_x").post(
        "/api/v1/training/programmes/create/",
        f.programme_data(institution, skill, seats=10),
        format="json",
    )
    assert response.status_code == 201
    assert response.json()["skills"][0]["code"] == "welding"
    assert TrainingProgramme.objects.get().seats == 10


def test_another_regions_bureau_cannot_name_the_institution(as_, bureau_y):
    institution, skill = f.TrainingInstitutionFactory(), f.SkillFactory()
    body = f.programme_data(institution, skill, region=f.CITY_Y)
    response = as_("bureau_y").post("/api/v1/training/programmes/create/", body, format="json")
    assert response.status_code == 400
    assert "institution" in field_errors(response)
    assert not TrainingProgramme.objects.exists()


def test_lowering_the_seats_below_those_taken_answers_409(as_, bureau_x):
    programme = f.TrainingProgrammeFactory(seats=3)
    programme.skills.set([f.SkillFactory()])
    f.EnrolmentFactory.create_batch(2, programme=programme)
    response = as_("bureau_x").patch(
        f"/api/v1/training/programmes/{programme.pk}/update/", {"seats": 1}, format="json"
    )
    programme.refresh_from_db()
    assert (response.status_code, programme.seats) == (409, 3)


def test_the_ministry_reads_but_does_not_write_programmes(as_, ministry):
    programme = f.TrainingProgrammeFactory()
    client = as_("ministry")
    assert client.get(f"/api/v1/training/programmes/{programme.pk}/").status_code == 200
    response = client.patch(
        f"/api/v1/training/programmes/{programme.pk}/update/", {"title": "x"}, format="json"
    )
    assert response.status_code == 403


def test_the_programme_list_filters_open_programmes_teaching_a_skill(as_, veteran):
    welding = f.SkillFactory(code="welding")
    wanted = f.TrainingProgrammeFactory()
    wanted.skills.set([welding])
    full = f.TrainingProgrammeFactory(seats=1)
    full.skills.set([welding])
    f.EnrolmentFactory(programme=full)
    response = as_("veteran").get(f"/api/v1/training/programmes/?skill={welding.pk}&open=true")
    assert [row["id"] for row in response.json()["results"]] == [wanted.pk]


def test_a_veteran_enrols_and_withdraws(as_, veteran):
    programme = f.TrainingProgrammeFactory()
    client = as_("veteran")
    enrolled = client.post(f"/api/v1/training/programmes/{programme.pk}/enrol/")
    assert enrolled.status_code == 201
    pk = enrolled.json()["id"]
    withdrawn = client.post(f"/api/v1/me/enrolments/{pk}/withdraw/")
    assert (withdrawn.status_code, withdrawn.json()["status"]) == (200, "withdrawn")


def test_a_full_programme_answers_409(as_, veteran):
    programme = f.TrainingProgrammeFactory(seats=1)
    f.EnrolmentFactory(programme=programme)
    response = as_("veteran").post(f"/api/v1/training/programmes/{programme.pk}/enrol/")
    assert response.status_code == 409
    assert not Enrolment.objects.filter(veteran=veteran).exists()


def test_the_bureau_records_attendance_and_completion(as_, bureau_x, veteran):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    enrolment.programme.skills.set([f.SkillFactory(code="welding")])
    TrainingProgramme.objects.filter(pk=enrolment.programme_id).update(
        starts_on=TODAY() - datetime.timedelta(days=3)
    )
    client = as_("bureau_x")
    assert client.post(f"/api/v1/training/enrolments/{enrolment.pk}/start/").status_code == 200
    response = client.post(
        f"/api/v1/training/enrolments/{enrolment.pk}/complete/",
        {"completed_on": TODAY().isoformat()},
        format="json",
    )
    assert response.json()["status"] == "completed"
    assert VeteranSkill.objects.get(veteran=veteran).verified


def test_completing_an_enrolment_not_attended_answers_409(as_, bureau_x):
    enrolment = f.EnrolmentFactory()
    response = as_("bureau_x").post(
        f"/api/v1/training/enrolments/{enrolment.pk}/complete/",
        {"completed_on": TODAY().isoformat()},
        format="json",
    )
    assert response.status_code == 409


def test_a_veterans_gap_for_a_post_names_the_missing_skills_and_programmes(as_, veteran):
    welding, driving = f.SkillFactory(code="welding"), f.SkillFactory(code="driving")
    VeteranSkill.objects.create(veteran=veteran, skill=driving)
    post = f.JobPostFactory()
    post.required_skills.set([welding, driving])
    programme = f.TrainingProgrammeFactory()
    programme.skills.set([welding])
    body = as_("veteran").get(f"/api/v1/posts/{post.pk}/skill-gap/").json()
    assert [skill["code"] for skill in body["missing"]] == ["welding"]
    assert body["programmes"][0]["programme"]["id"] == programme.pk
    assert (body["programmes"][0]["posts_helped"], body["programmes"][0]["posts_closed"]) == (1, 1)


def test_the_bureaus_skill_gaps(as_, bureau_x, veteran, branch_a):
    welding = f.SkillFactory(code="welding")
    f.JobPostFactory(branch=branch_a).required_skills.set([welding])
    body = as_("bureau_x").get("/api/v1/training/skill-gaps/").json()
    assert body["looking_veterans"] == 1
    assert [(g["skill"]["code"], g["veterans_missing"]) for g in body["gaps"]] == [("welding", 1)]


def test_the_programme_list_costs_the_same_queries_for_more_rows(as_, veteran):
    def make():
        f.TrainingProgrammeFactory().skills.set([f.SkillFactory(), f.SkillFactory()])

    one, five = same_cost(as_("veteran"), "/api/v1/training/programmes/", make)
    assert one == five


def test_my_enrolments_cost_the_same_queries_for_more_rows(as_, veteran):
    one, five = same_cost(
        as_("veteran"), "/api/v1/me/enrolments/", lambda: f.EnrolmentFactory(veteran=veteran)
    )
    assert one == five
