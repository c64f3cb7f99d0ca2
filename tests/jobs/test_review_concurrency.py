"""Races on the bureau's pages, between real threads on their own database connections."""

import pytest
from django.contrib.messages import ERROR, SUCCESS, get_messages
from django.test import Client
from django.urls import reverse

from jobs import services
from jobs.models import EventRegistration, JobPost
from portal.accounts.models import AuditEvent
from portal.workflow import Conflict, InvalidTransition
from tests import factories as f
from tests.jobs.conftest import make_post
from tests.threads import race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def decisions(post) -> list[str]:
    trail = AuditEvent.objects.for_object(post)
    return list(
        trail.filter(action__in=["job_post.approved", "job_post.rejected"]).values_list(
            "action", flat=True
        )
    )


def test_two_officers_deciding_one_post_concurrently_make_one_decision(bureau_x, branch_a, hr_a):
    colleague = f.BureauUserFactory(region=f.region(f.CITY_X))
    post = make_post(branch_a, JobPost.Status.PENDING)
    _, errors = race(
        [
            lambda: services.job_post_approve(post=post, reviewer=bureau_x),
            lambda: services.job_post_reject(post=post, reviewer=colleague, reason="薪资不实"),
        ]
    )
    post.refresh_from_db()
    assert post.status in ("published", "rejected")
    assert len(decisions(post)) == 1
    assert len(errors) == 1
    assert type(errors[0]) is InvalidTransition, errors


def test_two_officers_posting_decisions_concurrently_both_get_an_answer_not_an_error(
    bureau_x, branch_a, hr_a
):
    colleague = f.BureauUserFactory(region=f.region(f.CITY_X))
    post = make_post(branch_a, JobPost.Status.PENDING)
    clients = []
    for officer in (bureau_x, colleague):
        client = Client(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(officer)
        clients.append(client)
    responses = []
    approve = reverse("jobs:post_approve", args=[post.pk])
    reject = reverse("jobs:post_reject", args=[post.pk])
    _, errors = race(
        [
            lambda: responses.append(clients[0].post(approve)),
            lambda: responses.append(clients[1].post(reject, {"reason": "薪资不实"})),
        ]
    )
    assert errors == []
    assert sorted(response.status_code for response in responses) == [302, 302]
    levels = sorted(m.level for r in responses for m in get_messages(r.wsgi_request))
    assert levels == [SUCCESS, ERROR]
    assert len(decisions(post)) == 1


def test_twenty_veterans_registering_concurrently_for_five_places_get_five():
    event = f.RecruitmentEventFactory(capacity=5)
    veterans = [f.VeteranProfileFactory() for _ in range(20)]
    _, errors = race(
        [lambda v=v: services.event_registration_create(event=event, veteran=v) for v in veterans]
    )
    assert EventRegistration.objects.filter(event=event).count() == 5
    assert len(errors) == 15
    assert all(type(e) is Conflict for e in errors), errors


def test_one_veteran_registering_concurrently_ten_times_gets_one_place(veteran):
    event = f.RecruitmentEventFactory(capacity=5)
    _, errors = race(
        [lambda: services.event_registration_create(event=event, veteran=veteran)] * 10
    )
    assert EventRegistration.objects.filter(event=event).count() == 1
    assert all(type(e) is Conflict for e in errors), errors
