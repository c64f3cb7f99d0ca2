"""Races between real threads, each on its own database connection."""

import pytest
from django.utils import timezone

from enterprises.models import Agreement
from jobs import services
from jobs.models import Application, JobPost, Placement
from portal.workflow import Conflict
from tests import factories as f
from tests.jobs.conftest import make_post, post_fields
from tests.threads import race

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


def test_twenty_hires_on_five_openings_hire_five(hr_a, branch_a):
    post = make_post(branch_a, openings=5)
    offers = [f.ApplicationFactory(post=post, status=Application.Status.OFFERED) for _ in range(20)]
    started_on = timezone.localdate()
    _, errors = race(
        [
            lambda a=a: services.application_hire(application=a, actor=hr_a, started_on=started_on)
            for a in offers
        ]
    )
    post.refresh_from_db()
    assert (post.filled_count, post.status) == (5, JobPost.Status.FILLED)
    assert post.applications.filter(status=Application.Status.HIRED).count() == 5
    assert post.applications.filter(status=Application.Status.OFFERED).count() == 15
    assert Placement.objects.filter(post=post).count() == 5
    assert len(errors) == 15
    assert all(type(e) is Conflict for e in errors), errors


def test_twenty_applications_at_once_by_one_veteran_make_one(veteran, post):
    _, errors = race(
        [lambda: services.application_submit(post=post, veteran=veteran) for _ in range(20)]
    )
    assert Application.objects.filter(post=post, veteran=veteran).count() == 1
    assert len(errors) == 19
    assert all(type(e) is Conflict for e in errors), errors


def test_posts_created_at_once_never_over_pledge_an_agreement(hr_a, branch_a, enterprise_a):
    agreement = f.AgreementFactory(enterprise=enterprise_a, pledged_posts=50)
    fields = post_fields(openings=10)
    _, errors = race(
        [
            lambda: services.job_post_create(
                author=hr_a, branch=branch_a, agreement=agreement, **fields
            )
            for _ in range(10)
        ]
    )
    assert Agreement.objects.get(pk=agreement.pk).posts.count() == 5
    assert len(errors) == 5
    assert all(type(e) is Conflict for e in errors), errors
