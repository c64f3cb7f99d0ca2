"""The page (and API) where enterprise staff read a post's best candidates of the current
run: only their own posts, only veterans who consented to be found, masked personal data,
the reasons from the stored factor values, pagination and an empty state that says why."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from jobs.models import JobPost, MatchingRun, PostCandidate
from tests import factories as f
from veterans.models import Consent

pytestmark = pytest.mark.django_db
PHONE = "13812345678"


@pytest.fixture
def post(branch_a):
    started = timezone.now() - datetime.timedelta(days=1)
    return f.JobPostFactory(branch=branch_a, published_at=started - datetime.timedelta(days=1))


@pytest.fixture
def run(db):
    started = timezone.now() - datetime.timedelta(hours=20)
    return MatchingRun.objects.create(status="done", is_current=True, started_at=started)


def _candidate(run, post, *, score=0.8, consent=True, **fields) -> PostCandidate:
    veteran = f.VeteranProfileFactory(phone=PHONE, education=4)
    if consent:
        f.ConsentFactory(user=veteran.user, purpose=Consent.Purpose.DISCOVERABLE)
    values = {"skill_fit": 1.0, "skills_required": 2, "skills_matched": 2, "location_fit": 1.0}
    return PostCandidate.objects.create(
        run=run, post=post, veteran=veteran, score=score, **{**values, **fields}
    )


def _url(post) -> str:
    return reverse("jobs:enterprise_post_candidates", args=[post.pk])


def _page(client, user, post, **params) -> str:
    client.force_login(user)
    response = client.get(_url(post), params, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def test_staff_see_the_candidates_best_first_with_the_reasons(client, hr_a, post, run):
    low = _candidate(run, post, score=0.41)
    high = _candidate(run, post, score=0.93)
    body = _page(client, hr_a, post)
    assert body.index(high.veteran.masked_resident_id) < body.index(low.veteran.masked_resident_id)
    assert "Has 2 of the 2 required skills" in body
    assert "Lives in or wants to work in this city" in body
    assert high.veteran.masked_resident_id in body and low.veteran.masked_resident_id in body


def test_personal_data_is_masked(client, hr_a, post, run):
    veteran = _candidate(run, post).veteran
    body = _page(client, hr_a, post)
    assert veteran.resident_id not in body and PHONE not in body
    assert "138****5678" in body
    assert veteran.full_name not in body and f"{veteran.full_name[0]}*" in body


def test_a_veteran_without_a_live_consent_is_not_shown(client, hr_a, post, run):
    hidden = _candidate(run, post, consent=False)
    withdrawn = _candidate(run, post)
    withdrawn.veteran.user.consents.update(withdrawn_at=timezone.now())
    body = _page(client, hr_a, post)
    assert hidden.veteran.masked_resident_id not in body
    assert withdrawn.veteran.masked_resident_id not in body
    assert "No veteran who agreed to be found" in body


def test_only_the_current_runs_candidates_are_shown(client, hr_a, post, run):
    run.is_current = False
    run.save()
    MatchingRun.objects.create(status="done", is_current=True)
    old = _candidate(run, post)
    assert old.veteran.masked_resident_id not in _page(client, hr_a, post)


def test_the_list_is_paginated(client, hr_a, post, run):
    for n in range(25):
        _candidate(run, post, score=0.5 + n / 100)
    first, second = _page(client, hr_a, post), _page(client, hr_a, post, page=2)
    assert first.count("job-card__title") == 20 and second.count("job-card__title") == 5


def test_before_the_first_run_the_page_says_so(client, hr_a, post):
    assert "has not run yet" in _page(client, hr_a, post)


def test_a_post_published_after_the_run_waits_for_the_next_one(client, hr_a, post, run):
    post.published_at = timezone.now()
    post.save()
    assert "published after the last matching run" in _page(client, hr_a, post)


def test_a_post_that_is_not_published_has_no_candidates(client, hr_a, branch_a, run):
    draft = f.JobPostFactory(branch=branch_a, status=JobPost.Status.DRAFT, published_at=None)
    assert "only for published posts" in _page(client, hr_a, draft)


def test_staff_of_another_enterprise_get_404(client, hr_b, post, run):
    _candidate(run, post)
    client.force_login(hr_b)
    assert client.get(_url(post)).status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "ministry"])
def test_other_roles_are_refused(client, persona, request, post, run):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(_url(post)).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, post):
    response = client.get(_url(post))
    assert response.status_code == 302 and reverse("accounts:login") in response.url


def test_the_post_pages_link_to_the_candidates(client, hr_a, post):
    client.force_login(hr_a)
    pages = [
        reverse("jobs:enterprise_post_list"),
        reverse("jobs:enterprise_post_edit", args=[post.pk]),
    ]
    for page in pages:
        assert _url(post) in client.get(page).content.decode()
    pipeline = client.get(reverse("jobs:pipeline"), {"post": post.pk}).content.decode()
    assert _url(post) in pipeline


def test_the_page_runs_a_constant_number_of_queries(
    client, hr_a, post, run, django_assert_max_num_queries
):
    for _ in range(20):
        veteran = _candidate(run, post, occupation_fit=0.5, industry_fit=1.0).veteran
        veteran.skill_links.create(skill=f.SkillFactory())
        veteran.preferred_industries.add(post.industry)
    client.force_login(hr_a)
    # 11, and the invitations (#18): those of the page's candidates, today's count, and
    # whether the post is open to them.
    with django_assert_max_num_queries(14):
        assert client.get(_url(post)).status_code == 200


# --- the API -------------------------------------------------------------------------------


def _api_url(post) -> str:
    return reverse("api-post-candidates", args=[post.pk])


def test_the_api_gives_the_same_rows_with_factors_reasons_and_masked_data(client, hr_a, post, run):
    candidate = _candidate(run, post, score=0.77)
    client.force_login(hr_a)
    response = client.get(_api_url(post), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    [row] = response.json()["results"]
    assert row["score"] == 0.77 and row["skill_fit"] == 1.0
    assert "Has 2 of the 2 required skills" in row["reasons"]
    assert row["veteran"]["resident_id"] == candidate.veteran.masked_resident_id
    assert row["veteran"]["phone"] == "138****5678"
    assert candidate.veteran.full_name not in response.content.decode()


def test_the_api_answers_404_for_another_enterprises_post(client, hr_b, post, run):
    client.force_login(hr_b)
    assert client.get(_api_url(post)).status_code == 404


@pytest.mark.parametrize("persona", ["veteran", "bureau_x", "ministry"])
def test_the_api_refuses_other_roles(client, persona, request, post):
    user = request.getfixturevalue(persona)
    client.force_login(getattr(user, "user", user))
    assert client.get(_api_url(post)).status_code == 403


def test_the_api_runs_a_constant_number_of_queries(
    client, hr_a, post, run, django_assert_max_num_queries
):
    for _ in range(20):
        _candidate(run, post)
    client.force_login(hr_a)
    with django_assert_max_num_queries(8):
        assert client.get(_api_url(post)).status_code == 200
