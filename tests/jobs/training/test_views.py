"""The training pages: the bureau's catalogue, the veteran's enrolment and "my training",
attendance and completion recorded by the bureau."""

import datetime

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests import factories as f
from veterans.models import Enrolment, TrainingInstitution, TrainingProgramme, VeteranSkill

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate


def login(client, persona):
    client.force_login(getattr(persona, "user", persona))
    return client


def started(programme, days_ago=10) -> TrainingProgramme:
    TrainingProgramme.objects.filter(pk=programme.pk).update(
        starts_on=TODAY() - datetime.timedelta(days=days_ago)
    )
    return programme


def queries(client, url) -> int:
    """Queries of a second request: the first one may fill the process's ContentType cache,
    depending on which tests ran before in this process."""
    client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, HTTP_ACCEPT_LANGUAGE="en").status_code == 200
    return len(captured)


# --- the bureau's catalogue -------------------------------------------------------------------


def test_a_bureau_registers_an_institution_through_the_page(client, bureau_x):
    data = {
        "name": "北京市退役军人培训中心",
        "region": f.CITY_X,
        "address": "朝阳区1号",
        "contact_name": "赵老师",
        "contact_phone": "010-66668888",
    }
    response = login(client, bureau_x).post(reverse("jobs:training_institution_create"), data)
    institution = TrainingInstitution.objects.get()
    assert response.url == reverse("jobs:training_institution_detail", args=[institution.pk])
    assert institution.region_id == f.CITY_X


def test_the_institution_form_offers_only_the_bureaus_regions(client, bureau_x):
    page = login(client, bureau_x).get(reverse("jobs:training_institution_create"))
    codes = {region.code for region in page.context["form"].fields["region"].queryset}
    assert f.CITY_X in codes and f.CITY_Y not in codes


def test_a_bureau_creates_a_programme_through_the_page(client, bureau_x):
    institution, skill = f.TrainingInstitutionFactory(), f.SkillFactory(code="wiring")
    response = login(client, bureau_x).post(
        reverse("jobs:training_programme_create"), f.programme_data(institution, skill)
    )
    programme = TrainingProgramme.objects.get()
    assert response.status_code == 302
    assert list(programme.skills.all()) == [skill]


def test_a_programme_starting_in_the_past_is_refused_with_a_message(client, bureau_x):
    institution, skill = f.TrainingInstitutionFactory(), f.SkillFactory()
    data = f.programme_data(institution, skill, starts_on=TODAY().isoformat())
    page = login(client, bureau_x).post(
        reverse("jobs:training_programme_create"), data, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "A new programme must start after today." in page.text
    assert not TrainingProgramme.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"seats": 0}, "seats"),
        ({"ends_on": TODAY().isoformat()}, "ends_on"),
        ({"cost": "-1"}, "cost"),
    ],
)
def test_a_value_the_database_would_refuse_is_an_error_at_its_field(
    client, bureau_x, changes, field
):
    institution, skill = f.TrainingInstitutionFactory(), f.SkillFactory()
    data = f.programme_data(institution, skill, **changes)
    page = login(client, bureau_x).post(reverse("jobs:training_programme_create"), data)
    assert list(page.context["form"].errors) == [field]
    assert not TrainingProgramme.objects.exists()


def test_another_regions_institution_cannot_be_chosen(client, bureau_y):
    institution, skill = f.TrainingInstitutionFactory(), f.SkillFactory()  # city X
    data = f.programme_data(institution, skill, region=f.CITY_Y)
    page = login(client, bureau_y).post(reverse("jobs:training_programme_create"), data)
    assert "institution" in page.context["form"].errors
    assert not TrainingProgramme.objects.exists()


def test_a_bureau_edits_its_programme_seats(client, bureau_x):
    programme = f.TrainingProgrammeFactory(seats=3)
    skill = f.SkillFactory()
    data = f.programme_data(programme.institution, skill, seats=8)
    login(client, bureau_x).post(reverse("jobs:training_programme_edit", args=[programme.pk]), data)
    programme.refresh_from_db()
    assert programme.seats == 8


def test_the_institution_list_has_an_empty_state(client, bureau_x):
    page = login(client, bureau_x).get(
        reverse("jobs:training_institution_list"), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "No training institution is registered in your region yet." in page.text


def test_the_programme_list_is_paginated(client, veteran):
    for _ in range(21):
        f.TrainingProgrammeFactory()
    login(client, veteran)
    first = client.get(reverse("jobs:training_programme_list"))
    second = client.get(reverse("jobs:training_programme_list") + "?page=2")
    assert (len(first.context["page_obj"]), len(second.context["page_obj"])) == (20, 1)


def test_the_programme_list_filters_by_a_skill_taught(client, bureau_x):
    wiring = f.SkillFactory(code="wiring")
    teaching = f.TrainingProgrammeFactory()
    teaching.skills.set([wiring, f.SkillFactory()])
    f.TrainingProgrammeFactory()
    page = login(client, bureau_x).get(
        reverse("jobs:training_programme_list") + f"?skill={wiring.pk}"
    )
    assert [p.pk for p in page.context["page_obj"]] == [teaching.pk]
    assert page.context["page_obj"][0].seats_taken == 0


def test_a_veteran_sees_only_programmes_still_open(client, veteran):
    upcoming = f.TrainingProgrammeFactory()
    started(f.TrainingProgrammeFactory())
    page = login(client, veteran).get(reverse("jobs:training_programme_list"))
    assert [p.pk for p in page.context["page_obj"]] == [upcoming.pk]


def test_the_catalogue_lists_a_veterans_home_city_first_then_its_province_then_the_rest(
    client, veteran
):
    def offer(code, days):
        institution = f.TrainingInstitutionFactory(region=f.region(code))
        starts = TODAY() + datetime.timedelta(days=days)
        return f.TrainingProgrammeFactory(institution=institution, starts_on=starts)

    far_soon = offer(f.CITY_Y, 2)  # 上海, soonest of all
    province = offer("110200", 5)  # another city code under 北京 (the veteran's province)
    home_late = offer(f.CITY_X, 20)
    home_soon = offer(f.CITY_X, 9)

    page = login(client, veteran).get(reverse("jobs:training_programme_list"))

    assert [p.pk for p in page.context["page_obj"]] == [
        home_soon.pk,
        home_late.pk,
        province.pk,
        far_soon.pk,
    ]


@pytest.mark.parametrize(
    "url",
    ["jobs:training_programme_list", "jobs:training_institution_list"],
)
def test_list_pages_take_the_same_queries_for_more_rows(client, bureau_x, url):
    login(client, bureau_x)
    f.TrainingProgrammeFactory().skills.set([f.SkillFactory()])
    few = queries(client, reverse(url))
    for _ in range(5):
        f.TrainingProgrammeFactory().skills.set([f.SkillFactory(), f.SkillFactory()])
    assert queries(client, reverse(url)) == few


# --- enrolment --------------------------------------------------------------------------------


def test_a_veteran_enrols_through_the_programme_page(
    client, veteran, django_capture_on_commit_callbacks
):
    programme = f.TrainingProgrammeFactory()
    with_enrol = login(client, veteran).get(
        reverse("jobs:training_programme_detail", args=[programme.pk])
    )
    assert reverse("jobs:training_enrol", args=[programme.pk]) in with_enrol.text

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("jobs:training_enrol", args=[programme.pk]))

    assert response.url == reverse("jobs:training_programme_detail", args=[programme.pk])
    assert Enrolment.objects.get().veteran == veteran
    assert len(mail.outbox) == 1


def test_a_full_programme_refuses_with_a_message(client, veteran):
    programme = f.TrainingProgrammeFactory(seats=1)
    f.EnrolmentFactory(programme=programme)
    login(client, veteran).post(
        reverse("jobs:training_enrol", args=[programme.pk]), HTTP_ACCEPT_LANGUAGE="en"
    )
    page = client.get(
        reverse("jobs:training_programme_detail", args=[programme.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert "All seats of this programme are taken." in page.text
    assert not Enrolment.objects.filter(veteran=veteran).exists()


def test_a_veteran_withdraws_after_a_confirmation(client, veteran):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    page = login(client, veteran).get(reverse("jobs:my_training"))
    assert "data-confirm" in page.text
    client.post(reverse("jobs:training_withdraw", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "withdrawn"


def test_a_veteran_cannot_withdraw_another_veterans_enrolment(client, veteran, other_veteran):
    enrolment = f.EnrolmentFactory(veteran=other_veteran)
    response = login(client, veteran).post(reverse("jobs:training_withdraw", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert (response.status_code, enrolment.status) == (404, "enrolled")


def test_my_training_has_an_empty_state(client, veteran):
    page = login(client, veteran).get(reverse("jobs:my_training"), HTTP_ACCEPT_LANGUAGE="en")
    assert "You have not enrolled in any training yet." in page.text


def test_my_training_takes_the_same_queries_for_more_enrolments(client, veteran):
    login(client, veteran)
    f.EnrolmentFactory(veteran=veteran).programme.skills.set([f.SkillFactory()])
    few = queries(client, reverse("jobs:my_training"))
    for _ in range(5):
        f.EnrolmentFactory(veteran=veteran).programme.skills.set([f.SkillFactory()])
    assert queries(client, reverse("jobs:my_training")) == few


# --- attendance and completion ------------------------------------------------------------------


def test_the_bureau_records_attendance_then_completion(client, bureau_x, veteran):
    programme = f.TrainingProgrammeFactory()
    skill = f.SkillFactory(code="wiring")
    programme.skills.set([skill])
    enrolment = f.EnrolmentFactory(programme=programme, veteran=veteran)
    started(programme)
    login(client, bureau_x).post(reverse("jobs:training_start", args=[enrolment.pk]))
    client.post(
        reverse("jobs:training_complete", args=[enrolment.pk]),
        {"completed_on": TODAY().isoformat()},
    )
    enrolment.refresh_from_db()
    assert (enrolment.status, enrolment.completed_on) == ("completed", TODAY())
    link = VeteranSkill.objects.get(veteran=veteran, skill=skill)
    assert (link.source, link.verified) == ("training", True)


def test_a_completion_dated_in_the_future_is_refused(client, bureau_x):
    enrolment = f.EnrolmentFactory(status="attending")
    started(enrolment.programme)
    login(client, bureau_x).post(
        reverse("jobs:training_complete", args=[enrolment.pk]),
        {"completed_on": (TODAY() + datetime.timedelta(days=3)).isoformat()},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "attending"
    assert not VeteranSkill.objects.exists()


def test_a_completion_without_a_date_is_refused(client, bureau_x):
    enrolment = f.EnrolmentFactory(status="attending")
    login(client, bureau_x).post(reverse("jobs:training_complete", args=[enrolment.pk]), {})
    enrolment.refresh_from_db()
    assert enrolment.status == "attending"


def test_completing_an_enrolment_not_attended_is_refused(client, bureau_x):
    enrolment = f.EnrolmentFactory()
    started(enrolment.programme)
    login(client, bureau_x).post(
        reverse("jobs:training_complete", args=[enrolment.pk]),
        {"completed_on": TODAY().isoformat()},
    )
    enrolment.refresh_from_db()
    assert enrolment.status == "enrolled"


def test_the_bureau_records_a_drop(client, bureau_x):
    enrolment = f.EnrolmentFactory(status="attending")
    login(client, bureau_x).post(reverse("jobs:training_drop", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert enrolment.status == "dropped"


def test_another_provinces_bureau_cannot_record_attendance(client, bureau_y):
    enrolment = f.EnrolmentFactory()
    response = login(client, bureau_y).post(reverse("jobs:training_start", args=[enrolment.pk]))
    enrolment.refresh_from_db()
    assert (response.status_code, enrolment.status) == (404, "enrolled")


def test_the_profile_page_marks_skills_from_training_as_verified(client, bureau_x, veteran):
    enrolment = f.EnrolmentFactory(veteran=veteran, status="attending")
    enrolment.programme.skills.set([f.SkillFactory(code="wiring", name_en="Wiring")])
    started(enrolment.programme)
    from jobs.training.services import enrolment_complete

    enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=TODAY())
    page = login(client, veteran).get(reverse("veterans:profile"), HTTP_ACCEPT_LANGUAGE="en")
    assert 'title="From completed training">Wiring <i class="bi bi-patch-check"' in page.text


def test_the_roll_takes_the_same_queries_for_more_enrolments(client, bureau_x):
    programme = f.TrainingProgrammeFactory(seats=30)
    url = reverse("jobs:training_programme_detail", args=[programme.pk])
    f.EnrolmentFactory(programme=programme)
    login(client, bureau_x)
    few = queries(client, url)
    f.EnrolmentFactory.create_batch(6, programme=programme)
    assert queries(client, url) == few


def test_the_institution_page_takes_the_same_queries_for_more_programmes(client, bureau_x):
    institution = f.TrainingInstitutionFactory()
    url = reverse("jobs:training_institution_detail", args=[institution.pk])
    f.TrainingProgrammeFactory(institution=institution)
    login(client, bureau_x)
    few = queries(client, url)
    f.TrainingProgrammeFactory.create_batch(5, institution=institution)
    assert queries(client, url) == few
