"""Simultaneous enrolments through the programme page, each thread on its own connection:
the seats are never overbooked and nobody gets an error page."""

import pytest
from django.urls import reverse

from portal.accounts.models import AuditEvent
from tests import factories as f
from tests.threads import logged_in_clients, race
from veterans.models import Enrolment

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_twenty_veterans_racing_for_five_seats_get_five_enrolments_and_no_error():
    programme = f.TrainingProgrammeFactory(seats=5)
    veterans = f.VeteranProfileFactory.create_batch(20)
    clients = [logged_in_clients(veteran.user, 1)[0] for veteran in veterans]
    url = reverse("jobs:training_enrol", args=[programme.pk])
    calls = [lambda c=c: c.post(url).status_code for c in clients]

    statuses, errors = race(calls)

    assert errors == []
    assert statuses == [302] * 20
    assert Enrolment.objects.filter(programme=programme).count() == 5
    assert AuditEvent.objects.filter(action="enrolment.created").count() == 5


def test_one_veteran_sending_the_enrolment_ten_times_at_once_gets_one_seat():
    programme = f.TrainingProgrammeFactory(seats=5)
    veteran = f.VeteranProfileFactory()
    url = reverse("jobs:training_enrol", args=[programme.pk])
    calls = [lambda c=c: c.post(url).status_code for c in logged_in_clients(veteran.user, 10)]

    statuses, errors = race(calls)

    assert errors == []
    assert statuses == [302] * 10
    assert Enrolment.objects.filter(programme=programme, veteran=veteran).count() == 1
