"""Bulk approval and rejection of pending posts (portal.review.bulk_decision_view and
bulk_decision_api): each post through job_post_approve / job_post_reject, one audit event
each, out-of-scope posts refusing the whole selection, on the page and in the API."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.models import JobPost
from jobs.reviews import POST_REVIEW
from portal.accounts.models import OutgoingEmail
from portal.review import decide_many
from tests import factories as f
from tests.jobs.conftest import actions, make_post
from tests.workflow import status_of

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def pending_posts(branch_a, hr_a):
    return [make_post(branch_a, JobPost.Status.PENDING) for _ in range(3)]


@pytest.fixture
def foreign_pending_post(db):
    """A pending post of city Y, bureau_y's to decide."""
    branch = f.BranchFactory(region=f.region(f.CITY_Y))
    return make_post(branch, JobPost.Status.PENDING)


@pytest.fixture
def api_client():
    def make(user) -> APIClient:
        client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
        client.force_login(user)
        return client

    return make


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_bulk_approve_publishes_each_post_with_one_audit_event_each(
    client, bureau_x, pending_posts
):
    client.force_login(bureau_x)
    ids = [post.pk for post in pending_posts]
    response = client.post(reverse("jobs:post_bulk_approve"), {"ids": ids, "reason": "核实无误"})
    assert response.status_code == 302
    for post in pending_posts:
        assert status_of(post) == JobPost.Status.PUBLISHED
        assert actions(post) == ["job_post.approved"]
    assert any("3 items done" in text for text in messages_of(response))


def test_bulk_reject_sends_every_post_back_with_the_one_reason(client, bureau_x, pending_posts):
    client.force_login(bureau_x)
    ids = [post.pk for post in pending_posts[:2]]
    client.post(reverse("jobs:post_bulk_reject"), {"ids": ids, "reason": "薪资信息不完整"})
    for post in pending_posts[:2]:
        post.refresh_from_db()
        assert (post.status, post.decision_reason) == ("rejected", "薪资信息不完整")
        assert actions(post) == ["job_post.rejected"]
    assert status_of(pending_posts[2]) == JobPost.Status.PENDING
    # One notice per post, as a single rejection sends.
    assert OutgoingEmail.objects.filter(subject__contains=pending_posts[0].title).count() == 2


def test_bulk_reject_without_a_reason_decides_nothing(client, bureau_x, pending_posts):
    client.force_login(bureau_x)
    ids = [post.pk for post in pending_posts]
    response = client.post(reverse("jobs:post_bulk_reject"), {"ids": ids, "reason": "  "})
    assert all(status_of(post) == JobPost.Status.PENDING for post in pending_posts)
    assert "Give a reason for this decision." in messages_of(response)


def test_bulk_approve_refuses_a_selection_with_a_post_outside_the_region(
    client, bureau_x, pending_posts, foreign_pending_post
):
    client.force_login(bureau_x)
    ids = [pending_posts[0].pk, foreign_pending_post.pk]
    response = client.post(reverse("jobs:post_bulk_approve"), {"ids": ids})
    assert status_of(pending_posts[0]) == JobPost.Status.PENDING
    assert status_of(foreign_pending_post) == JobPost.Status.PENDING
    assert "One of the ticked items is not in your scope any more." in messages_of(response)


def test_bulk_approve_leaves_a_post_decided_meanwhile_and_decides_the_others(
    bureau_x, pending_posts
):
    first = pending_posts[0]
    first.status = JobPost.Status.REJECTED
    first.decision_reason = "已被同事退回"
    first.save()
    outcome = decide_many(POST_REVIEW, "approve", pending_posts, bureau_x, {"note": ""})
    assert [post.pk for post in outcome.decided] == [p.pk for p in pending_posts[1:]]
    assert [r["object"].pk for r in outcome.refused] == [first.pk]
    assert status_of(first) == JobPost.Status.REJECTED


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_bulk_approve_is_refused_to_everyone_but_bureaus(client, persona, pending_posts):
    client.force_login(persona)
    response = client.post(
        reverse("jobs:post_bulk_approve"), {"ids": [p.pk for p in pending_posts]}
    )
    assert response.status_code == 404
    assert all(status_of(post) == JobPost.Status.PENDING for post in pending_posts)


def test_bulk_approve_by_the_other_province_refuses_the_selection(client, bureau_y, pending_posts):
    client.force_login(bureau_y)
    client.post(reverse("jobs:post_bulk_approve"), {"ids": [p.pk for p in pending_posts]})
    assert all(status_of(post) == JobPost.Status.PENDING for post in pending_posts)


def test_bulk_approval_is_a_get_free_post_only_route(client, bureau_x):
    client.force_login(bureau_x)
    assert client.get(reverse("jobs:post_bulk_approve")).status_code == 405


def test_the_queue_offers_the_bulk_decisions_and_a_box_a_post(client, bureau_x, pending_posts):
    client.force_login(bureau_x)
    page = client.get(reverse("jobs:post_review_queue")).content.decode()
    assert reverse("jobs:post_bulk_approve") in page and reverse("jobs:post_bulk_reject") in page
    assert page.count('name="ids"') == 3


# --- the API -------------------------------------------------------------------------------


def test_bulk_approve_api_answers_what_was_decided(api_client, bureau_x, pending_posts):
    client = api_client(bureau_x)
    ids = [post.pk for post in pending_posts]
    answer = client.post("/api/v1/posts/bulk/approve/", {"ids": ids}, format="json")
    assert answer.status_code == 200, answer.content
    assert answer.json() == {"decided": sorted(ids), "refused": []}
    assert all(actions(post) == ["job_post.approved"] for post in pending_posts)


def test_bulk_reject_api_needs_the_reason(api_client, bureau_x, pending_posts):
    client = api_client(bureau_x)
    answer = client.post(
        "/api/v1/posts/bulk/reject/", {"ids": [pending_posts[0].pk]}, format="json"
    )
    assert answer.status_code == 400
    assert status_of(pending_posts[0]) == JobPost.Status.PENDING


def test_bulk_reject_api_lists_a_refusal_by_id(api_client, bureau_x, pending_posts):
    decided = pending_posts[0]
    decided.status, decided.decision_reason = JobPost.Status.REJECTED, "先前已退回"
    decided.save()
    answer = api_client(bureau_x).post(
        "/api/v1/posts/bulk/reject/",
        {"ids": [p.pk for p in pending_posts], "reason": "岗位描述不清"},
        format="json",
    )
    body = answer.json()
    assert body["decided"] == [p.pk for p in pending_posts[1:]]
    assert [r["id"] for r in body["refused"]] == [decided.pk]
    assert body["refused"][0]["code"] == "InvalidTransition"


def test_bulk_approve_api_refuses_an_id_outside_the_region_and_decides_nothing(
    api_client, bureau_x, pending_posts, foreign_pending_post
):
    answer = api_client(bureau_x).post(
        "/api/v1/posts/bulk/approve/",
        {"ids": [pending_posts[0].pk, foreign_pending_post.pk]},
        format="json",
    )
    assert answer.status_code == 400
    assert "ids" in {e["field"] for e in answer.json()["errors"]}
    assert status_of(pending_posts[0]) == JobPost.Status.PENDING


@pytest.mark.parametrize("persona", ["veteran", "hr_a", "ministry"], indirect=True)
def test_bulk_approve_api_is_refused_to_everyone_but_bureaus(api_client, persona, pending_posts):
    answer = api_client(persona).post(
        "/api/v1/posts/bulk/approve/", {"ids": [pending_posts[0].pk]}, format="json"
    )
    assert answer.status_code == 403
    assert status_of(pending_posts[0]) == JobPost.Status.PENDING
