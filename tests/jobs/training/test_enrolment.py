import datetime

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import timezone

from jobs.training.services import (
    enrolment_complete,
    enrolment_create,
    enrolment_drop,
    enrolment_start,
    enrolment_withdraw,
)
from portal.accounts.models import AuditEvent
from portal.workflow import Conflict, InvalidTransition, NotAllowed
from tests import factories as f
from veterans.models import Enrolment, VeteranSkill

NOT_RECORDERS = ["veteran", "other_veteran", "hr_a", "bureau_y", "ministry"]
TODAY = timezone.localdate


def status_of(enrolment):
    enrolment.refresh_from_db()
    return enrolment.status


def actions(enrolment):
    return list(AuditEvent.objects.for_object(enrolment).values_list("action", flat=True))


# Enrolling


def test_a_veteran_enrols_in_a_programme(programme, veteran):
    enrolment = enrolment_create(programme=programme, veteran=veteran)
    assert Enrolment.objects.get(programme=programme, veteran=veteran).status == "enrolled"
    assert actions(enrolment) == ["enrolment.created"]


def test_it_refuses_a_second_enrolment_of_the_same_veteran(enrolment, programme, veteran):
    with pytest.raises(Conflict):
        enrolment_create(programme=programme, veteran=veteran)
    assert Enrolment.objects.filter(veteran=veteran).count() == 1


def test_it_refuses_an_enrolment_when_every_seat_is_taken(programme, veteran):
    f.EnrolmentFactory.create_batch(3, programme=programme)
    with pytest.raises(Conflict):
        enrolment_create(programme=programme, veteran=veteran)
    assert programme.enrolments.count() == 3


@pytest.mark.parametrize("status", ["withdrawn", "dropped"])
def test_an_enrolment_that_ended_early_frees_its_seat(programme, veteran, status):
    f.EnrolmentFactory.create_batch(2, programme=programme)
    f.EnrolmentFactory(programme=programme, status=status)
    enrolment_create(programme=programme, veteran=veteran)
    assert programme.enrolments.filter(status__in=Enrolment.SEATED).count() == 3


@pytest.mark.parametrize("days", [0, -5])
def test_it_refuses_an_enrolment_once_the_programme_has_started(veteran, days):
    started = f.TrainingProgrammeFactory(starts_on=TODAY() + datetime.timedelta(days=days))
    with pytest.raises(Conflict):
        enrolment_create(programme=started, veteran=veteran)
    assert not Enrolment.objects.exists()


# Withdrawing


@pytest.mark.parametrize("status", ["enrolled", "attending"])
def test_a_veteran_withdraws_their_own_enrolment(enrolment, veteran, status):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
    enrolment_withdraw(enrolment=enrolment, veteran=veteran)
    assert status_of(enrolment) == "withdrawn"
    assert actions(enrolment) == ["enrolment.withdrawn"]


def test_it_refuses_a_withdrawal_by_another_veteran(enrolment, other_veteran):
    with pytest.raises(NotAllowed):
        enrolment_withdraw(enrolment=enrolment, veteran=other_veteran)
    assert status_of(enrolment) == "enrolled"
    assert actions(enrolment) == []


@pytest.mark.parametrize("status", ["completed", "dropped", "withdrawn"])
def test_it_refuses_a_withdrawal_after_the_enrolment_ended(enrolment, veteran, status):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status, completed_on=TODAY())
    with pytest.raises(InvalidTransition):
        enrolment_withdraw(enrolment=enrolment, veteran=veteran)
    assert status_of(enrolment) == status


# Recording attendance, completion and drop-out (the bureau of the programme's region)


def test_the_bureau_of_the_region_records_attendance(enrolment, bureau_x):
    enrolment_start(enrolment=enrolment, recorder=bureau_x)
    assert status_of(enrolment) == "attending"
    assert actions(enrolment) == ["enrolment.started"]


@pytest.mark.parametrize("persona", NOT_RECORDERS, indirect=True)
def test_it_refuses_attendance_recorded_by_anyone_else(enrolment, persona):
    with pytest.raises(NotAllowed):
        enrolment_start(enrolment=enrolment, recorder=persona)
    assert status_of(enrolment) == "enrolled"
    assert actions(enrolment) == []


@pytest.mark.parametrize("status", ["attending", "completed", "dropped", "withdrawn"])
def test_it_refuses_to_start_an_enrolment_that_is_not_enrolled(enrolment, bureau_x, status):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status, completed_on=TODAY())
    with pytest.raises(InvalidTransition):
        enrolment_start(enrolment=enrolment, recorder=bureau_x)
    assert status_of(enrolment) == status


@pytest.fixture
def attending(enrolment, programme):
    # Move the programme's dates back so that it has started by today.
    programme.starts_on = TODAY() - datetime.timedelta(days=20)
    programme.ends_on = TODAY()
    programme.save()
    Enrolment.objects.filter(pk=enrolment.pk).update(status="attending")
    enrolment.refresh_from_db()
    return enrolment


def test_the_bureau_of_the_region_records_completion(attending, bureau_x):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    attending.refresh_from_db()
    assert (attending.status, attending.completed_on) == ("completed", TODAY())
    assert actions(attending) == ["enrolment.completed"]


def test_completion_adds_the_programme_skills_as_verified_training_skills(attending, bureau_x):
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    links = VeteranSkill.objects.filter(veteran=attending.veteran)
    assert {(link.skill.code, link.source, link.verified) for link in links} == {
        ("low-voltage", "training", True),
        ("safety", "training", True),
    }


def test_completion_verifies_a_skill_the_veteran_had_declared(attending, bureau_x):
    skill = attending.programme.skills.get(code="safety")
    VeteranSkill.objects.create(veteran=attending.veteran, skill=skill, source="declared")
    enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    link = VeteranSkill.objects.get(veteran=attending.veteran, skill=skill)
    assert (link.source, link.verified) == ("training", True)


def test_completion_emails_the_veteran(attending, bureau_x, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_complete(enrolment=attending, recorder=bureau_x, on=TODAY())
    # The completion, then the questions about the training (tests/jobs/test_feedback.py).
    assert [message.to for message in mail.outbox] == [[attending.veteran.user.email]] * 2
    assert attending.programme.title in mail.outbox[0].subject


@pytest.mark.parametrize("persona", NOT_RECORDERS, indirect=True)
def test_it_refuses_completion_recorded_by_anyone_else(attending, persona):
    with pytest.raises(NotAllowed):
        enrolment_complete(enrolment=attending, recorder=persona, on=TODAY())
    assert status_of(attending) == "attending"
    assert not VeteranSkill.objects.filter(veteran=attending.veteran).exists()


def test_it_refuses_completion_of_an_enrolment_that_never_started(enrolment, bureau_x):
    with pytest.raises(InvalidTransition):
        enrolment_complete(enrolment=enrolment, recorder=bureau_x, on=enrolment.programme.starts_on)
    assert status_of(enrolment) == "enrolled"
    assert not VeteranSkill.objects.exists()


@pytest.mark.parametrize("days", [1, -21], ids=["in_the_future", "before_the_start"])
def test_it_refuses_a_completion_date_outside_the_programme(attending, bureau_x, days):
    with pytest.raises(ValidationError):
        enrolment_complete(
            enrolment=attending, recorder=bureau_x, on=TODAY() + datetime.timedelta(days=days)
        )
    assert status_of(attending) == "attending"


@pytest.mark.parametrize("status", ["enrolled", "attending"])
def test_the_bureau_of_the_region_records_a_drop_out(enrolment, bureau_x, status):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status)
    enrolment_drop(enrolment=enrolment, recorder=bureau_x)
    assert status_of(enrolment) == "dropped"
    assert actions(enrolment) == ["enrolment.dropped"]


@pytest.mark.parametrize("persona", NOT_RECORDERS, indirect=True)
def test_it_refuses_a_drop_out_recorded_by_anyone_else(enrolment, persona):
    with pytest.raises(NotAllowed):
        enrolment_drop(enrolment=enrolment, recorder=persona)
    assert status_of(enrolment) == "enrolled"


@pytest.mark.parametrize("status", ["completed", "withdrawn", "dropped"])
def test_it_refuses_to_drop_an_enrolment_that_ended(enrolment, bureau_x, status):
    Enrolment.objects.filter(pk=enrolment.pk).update(status=status, completed_on=TODAY())
    with pytest.raises(InvalidTransition):
        enrolment_drop(enrolment=enrolment, recorder=bureau_x)
    assert status_of(enrolment) == status


def test_a_city_bureau_records_attendance_in_its_city(enrolment):
    city_bureau = f.BureauUserFactory(region=f.region(f.CITY_X))
    enrolment_start(enrolment=enrolment, recorder=city_bureau)
    assert status_of(enrolment) == "attending"
