"""Simultaneous requests on one post, each thread on its own database connection: hires
through the enterprise's pages never exceed the openings, two reviews give one decision."""

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs import services
from jobs.models import Application, JobPost, Placement
from portal.accounts.models import AuditEvent
from portal.workflow import InvalidTransition
from tests import factories as f
from tests.jobs.conftest import make_post
from tests.threads import logged_in_clients, race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_concurrent_hires_through_the_pipeline_never_exceed_the_openings(hr_a, branch_a):
    post = make_post(branch_a, openings=5)
    offers = [f.ApplicationFactory(post=post, status=Application.Status.OFFERED) for _ in range(50)]
    clients = logged_in_clients(hr_a, len(offers))
    data = {"started_on": timezone.localdate().isoformat()}
    calls = [
        lambda c=c, a=a: c.post(reverse("jobs:application_hire", args=[a.pk]), data).status_code
        for c, a in zip(clients, offers)
    ]

    statuses, errors = race(calls)

    post.refresh_from_db()
    assert errors == []
    assert statuses == [302] * 50
    assert (post.filled_count, post.status) == (5, JobPost.Status.FILLED)
    assert post.applications.filter(status=Application.Status.HIRED).count() == 5
    assert post.applications.filter(status=Application.Status.OFFERED).count() == 45
    assert Placement.objects.filter(post=post).count() == 5
    assert AuditEvent.objects.filter(action="application.hired").count() == 5


def test_concurrent_decisions_by_two_bureau_officers_give_one_decision(pending_post, bureau_x):
    city_bureau = f.BureauUserFactory(username="city_bureau_x", region=f.region(f.CITY_X))

    results, errors = race(
        [
            lambda: services.job_post_approve(post=pending_post, reviewer=bureau_x),
            lambda: services.job_post_reject(
                post=pending_post, reviewer=city_bureau, reason="岗位信息不实"
            ),
        ]
    )

    pending_post.refresh_from_db()
    assert len(results) == 1 and len(errors) == 1
    assert type(errors[0]) is InvalidTransition
    assert pending_post.status == results[0].status
    assert pending_post.status in (JobPost.Status.PUBLISHED, JobPost.Status.REJECTED)
    decisions = AuditEvent.objects.for_object(pending_post).filter(
        action__in=["job_post.approved", "job_post.rejected"]
    )
    assert decisions.count() == 1


def test_concurrent_applications_of_one_veteran_to_one_post_make_one_row(veteran, branch_a):
    post = make_post(branch_a)
    clients = logged_in_clients(veteran.user, 20)
    url = reverse("jobs:post_apply", args=[post.pk])
    calls = [lambda c=c: c.post(url, {"note": "您好"}).status_code for c in clients]

    statuses, errors = race(calls)

    assert errors == []
    assert statuses == [302] * 20  # each back to the post page with a message, no 500
    assert Application.objects.filter(post=post, veteran=veteran).count() == 1
    assert AuditEvent.objects.filter(action="application.submitted").count() == 1
