import pytest

from jobs.training.services import enrolment_create
from portal.workflow import Conflict
from tests import factories as f
from tests.threads import race
from veterans.models import Enrolment


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_take_more_seats_than_the_programme_has():
    programme = f.TrainingProgrammeFactory(seats=3)
    veterans = f.VeteranProfileFactory.create_batch(10)

    enrolled, errors = race(
        [lambda v=v: enrolment_create(programme=programme, veteran=v) for v in veterans]
    )

    outcomes = ["enrolled"] * len(enrolled) + ["full" for e in errors if type(e) is Conflict]
    assert sorted(outcomes) == ["enrolled"] * 3 + ["full"] * 7
    assert Enrolment.objects.filter(programme=programme).count() == 3
