"""The feedback pages and the API: the veteran's questions and answer, the regulators'
aggregates, the enterprise's average over enough answers; each role's refusal."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from jobs.models import Feedback
from tests import factories as f

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def asked(post, veteran):
    return f.FeedbackFactory(
        placement__application__post=post, placement__application__veteran=veteran
    )


def api(user=None) -> APIClient:
    client = APIClient(HTTP_ACCEPT_LANGUAGE="en")
    if user is not None:
        client.force_login(user)
    return client


# --- the veteran ---------------------------------------------------------------------------------


def test_feedback_form_shows_the_questions_and_records_the_answer(client, asked, veteran):
    client.force_login(veteran.user)
    url = reverse("jobs:feedback_answer", args=[asked.pk])
    page = client.get(url).content.decode()
    assert "How satisfied are you with the job?" in page
    response = client.post(url, {"score_1": "4", "score_2": "3", "comment": "同事友善"})
    assert response.url == reverse("jobs:feedback_list")
    asked.refresh_from_db()
    assert (asked.status, asked.score_1, asked.score_2, asked.comment) == (
        "answered",
        4,
        3,
        "同事友善",
    )
    assert "You answered on" in client.get(url).content.decode()


def test_feedback_form_without_ratings_says_so_and_saves_nothing(client, asked, veteran):
    client.force_login(veteran.user)
    response = client.post(reverse("jobs:feedback_answer", args=[asked.pk]), {"score_1": "9"})
    assert response.status_code == 200
    assert "Choose a rating from 1 to 5." in response.content.decode()
    asked.refresh_from_db()
    assert asked.status == "asked"


def test_feedback_answered_twice_on_the_page_keeps_the_first(client, asked, veteran):
    client.force_login(veteran.user)
    url = reverse("jobs:feedback_answer", args=[asked.pk])
    client.post(url, {"score_1": "4", "score_2": "3"})
    client.post(url, {"score_1": "1", "score_2": "1"})
    asked.refresh_from_db()
    assert (asked.score_1, asked.score_2) == (4, 3)


def test_feedback_declined_on_the_page(client, asked, veteran):
    client.force_login(veteran.user)
    client.post(reverse("jobs:feedback_decline", args=[asked.pk]))
    asked.refresh_from_db()
    assert asked.status == "declined"


def test_feedback_list_shows_the_veterans_own_only(client, asked, veteran, other_veteran):
    theirs = f.FeedbackFactory(placement__application__veteran=other_veteran)
    client.force_login(veteran.user)
    page = client.get(reverse("jobs:feedback_list")).content.decode()
    assert reverse("jobs:feedback_answer", args=[asked.pk]) in page
    assert reverse("jobs:feedback_answer", args=[theirs.pk]) not in page


@pytest.mark.parametrize(
    "persona", ["other_veteran", "hr_a", "bureau_x", "ministry"], indirect=True
)
def test_feedback_of_a_veteran_is_404_to_everyone_else(client, asked, persona):
    client.force_login(persona)
    assert client.get(reverse("jobs:feedback_answer", args=[asked.pk])).status_code == 404
    answer = {"score_1": "5", "score_2": "5"}
    assert client.post(reverse("jobs:feedback_answer", args=[asked.pk]), answer).status_code == 404
    assert client.post(reverse("jobs:feedback_decline", args=[asked.pk])).status_code == 404
    asked.refresh_from_db()
    assert asked.status == "asked"


# --- regulators and enterprises ---------------------------------------------------------------


def test_feedback_summary_shows_regulators_the_aggregate_without_names(client, post, bureau_x):
    answered = f.answered_feedback(placement__application__post=post, comment="岗位与描述一致")
    client.force_login(bureau_x)
    page = client.get(reverse("jobs:feedback_summary")).content.decode()
    assert "甲企业集团有限公司" in page and "岗位与描述一致" in page
    assert answered.veteran.full_name not in page


def test_feedback_summary_of_another_province_shows_nothing(client, post, bureau_y):
    f.answered_feedback(placement__application__post=post, comment="岗位与描述一致")
    client.force_login(bureau_y)
    page = client.get(reverse("jobs:feedback_summary"), {"by": "region"}).content.decode()
    assert "岗位与描述一致" not in page and "No answers yet." in page


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_feedback_summary_is_404_to_veterans_and_enterprises(client, persona):
    client.force_login(persona)
    assert client.get(reverse("jobs:feedback_summary")).status_code == 404


def test_feedback_enterprise_page_waits_for_the_minimum(client, post, hr_a, settings):
    settings.FEEDBACK_MIN_ANSWERS = 2
    f.answered_feedback(placement__application__post=post, score_1=5, score_2=1, comment="秘密")
    client.force_login(hr_a)
    url = reverse("jobs:feedback_enterprise")
    assert "The averages appear once 2 veterans have answered." in client.get(url).content.decode()
    f.answered_feedback(placement__application__post=post, score_1=3, score_2=1)
    page = client.get(url).content.decode()
    assert "4.0 / 5" in page and "秘密" not in page


def test_feedback_enterprise_page_is_404_to_other_roles(client, bureau_x):
    client.force_login(bureau_x)
    assert client.get(reverse("jobs:feedback_enterprise")).status_code == 404


# --- the API ------------------------------------------------------------------------------------


def test_feedback_api_lists_and_answers(asked, veteran):
    client = api(veteran.user)
    [row] = client.get("/api/v1/me/feedback/").json()["results"]
    assert row["status"] == "asked" and len(row["questions"]) == 2
    answer = {"score_1": 5, "score_2": 4, "comment": "好"}
    response = client.post(f"/api/v1/me/feedback/{asked.pk}/answer/", answer, format="json")
    assert response.status_code == 200 and response.json()["status"] == "answered"
    again = client.post(f"/api/v1/me/feedback/{asked.pk}/answer/", answer, format="json")
    assert again.status_code == 409


def test_feedback_api_refuses_a_rating_out_of_range(asked, veteran):
    response = api(veteran.user).post(
        f"/api/v1/me/feedback/{asked.pk}/answer/", {"score_1": 6, "score_2": 1}, format="json"
    )
    assert response.status_code == 400
    asked.refresh_from_db()
    assert asked.status == "asked"


def test_feedback_api_declines(asked, veteran):
    response = api(veteran.user).post(f"/api/v1/me/feedback/{asked.pk}/decline/")
    assert response.json()["status"] == "declined"


def test_feedback_api_of_another_veteran_is_404(asked, other_veteran):
    client = api(other_veteran.user)
    assert client.post(f"/api/v1/me/feedback/{asked.pk}/decline/").status_code == 404
    assert Feedback.objects.get().status == "asked"


@pytest.mark.parametrize("persona", ["hr_a", "bureau_x", "ministry"], indirect=True)
def test_feedback_api_of_veterans_is_403_to_other_roles(asked, persona):
    client = api(persona)
    assert client.get("/api/v1/me/feedback/").status_code == 403
    answer = {"score_1": 5, "score_2": 5}
    response = client.post(f"/api/v1/me/feedback/{asked.pk}/answer/", answer, format="json")
    assert response.status_code == 403
    assert Feedback.objects.get().status == "asked"


def test_feedback_api_aggregates_for_regulators(post, ministry, bureau_y):
    f.answered_feedback(placement__application__post=post, score_1=2, score_2=4)
    [row] = api(ministry).get("/api/v1/feedback/aggregates/", {"by": "enterprise"}).json()
    assert (row["answers"], row["score_1"], row["score_2"]) == (1, 2.0, 4.0)
    assert api(bureau_y).get("/api/v1/feedback/aggregates/").json() == []
    assert api(ministry).get("/api/v1/feedback/aggregates/", {"by": "veteran"}).status_code == 400


@pytest.mark.parametrize("persona", ["veteran", "hr_a"], indirect=True)
def test_feedback_api_aggregates_are_403_to_veterans_and_enterprises(persona):
    assert api(persona).get("/api/v1/feedback/aggregates/").status_code == 403


def test_feedback_api_enterprise_average_is_null_below_the_minimum(post, hr_a, settings):
    settings.FEEDBACK_MIN_ANSWERS = 2
    f.answered_feedback(placement__application__post=post)
    body = api(hr_a).get("/api/v1/feedback/enterprise/").json()
    assert body == {"answers": 1, "minimum": 2, "score_1": None, "score_2": None}


def test_feedback_list_costs_the_same_for_one_question_or_five(client, veteran, branch_a):
    def ask():  # a placement at another post each time
        post = f.JobPostFactory(branch=branch_a)
        f.FeedbackFactory(
            placement__application__post=post, placement__application__veteran=veteran
        )

    ask()
    client.force_login(veteran.user)
    # The session's first page looks up the veteran's service station for the footer once.
    client.get(reverse("jobs:feedback_list"))

    def cost(url):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    one = (cost(reverse("jobs:feedback_list")), cost("/api/v1/me/feedback/"))
    for _ in range(4):
        ask()
    assert (cost(reverse("jobs:feedback_list")), cost("/api/v1/me/feedback/")) == one
