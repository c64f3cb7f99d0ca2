"""A confirmed start-up's staff post jobs through the jobs' own workflow, under no agreement."""

import pytest

from jobs.models import JobPost
from jobs.services import job_post_approve, job_post_create, job_post_submit
from startups import services
from tests import factories as f
from tests.jobs.conftest import post_fields

pytestmark = pytest.mark.django_db


@pytest.fixture
def startup_staff(veteran, bureau_x):
    startup = services.startup_confirm(startup=f.StartUpFactory(founder=veteran), reviewer=bureau_x)
    member = services.startup_staff_register(
        startup=startup, founder=veteran.user, email="hr@jingbing.cn", username="jingbing_hr"
    )
    return startup, member.user


def test_a_confirmed_startups_staff_posts_a_job_counted_against_no_agreement(
    startup_staff, bureau_x
):
    startup, hr = startup_staff
    branch = startup.enterprise.branches.get()
    post = job_post_create(author=hr, branch=branch, **post_fields())
    job_post_submit(post=post, actor=hr)
    post = job_post_approve(post=post, reviewer=bureau_x)
    assert post.status == JobPost.Status.PUBLISHED
    assert post.agreement is None
    assert JobPost.objects.published().filter(branch__enterprise__startup=startup).count() == 1


def test_a_startups_page_lists_its_open_posts(startup_staff, bureau_x, client):
    startup, hr = startup_staff
    post = job_post_create(author=hr, branch=startup.enterprise.branches.get(), **post_fields())
    job_post_submit(post=post, actor=hr)
    job_post_approve(post=post, reviewer=bureau_x)
    page = client.get(f"/startups/{startup.pk}/")
    assert post.title in page.content.decode()
