"""The bureau's training catalogue: institutions and programmes of its region subtree."""

import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.training.services import (
    enrolment_complete,
    enrolment_create,
    enrolment_start,
    training_institution_create,
    training_institution_update,
    training_programme_create,
    training_programme_update,
)
from portal.accounts.models import AuditEvent
from portal.workflow import Conflict, NotAllowed
from tests import factories as f
from veterans.models import TrainingInstitution, TrainingProgramme

pytestmark = pytest.mark.django_db
NOT_WRITERS = ["veteran", "hr_a", "bureau_y", "ministry"]


def _user(request, persona):
    user = request.getfixturevalue(persona)
    return getattr(user, "user", user)


def _institution_fields(city=f.CITY_X) -> dict:
    return {
        "name": "北京退役军人职业技能培训学校",
        "region": f.region(city),
        "address": "海淀区学院路1号",
        "contact_name": "王老师",
        "contact_phone": "010-88886666",
    }


def _programme_fields(institution) -> dict:
    starts = timezone.localdate() + datetime.timedelta(days=14)
    return {
        "institution": institution,
        "title": "叉车司机培训班",
        "region": institution.region,
        "place": "实训基地",
        "starts_on": starts,
        "ends_on": starts + datetime.timedelta(days=20),
        "seats": 2,
        "cost": 0,
    }


def test_a_bureau_registers_an_institution_of_its_region(bureau_x):
    institution = training_institution_create(bureau_user=bureau_x, **_institution_fields())
    assert TrainingInstitution.objects.get().name == "北京退役军人职业技能培训学校"
    assert AuditEvent.objects.for_object(institution).get().action == (
        "training_institution.created"
    )


@pytest.mark.parametrize("persona", NOT_WRITERS)
def test_nobody_else_registers_an_institution_in_province_x(persona, request):
    with pytest.raises(NotAllowed):
        training_institution_create(bureau_user=_user(request, persona), **_institution_fields())
    assert not TrainingInstitution.objects.exists()


def test_a_bureau_cannot_move_its_institution_out_of_its_region(bureau_x):
    institution = f.TrainingInstitutionFactory()
    with pytest.raises(NotAllowed):
        training_institution_update(
            institution=institution, bureau_user=bureau_x, region=f.region(f.CITY_Y)
        )
    institution.refresh_from_db()
    assert institution.region_id == f.CITY_X


def test_a_bureau_edits_its_institution_with_an_audit_of_the_fields(bureau_x):
    institution = f.TrainingInstitutionFactory()
    training_institution_update(
        institution=institution, bureau_user=bureau_x, contact_phone="010-12121212"
    )
    institution.refresh_from_db()
    assert institution.contact_phone == "010-12121212"
    event = AuditEvent.objects.for_object(institution).get()
    assert event.data == {"fields": ["contact_phone"]}


def test_a_bureau_creates_a_programme_with_the_skills_taught(bureau_x):
    institution = f.TrainingInstitutionFactory()
    skill = f.SkillFactory(code="forklift")
    programme = training_programme_create(
        bureau_user=bureau_x, skills=[skill], **_programme_fields(institution)
    )
    assert list(programme.skills.all()) == [skill]
    assert AuditEvent.objects.for_object(programme).get().data == {"skills": [skill.pk]}


def test_a_programme_without_skills_is_refused(bureau_x):
    institution = f.TrainingInstitutionFactory()
    with pytest.raises(ValidationError):
        training_programme_create(bureau_user=bureau_x, skills=[], **_programme_fields(institution))
    assert not TrainingProgramme.objects.exists()


def test_a_programme_ending_before_it_starts_is_refused(bureau_x):
    fields = _programme_fields(f.TrainingInstitutionFactory())
    fields["ends_on"] = fields["starts_on"] - datetime.timedelta(days=1)
    with pytest.raises(ValidationError):
        training_programme_create(bureau_user=bureau_x, skills=[f.SkillFactory()], **fields)
    assert not TrainingProgramme.objects.exists()


def test_a_bureau_cannot_offer_another_regions_institution(bureau_y):
    institution = f.TrainingInstitutionFactory()  # city X
    fields = _programme_fields(institution) | {"region": f.region(f.CITY_Y)}
    with pytest.raises(NotAllowed):
        training_programme_create(bureau_user=bureau_y, skills=[f.SkillFactory()], **fields)
    assert not TrainingProgramme.objects.exists()


@pytest.mark.parametrize("persona", NOT_WRITERS)
def test_nobody_else_edits_a_programme_of_province_x(persona, request):
    programme = f.TrainingProgrammeFactory()
    with pytest.raises(NotAllowed):
        training_programme_update(
            programme=programme, bureau_user=_user(request, persona), skills=[f.SkillFactory()]
        )
    programme.refresh_from_db()
    assert programme.title == "低压电工作业培训班"


def test_seats_never_drop_below_the_seats_taken(bureau_x):
    programme = f.TrainingProgrammeFactory(seats=3)
    f.EnrolmentFactory.create_batch(2, programme=programme)
    with pytest.raises(Conflict):
        training_programme_update(
            programme=programme, bureau_user=bureau_x, skills=[f.SkillFactory()], seats=1
        )
    programme.refresh_from_db()
    assert programme.seats == 3


def test_a_bureau_changes_the_skills_and_seats_of_its_programme(bureau_x):
    programme = f.TrainingProgrammeFactory(seats=3)
    welding = f.SkillFactory(code="welding")
    training_programme_update(programme=programme, bureau_user=bureau_x, skills=[welding], seats=5)
    programme.refresh_from_db()
    assert (programme.seats, list(programme.skills.all())) == (5, [welding])


def test_enrolling_mails_the_veteran_the_programme_and_its_contact(
    veteran, django_capture_on_commit_callbacks
):
    programme = f.TrainingProgrammeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_create(programme=programme, veteran=veteran)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [veteran.user.email]
    assert programme.title in mail.outbox[0].subject
    assert programme.institution.contact_phone in mail.outbox[0].body


def test_completion_mails_the_veteran_the_skills_gained(
    veteran, bureau_x, django_capture_on_commit_callbacks
):
    programme = f.TrainingProgrammeFactory()
    programme.skills.set([f.SkillFactory(code="welding", name="焊接")])
    enrolment = f.EnrolmentFactory(programme=programme, veteran=veteran, status="attending")
    TrainingProgramme.objects.filter(pk=programme.pk).update(starts_on=timezone.localdate())
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=timezone.localdate())
    assert len(mail.outbox) == 2  # and the questions about the training
    assert "焊接" in mail.outbox[0].body


def test_attendance_is_recorded_by_the_bureau_of_the_programmes_region(veteran, bureau_x):
    enrolment = f.EnrolmentFactory(veteran=veteran)
    enrolment_start(enrolment=enrolment, recorder=bureau_x)
    enrolment.refresh_from_db()
    assert enrolment.status == "attending"


def test_a_veteran_who_withdrew_is_told_so_when_enrolling_again(veteran):
    programme = f.TrainingProgrammeFactory()
    f.EnrolmentFactory(programme=programme, veteran=veteran, status="withdrawn")
    with pytest.raises(Conflict, match="You withdrew from this programme"):
        enrolment_create(programme=programme, veteran=veteran)
    assert programme.enrolments.get().status == "withdrawn"
