import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from tests import factories as f
from veterans.models import Consent, Enrolment, Resume, VeteranProfile, VeteranSkill


@pytest.fixture
def veteran(db):
    """A veteran who has given no consent yet (or withdrew it): the consents are the subject."""
    return f.VeteranProfileFactory(user__username="veteran", consented=False)


def refused(constraint: str):
    """The database itself refuses the row, naming the constraint."""
    return pytest.raises(IntegrityError, match=constraint)


def test_the_resident_id_column_refuses_a_number_in_clear(veteran):
    with refused("resident_id_encrypted"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "UPDATE veterans_veteranprofile SET resident_id = %s WHERE id = %s",
            ["110105199001011234", veteran.pk],
        )


def test_a_resident_id_belongs_to_one_profile(veteran, other_veteran):
    with refused("resident_id_hash"), transaction.atomic():
        VeteranProfile.objects.filter(pk=other_veteran.pk).update(
            resident_id_hash=veteran.resident_id_hash
        )


def test_years_of_service_are_at_most_45(veteran):
    VeteranProfile.objects.filter(pk=veteran.pk).update(years_of_service=45)
    with refused("years_of_service_plausible"), transaction.atomic():
        VeteranProfile.objects.filter(pk=veteran.pk).update(years_of_service=46)


def test_a_skill_is_linked_to_a_veteran_once(veteran):
    skill = f.SkillFactory()
    VeteranSkill.objects.create(veteran=veteran, skill=skill)
    with refused("veteran_skill_unique"), transaction.atomic():
        VeteranSkill.objects.create(veteran=veteran, skill=skill, source="training")


@pytest.mark.parametrize("size", [0, Resume.MAX_BYTES + 1])
def test_a_resume_is_neither_empty_nor_too_large(veteran, size):
    with refused("resume_size_limit"), transaction.atomic():
        Resume.objects.create(veteran=veteran, file="r.pdf", original_name="r.pdf", size=size)


def test_a_user_has_one_live_consent_per_purpose(veteran):
    f.ConsentFactory(user=veteran.user)
    with refused("one_live_consent_per_purpose"), transaction.atomic():
        f.ConsentFactory(user=veteran.user)


def test_withdrawn_consents_do_not_count_against_the_live_one(veteran):
    given = timezone.now() - datetime.timedelta(days=1)
    f.ConsentFactory.create_batch(2, user=veteran.user, given_at=given, withdrawn_at=timezone.now())
    f.ConsentFactory(user=veteran.user)
    assert Consent.objects.filter(user=veteran.user).count() == 3


def test_a_consent_is_withdrawn_after_it_was_given(veteran):
    given = timezone.now()
    with refused("consent_withdrawn_after_given"), transaction.atomic():
        f.ConsentFactory(
            user=veteran.user, given_at=given, withdrawn_at=given - datetime.timedelta(seconds=1)
        )


def test_a_programme_has_seats(db):
    with refused("programme_has_seats"), transaction.atomic():
        f.TrainingProgrammeFactory(seats=0)


def test_a_programme_ends_on_or_after_its_start(db):
    f.TrainingProgrammeFactory(
        starts_on=datetime.date(2030, 1, 1), ends_on=datetime.date(2030, 1, 1)
    )
    with refused("programme_dates_ordered"), transaction.atomic():
        f.TrainingProgrammeFactory(
            starts_on=datetime.date(2030, 1, 2), ends_on=datetime.date(2030, 1, 1)
        )


def test_a_programme_costs_nothing_or_more(db):
    with refused("programme_cost_not_negative"), transaction.atomic():
        f.TrainingProgrammeFactory(cost=-1)


def test_a_veteran_enrols_in_a_programme_once(enrolment):
    with refused("enrolment_unique"), transaction.atomic():
        f.EnrolmentFactory(programme=enrolment.programme, veteran=enrolment.veteran)


def test_a_completed_enrolment_has_a_completion_date(enrolment):
    with refused("completed_enrolment_has_date"), transaction.atomic():
        Enrolment.objects.filter(pk=enrolment.pk).update(status="completed")
