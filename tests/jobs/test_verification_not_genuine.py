"""A verification that finds a post not genuine takes it down (issue 16, item 3): its open
applicants and the enterprise are told, search no longer finds it, nobody can apply."""

import pytest
from django.core import mail
from django.urls import reverse
from rest_framework.test import APIClient

from jobs import services
from jobs.models import Application, JobPost, Verification
from jobs.search import SearchCriteria, search_posts
from portal.workflow import NotAllowed
from tests import factories as f
from tests.jobs.conftest import actions, make_application

pytestmark = pytest.mark.django_db
FINDING = {"method": "site_visit", "result": "not_genuine", "note": "现场无此岗位"}


def verify(post, user, **fields):
    return services.verification_record(post=post, bureau_user=user, **{**FINDING, **fields})


@pytest.fixture
def searchable(branch_a, hr_a):
    return f.searchable_post(branch=branch_a, title="仓库保管员")


def test_a_not_genuine_finding_takes_the_post_down(bureau_x, searchable):
    verify(searchable, bureau_x)
    searchable.refresh_from_db()
    assert searchable.status == JobPost.Status.TAKEN_DOWN
    assert searchable.decision_reason == "现场无此岗位"
    assert actions(searchable) == ["job_post.verified", "job_post.taken_down"]
    assert search_posts(SearchCriteria(text="仓库")).posts == []


def test_a_not_genuine_finding_tells_the_open_applicants_and_the_enterprise(
    bureau_x, searchable, veteran, other_veteran, hr_a, django_capture_on_commit_callbacks
):
    make_application(searchable, veteran)
    make_application(searchable, other_veteran, Application.Status.WITHDRAWN)
    with django_capture_on_commit_callbacks(execute=True):
        verify(searchable, bureau_x)
    told = {tuple(message.to): message for message in mail.outbox}
    assert set(told) == {(veteran.user.email,), (hr_a.email,)}
    assert "现场无此岗位" in told[(hr_a.email,)].body


def test_a_genuine_finding_leaves_the_post_published(bureau_x, searchable):
    verify(searchable, bureau_x, result="genuine", note="")
    searchable.refresh_from_db()
    assert searchable.status == JobPost.Status.PUBLISHED


def test_a_not_genuine_finding_without_a_note_is_refused_beside_the_note_on_the_page(
    client, bureau_x, searchable
):
    client.force_login(bureau_x)
    response = client.post(
        reverse("jobs:post_verify", args=[searchable.pk]), {**FINDING, "note": ""}
    )
    assert response.status_code == 200
    assert "note" in response.context["verification_form"].errors
    searchable.refresh_from_db()
    assert (searchable.status, Verification.objects.count()) == ("published", 0)


def test_a_not_genuine_finding_without_a_note_is_a_400_in_the_api(bureau_x, searchable):
    client = APIClient()
    client.force_login(bureau_x)
    body = {**FINDING, "note": "", "post": searchable.pk}
    response = client.post(reverse("api-verification-create"), body, format="json")
    assert response.status_code == 400
    assert "note" in str(response.json())
    assert not Verification.objects.exists()


def test_the_api_takes_a_not_genuine_post_down_like_the_page(bureau_x, searchable):
    client = APIClient()
    client.force_login(bureau_x)
    body = {**FINDING, "post": searchable.pk}
    assert client.post(reverse("api-verification-create"), body, format="json").status_code == 201
    searchable.refresh_from_db()
    assert searchable.status == JobPost.Status.TAKEN_DOWN


@pytest.mark.parametrize("persona", ["bureau_y", "ministry", "hr_a"])
def test_a_not_genuine_finding_is_refused_to_anyone_but_the_posts_bureau(
    request, persona, searchable
):
    with pytest.raises(NotAllowed):
        verify(searchable, request.getfixturevalue(persona))
    searchable.refresh_from_db()
    assert searchable.status == JobPost.Status.PUBLISHED


def test_a_veteran_cannot_apply_to_a_post_found_not_genuine(bureau_x, searchable, veteran):
    verify(searchable, bureau_x)
    client = APIClient()
    client.force_login(veteran.user)
    response = client.post(reverse("api-post-apply", args=[searchable.pk]), {}, format="json")
    assert response.status_code in (404, 409)
    assert not Application.objects.exists()
