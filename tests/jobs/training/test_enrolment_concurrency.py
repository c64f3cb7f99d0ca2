import threading

import pytest
from django.db import connection

from jobs.training.services import enrolment_create
from portal.workflow import Conflict
from tests import factories as f
from veterans.models import Enrolment


@pytest.mark.django_db(transaction=True)
def test_concurrent_enrolments_never_take_more_seats_than_the_programme_has():
    programme = f.TrainingProgrammeFactory(seats=3)
    veterans = f.VeteranProfileFactory.create_batch(10)
    start = threading.Barrier(len(veterans))
    outcomes = []

    def enrol(veteran):
        try:
            start.wait()
            enrolment_create(programme=programme, veteran=veteran)
            outcomes.append("enrolled")
        except Conflict:
            outcomes.append("full")
        finally:
            connection.close()

    threads = [threading.Thread(target=enrol, args=(veteran,)) for veteran in veterans]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(outcomes) == ["enrolled"] * 3 + ["full"] * 7
    assert Enrolment.objects.filter(programme=programme).count() == 3
